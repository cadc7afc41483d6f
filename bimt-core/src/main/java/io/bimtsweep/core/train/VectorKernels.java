package io.bimtsweep.core.train;

import io.bimtsweep.core.model.Exp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernels} on the JDK's Vector API. Lanes hold different output elements (different
 * neurons, or different weights), each accumulated in {@link ScalarKernels}' order by the same
 * fused multiply-adds ({@code fma} lane by lane is {@link Math#fma}), so any species gives the
 * scalar loops' bits; the widths differ only in speed. Eight independent sums share
 * each pass where the shape allows (four rows times two vectors of outputs or inputs; in the
 * weight gradient, four inputs times two vectors of outputs), so that the loads are shared and
 * the adder's latency is hidden. A width of exactly five vectors (the presets' 20 at 256 bits)
 * has its own kernels with ten sums per pass ({@link #forwardFive} and the like).
 *
 * <p>HotSpot issues vector operations in program order and does not unroll these loops, so
 * independent work is interleaved by hand where a benchmark showed latency to be the limit (the
 * exponential, two vectors at a time), and only methods small enough to be always inlined
 * ({@code mulAdd}, under 35 bytes) take or return a vector ({@link #expInto} says why).
 *
 * <p>One species per JVM, in a static final field: HotSpot compiles vectors to machine
 * instructions only when the species is a constant where they are used (an instance field made
 * every operation ten times slower than the scalar loops). {@code -Dbimt.kernels=vector128} etc.
 * picks it at start-up; the default is {@link #defaultSpecies()}.
 */
final class VectorKernels implements DenseKernels {
  static final VectorSpecies<Double> S = speciesFromProperty();
  /**
   * {@link Exp}'s constants as vectors, made once rather than broadcast in every pass of
   * {@link #expInto}.
   */
  private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
  private static final DoubleVector LN2_HI = DoubleVector.broadcast(S, Exp.LN2_HI);
  private static final DoubleVector LN2_LO = DoubleVector.broadcast(S, Exp.LN2_LO);
  private static final DoubleVector C2 = DoubleVector.broadcast(S, Exp.C2);
  private static final DoubleVector C3 = DoubleVector.broadcast(S, Exp.C3);
  private static final DoubleVector C4 = DoubleVector.broadcast(S, Exp.C4);
  private static final DoubleVector C5 = DoubleVector.broadcast(S, Exp.C5);
  private static final DoubleVector C6 = DoubleVector.broadcast(S, Exp.C6);
  private static final DoubleVector C7 = DoubleVector.broadcast(S, Exp.C7);
  private static final DoubleVector C8 = DoubleVector.broadcast(S, Exp.C8);
  private static final DoubleVector C9 = DoubleVector.broadcast(S, Exp.C9);
  private static final DoubleVector C10 = DoubleVector.broadcast(S, Exp.C10);
  private static final DoubleVector C11 = DoubleVector.broadcast(S, Exp.C11);
  private static final DoubleVector C12 = DoubleVector.broadcast(S, Exp.C12);
  private static final DoubleVector C13 = DoubleVector.broadcast(S, Exp.C13);
  static final VectorKernels INSTANCE = new VectorKernels();

  private VectorKernels() {}

  /**
   * The default: the machine's widest vector. Until 2026-12-02 it stopped at 256 bits: eight lanes
   * leave a 20-wide row 8 + 8 + 4, and these kernels did the last four one output at a time
   * (independence 0.91 s against 0.77 s at 256 bits, on an AVX-512 EPYC). {@link WideKernels} pads
   * rows to whole vectors instead, and takes every product at eight lanes ({@link #wide}); 512
   * bits then ran independence as fast as 256 did (0.45 s both, 2026-12-02) and modular addition's
   * products 1.6-2x faster than OpenBLAS. One width for both classes: with a 256-bit species here
   * and a 512-bit one in WideKernels, HotSpot stopped compiling the vectors of both (modular
   * addition 12.6 ms per step against 4.1). {@code -Dbimt.kernels=vector256} still picks 256.
   */
  static VectorSpecies<Double> defaultSpecies() {
    return DoubleVector.SPECIES_PREFERRED;
  }

  /** "vector" ({@link #defaultSpecies()}) or "vector" + 64/128/256/512, whether or not the machine has it in hardware. */
  static VectorSpecies<Double> species(String name) {
    String bits = name.trim().toLowerCase(java.util.Locale.ROOT);
    bits = bits.startsWith("vector") ? bits.substring("vector".length()) : "";
    return switch (bits) {
      case "64" -> DoubleVector.SPECIES_64;
      case "128" -> DoubleVector.SPECIES_128;
      case "256" -> DoubleVector.SPECIES_256;
      case "512" -> DoubleVector.SPECIES_512;
      case "" -> defaultSpecies();
      default -> throw new IllegalArgumentException("no double vector of " + bits + " bits (64, 128, 256 or 512)");
    };
  }

  /** -Dbimt.kernels's width; a wrong one is reported by {@link Kernels}, and the default is used. */
  private static VectorSpecies<Double> speciesFromProperty() {
    try {
      return species(System.getProperty("bimt.kernels", "vector"));
    } catch (IllegalArgumentException e) {
      return defaultSpecies();
    }
  }

  /**
   * Whether {@link WideKernels} computes a product: from the BLAS threshold up, and at every size
   * where a vector holds eight doubles or more, whose padded rows leave no output to a scalar chain
   * (these kernels leave a 20-wide row's last four to one: independence took 0.69 s here against
   * 0.45 s, 2026-12-02). Where it cannot (a gradient with a zero in dz), these kernels do.
   */
  private static boolean wide(int batch, int nIn, int nOut) {
    return S.length() >= 8 || (long) batch * nIn * nOut >= Dense.BLAS_THRESHOLD;
  }

  private static final ThreadLocal<double[]> TRANSPOSED = ThreadLocal.withInitial(() -> new double[0]);

  @Override
  public String name() {
    return "vector" + S.vectorBitSize();
  }

  @Override
  public void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    if (wide(batch, nIn, nOut)) {
      WideKernels.forward(batch, nIn, nOut, x, p, wOff, bOff, z);
      return;
    }
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int vecEnd = nOut - nOut % lanes;
    // w transposed to [in][out]: a row then holds one input's weight into consecutive outputs
    double[] wT = TRANSPOSED.get();
    if (wT.length < nIn * nOut) {
      wT = new double[nIn * nOut];
      TRANSPOSED.set(wT);
    }
    for (int o = 0; o < vecEnd; o++) { // the tail reads w directly
      int wo = wOff + o * nIn;
      for (int i = 0; i < nIn; i++) {
        wT[i * nOut + o] = p[wo + i];
      }
    }
    int b = 0;
    if (nOut == 5 * lanes) {
      for (; b + 2 <= batch; b += 2) {
        forwardFive(nIn, nOut, x, b * nIn, wT, p, bOff, z, b * nOut);
      }
    }
    for (; b + 4 <= batch; b += 4) {
      int x0 = b * nIn;
      int x1 = x0 + nIn;
      int x2 = x1 + nIn;
      int x3 = x2 + nIn;
      int z0 = b * nOut;
      int o = 0;
      for (; o + 2 * lanes <= vecEnd; o += 2 * lanes) { // eight sums share each load of w and x
        DoubleVector a0 = DoubleVector.zero(s);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector c2 = a0;
        DoubleVector c3 = a0;
        for (int i = 0; i < nIn; i++) {
          DoubleVector w = DoubleVector.fromArray(s, wT, i * nOut + o);
          DoubleVector v = DoubleVector.fromArray(s, wT, i * nOut + o + lanes);
          double y0 = x[x0 + i];
          double y1 = x[x1 + i];
          double y2 = x[x2 + i];
          double y3 = x[x3 + i];
          a0 = mulAdd(w, y0, a0);
          a1 = mulAdd(w, y1, a1);
          a2 = mulAdd(w, y2, a2);
          a3 = mulAdd(w, y3, a3);
          c0 = mulAdd(v, y0, c0);
          c1 = mulAdd(v, y1, c1);
          c2 = mulAdd(v, y2, c2);
          c3 = mulAdd(v, y3, c3);
        }
        DoubleVector bias = DoubleVector.fromArray(s, p, bOff + o);
        bias.add(a0).intoArray(z, z0 + o);
        bias.add(a1).intoArray(z, z0 + nOut + o);
        bias.add(a2).intoArray(z, z0 + 2 * nOut + o);
        bias.add(a3).intoArray(z, z0 + 3 * nOut + o);
        DoubleVector bias2 = DoubleVector.fromArray(s, p, bOff + o + lanes);
        bias2.add(c0).intoArray(z, z0 + o + lanes);
        bias2.add(c1).intoArray(z, z0 + nOut + o + lanes);
        bias2.add(c2).intoArray(z, z0 + 2 * nOut + o + lanes);
        bias2.add(c3).intoArray(z, z0 + 3 * nOut + o + lanes);
      }
      for (; o < vecEnd; o += lanes) {
        DoubleVector a0 = DoubleVector.zero(s);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int i = 0; i < nIn; i++) {
          DoubleVector w = DoubleVector.fromArray(s, wT, i * nOut + o);
          a0 = mulAdd(w, x[x0 + i], a0);
          a1 = mulAdd(w, x[x1 + i], a1);
          a2 = mulAdd(w, x[x2 + i], a2);
          a3 = mulAdd(w, x[x3 + i], a3);
        }
        DoubleVector bias = DoubleVector.fromArray(s, p, bOff + o);
        bias.add(a0).intoArray(z, z0 + o);
        bias.add(a1).intoArray(z, z0 + nOut + o);
        bias.add(a2).intoArray(z, z0 + 2 * nOut + o);
        bias.add(a3).intoArray(z, z0 + 3 * nOut + o);
      }
      forwardTail4(vecEnd, nIn, nOut, x, x0, p, wOff, bOff, z, z0);
    }
    for (; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < vecEnd; o += lanes) {
        DoubleVector a = DoubleVector.zero(s);
        for (int i = 0; i < nIn; i++) {
          a = mulAdd(DoubleVector.fromArray(s, wT, i * nOut + o), x[xo + i], a);
        }
        DoubleVector.fromArray(s, p, bOff + o).add(a).intoArray(z, zo + o);
      }
      forwardTail(vecEnd, nIn, nOut, x, xo, p, wOff, bOff, z, zo);
    }
  }

  /**
   * Two rows of a layer exactly five vectors wide (the presets' 20 outputs at 256 bits): ten
   * independent sums share each pass over the inputs, five loads of w and two of x, and no
   * output is left to a half-filled block. Against four rows times two vectors then four rows
   * times one, whose last block is four dependent chains: 1.3-1.5x faster at 100 x 20>20 and
   * about 2x at 100 x 4>20 in a microbenchmark. Each sum is the scalar loops', in their order.
   */
  private static void forwardFive(int nIn, int nOut, double[] x, int x0, double[] wT, double[] p, int bOff,
      double[] z, int z0) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int x1 = x0 + nIn;
    DoubleVector a0 = DoubleVector.zero(s);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector c0 = a0;
    DoubleVector c1 = a0;
    DoubleVector c2 = a0;
    DoubleVector c3 = a0;
    DoubleVector c4 = a0;
    for (int i = 0; i < nIn; i++) {
      int r = i * nOut;
      DoubleVector w0 = DoubleVector.fromArray(s, wT, r);
      DoubleVector w1 = DoubleVector.fromArray(s, wT, r + lanes);
      DoubleVector w2 = DoubleVector.fromArray(s, wT, r + 2 * lanes);
      DoubleVector w3 = DoubleVector.fromArray(s, wT, r + 3 * lanes);
      DoubleVector w4 = DoubleVector.fromArray(s, wT, r + 4 * lanes);
      double y0 = x[x0 + i];
      double y1 = x[x1 + i];
      a0 = mulAdd(w0, y0, a0);
      a1 = mulAdd(w1, y0, a1);
      a2 = mulAdd(w2, y0, a2);
      a3 = mulAdd(w3, y0, a3);
      a4 = mulAdd(w4, y0, a4);
      c0 = mulAdd(w0, y1, c0);
      c1 = mulAdd(w1, y1, c1);
      c2 = mulAdd(w2, y1, c2);
      c3 = mulAdd(w3, y1, c3);
      c4 = mulAdd(w4, y1, c4);
    }
    int z1 = z0 + nOut;
    DoubleVector b0 = DoubleVector.fromArray(s, p, bOff);
    DoubleVector b1 = DoubleVector.fromArray(s, p, bOff + lanes);
    DoubleVector b2 = DoubleVector.fromArray(s, p, bOff + 2 * lanes);
    DoubleVector b3 = DoubleVector.fromArray(s, p, bOff + 3 * lanes);
    DoubleVector b4 = DoubleVector.fromArray(s, p, bOff + 4 * lanes);
    b0.add(a0).intoArray(z, z0);
    b1.add(a1).intoArray(z, z0 + lanes);
    b2.add(a2).intoArray(z, z0 + 2 * lanes);
    b3.add(a3).intoArray(z, z0 + 3 * lanes);
    b4.add(a4).intoArray(z, z0 + 4 * lanes);
    b0.add(c0).intoArray(z, z1);
    b1.add(c1).intoArray(z, z1 + lanes);
    b2.add(c2).intoArray(z, z1 + 2 * lanes);
    b3.add(c3).intoArray(z, z1 + 3 * lanes);
    b4.add(c4).intoArray(z, z1 + 4 * lanes);
  }

  /**
   * Four rows' outputs past the last whole vector, reading w in its own [out][in] order: four
   * independent sums (one per row) share each weight, so the adder is not kept waiting on one
   * sum's previous addition. Each sum is still the scalar loops' sum, in their order. At width 20
   * four doubles leave no remainder, but an output layer narrower than a vector (the presets' 2
   * outputs) is all remainder.
   */
  private static void forwardTail4(int from, int nIn, int nOut, double[] x, int x0, double[] p, int wOff, int bOff,
      double[] z, int z0) {
    int x1 = x0 + nIn;
    int x2 = x1 + nIn;
    int x3 = x2 + nIn;
    for (int o = from; o < nOut; o++) {
      int wo = wOff + o * nIn;
      double a0 = 0;
      double a1 = 0;
      double a2 = 0;
      double a3 = 0;
      for (int i = 0; i < nIn; i++) {
        double w = p[wo + i];
        a0 = Math.fma(x[x0 + i], w, a0);
        a1 = Math.fma(x[x1 + i], w, a1);
        a2 = Math.fma(x[x2 + i], w, a2);
        a3 = Math.fma(x[x3 + i], w, a3);
      }
      double bias = p[bOff + o];
      z[z0 + o] = bias + a0;
      z[z0 + nOut + o] = bias + a1;
      z[z0 + 2 * nOut + o] = bias + a2;
      z[z0 + 3 * nOut + o] = bias + a3;
    }
  }

  /** The outputs past the last whole vector, one at a time, reading w in its own [out][in] order. */
  private static void forwardTail(int from, int nIn, int nOut, double[] x, int xo, double[] p, int wOff, int bOff,
      double[] z, int zo) {
    for (int o = from; o < nOut; o++) {
      int wo = wOff + o * nIn;
      double a = 0;
      for (int i = 0; i < nIn; i++) {
        a = Math.fma(x[xo + i], p[wo + i], a);
      }
      z[zo + o] = p[bOff + o] + a;
    }
  }

  /** Per thread: the rows (or outputs) whose gradient is not zero, and their values. */
  private static final ThreadLocal<Nonzero> NONZERO = ThreadLocal.withInitial(Nonzero::new);

  private static final class Nonzero {
    int[] at = new int[0];
    double[] value = new double[0];
    private int[] identity = new int[0];

    /** 0, 1, ..., n - 1. */
    int[] identity(int n) {
      if (identity.length < n) {
        identity = new int[n];
        for (int i = 0; i < n; i++) {
          identity[i] = i;
        }
      }
      return identity;
    }

    /**
     * Whether any of the first n entries is zero (with SiLU, almost never: then nothing is gathered).
     * Four vectors' comparisons per test: the scalar loop took 6% of independence's step.
     */
    static boolean anyZero(double[] a, int n) {
      int lanes = S.length();
      int block = 4 * lanes;
      int blockEnd = n - n % block;
      int i = 0;
      for (; i < blockEnd; i += block) {
        if (DoubleVector.fromArray(S, a, i).compare(VectorOperators.EQ, 0.0)
            .or(DoubleVector.fromArray(S, a, i + lanes).compare(VectorOperators.EQ, 0.0))
            .or(DoubleVector.fromArray(S, a, i + 2 * lanes).compare(VectorOperators.EQ, 0.0))
            .or(DoubleVector.fromArray(S, a, i + 3 * lanes).compare(VectorOperators.EQ, 0.0)).anyTrue()) {
          return true;
        }
      }
      for (; i < n; i++) {
        if (a[i] == 0) {
          return true;
        }
      }
      return false;
    }

    /** Gathers the non-zero entries among dz[start + k * stride], k < n; returns how many. */
    int gather(double[] dz, int start, int stride, int n) {
      if (at.length < n) {
        at = new int[n];
        value = new double[n];
      }
      int m = 0;
      for (int k = 0; k < n; k++) {
        double d = dz[start + k * stride];
        if (d != 0) {
          at[m] = k;
          value[m] = d;
          m++;
        }
      }
      return m;
    }
  }

  @Override
  public void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff) {
    if (wide(batch, nIn, nOut) && !Nonzero.anyZero(dz, batch * nOut)) {
      biasGradient(batch, nOut, dz, g, bOff);
      WideKernels.weightGradient(batch, nIn, nOut, x, dz, g, wOff);
      return;
    }
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int outEnd = nOut - nOut % lanes;
    biasGradient(batch, nOut, dz, g, bOff);
    int block = 4 * lanes;
    int blockEnd = nIn - nIn % block;
    int vecEnd = nIn - nIn % lanes;
    Nonzero nz = NONZERO.get();
    boolean zeros = Nonzero.anyZero(dz, batch * nOut);
    int byOutputsEnd = 0; // outputs whose every weight weightByOutputs did
    if (!zeros) {
      byOutputsEnd = outEnd;
      weightByOutputs(batch, nIn, nOut, outEnd, x, dz, g, wOff);
      weightTiles(batch, nIn, nOut, vecEnd / lanes, outEnd, x, dz, g, wOff);
    }
    for (int o = 0; o < nOut; o++) {
      // the rows with dz[b][o] != 0, in order (all rows when none is zero): zero terms are skipped, branch-free below
      int m = zeros ? nz.gather(dz, o, nOut, batch) : batch;
      int[] rows = zeros ? nz.at : nz.identity(batch);
      double[] ds = zeros ? nz.value : dz;
      int d0 = zeros ? 0 : o;
      int step = zeros ? 1 : nOut;
      int wo = wOff + o * nIn;
      int i = zeros ? 0 : o < byOutputsEnd ? nIn : vecEnd; // without zeros, the tiles did the vectors
      for (; i < blockEnd; i += block) {
        DoubleVector a0 = DoubleVector.fromArray(s, g, wo + i);
        DoubleVector a1 = DoubleVector.fromArray(s, g, wo + i + lanes);
        DoubleVector a2 = DoubleVector.fromArray(s, g, wo + i + 2 * lanes);
        DoubleVector a3 = DoubleVector.fromArray(s, g, wo + i + 3 * lanes);
        for (int k = 0; k < m; k++) {
          double d = ds[d0 + k * step];
          int xo = rows[k] * nIn + i;
          a0 = mulAdd(DoubleVector.fromArray(s, x, xo), d, a0);
          a1 = mulAdd(DoubleVector.fromArray(s, x, xo + lanes), d, a1);
          a2 = mulAdd(DoubleVector.fromArray(s, x, xo + 2 * lanes), d, a2);
          a3 = mulAdd(DoubleVector.fromArray(s, x, xo + 3 * lanes), d, a3);
        }
        a0.intoArray(g, wo + i);
        a1.intoArray(g, wo + i + lanes);
        a2.intoArray(g, wo + i + 2 * lanes);
        a3.intoArray(g, wo + i + 3 * lanes);
      }
      for (; i < vecEnd; i += lanes) {
        DoubleVector a = DoubleVector.fromArray(s, g, wo + i);
        for (int k = 0; k < m; k++) {
          a = mulAdd(DoubleVector.fromArray(s, x, rows[k] * nIn + i), ds[d0 + k * step], a);
        }
        a.intoArray(g, wo + i);
      }
      for (; i < nIn; i++) {
        double a = g[wo + i];
        for (int k = 0; k < m; k++) {
          a = Math.fma(ds[d0 + k * step], x[rows[k] * nIn + i], a);
        }
        g[wo + i] = a;
      }
    }
  }

  private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[8 * S.length()]);

  /**
   * The weight gradient of outputs [0, outEnd) when no dz is zero, with lanes across outputs: a
   * row of dz holds consecutive outputs, so two loads and four broadcasts of x feed eight
   * independent sums (two vectors of outputs times four inputs). Each (output, input) sum still
   * starts from g and adds dz * x over the rows in order, so the bits are the scalar loops'.
   * Measured against lanes across inputs (weightTiles), which loads x for every tile and leaves
   * the inputs past the last whole vector to one dependent chain each: 2-4x faster at the presets'
   * shapes (2 or 4 inputs into 20) and 2x at 100 x 100>100 ({@code bimt bench --kernels}).
   */
  private static void weightByOutputs(int batch, int nIn, int nOut, int outEnd, double[] x, double[] dz, double[] g,
      int wOff) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    if (outEnd == 5 * lanes) {
      weightFive(batch, nIn, nOut, x, dz, g, wOff);
      return;
    }
    double[] acc = TILE.get();
    for (int i = 0; i < nIn; i += 4) {
      int last = Math.min(4, nIn - i) - 1; // fewer than four inputs left: the spare sums repeat the last one
      int i1 = i + Math.min(1, last);
      int i2 = i + Math.min(2, last);
      int i3 = i + Math.min(3, last);
      int o = 0;
      for (; o + 2 * lanes <= outEnd; o += 2 * lanes) {
        gatherTile(g, wOff, nIn, o, 2 * lanes, i, i1, i2, i3, acc);
        DoubleVector a0 = DoubleVector.fromArray(s, acc, 0);
        DoubleVector a1 = DoubleVector.fromArray(s, acc, 2 * lanes);
        DoubleVector a2 = DoubleVector.fromArray(s, acc, 4 * lanes);
        DoubleVector a3 = DoubleVector.fromArray(s, acc, 6 * lanes);
        DoubleVector c0 = DoubleVector.fromArray(s, acc, lanes);
        DoubleVector c1 = DoubleVector.fromArray(s, acc, 3 * lanes);
        DoubleVector c2 = DoubleVector.fromArray(s, acc, 5 * lanes);
        DoubleVector c3 = DoubleVector.fromArray(s, acc, 7 * lanes);
        for (int b = 0; b < batch; b++) {
          DoubleVector d = DoubleVector.fromArray(s, dz, b * nOut + o);
          DoubleVector e = DoubleVector.fromArray(s, dz, b * nOut + o + lanes);
          int xb = b * nIn;
          double x0 = x[xb + i];
          double x1 = x[xb + i1];
          double x2 = x[xb + i2];
          double x3 = x[xb + i3];
          a0 = mulAdd(d, x0, a0);
          a1 = mulAdd(d, x1, a1);
          a2 = mulAdd(d, x2, a2);
          a3 = mulAdd(d, x3, a3);
          c0 = mulAdd(e, x0, c0);
          c1 = mulAdd(e, x1, c1);
          c2 = mulAdd(e, x2, c2);
          c3 = mulAdd(e, x3, c3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, 2 * lanes);
        a2.intoArray(acc, 4 * lanes);
        a3.intoArray(acc, 6 * lanes);
        c0.intoArray(acc, lanes);
        c1.intoArray(acc, 3 * lanes);
        c2.intoArray(acc, 5 * lanes);
        c3.intoArray(acc, 7 * lanes);
        scatterTile(acc, g, wOff, nIn, o, 2 * lanes, i, last);
      }
      for (; o < outEnd; o += lanes) {
        gatherTile(g, wOff, nIn, o, lanes, i, i1, i2, i3, acc);
        DoubleVector a0 = DoubleVector.fromArray(s, acc, 0);
        DoubleVector a1 = DoubleVector.fromArray(s, acc, lanes);
        DoubleVector a2 = DoubleVector.fromArray(s, acc, 2 * lanes);
        DoubleVector a3 = DoubleVector.fromArray(s, acc, 3 * lanes);
        for (int b = 0; b < batch; b++) {
          DoubleVector d = DoubleVector.fromArray(s, dz, b * nOut + o);
          int xb = b * nIn;
          a0 = mulAdd(d, x[xb + i], a0);
          a1 = mulAdd(d, x[xb + i1], a1);
          a2 = mulAdd(d, x[xb + i2], a2);
          a3 = mulAdd(d, x[xb + i3], a3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, lanes);
        a2.intoArray(acc, 2 * lanes);
        a3.intoArray(acc, 3 * lanes);
        scatterTile(acc, g, wOff, nIn, o, lanes, i, last);
      }
    }
  }

  /**
   * g_b[o] += dz[b][o] over the rows in order, kept in registers (adding each row into g in memory
   * made every addition wait for the previous store); the weight gradients here and the BLAS path
   * ({@link Dense}) both use it. Every vector of outputs in one pass over the rows, up to eight at a
   * time: each sum is a chain of dependent additions, so eight chains side by side take the time of
   * one (modular addition's 50 and 59 wide layers took four passes, one after another). Where nOut is not a whole
   * number of vectors the last vector ends at nOut and overlaps the one before; both are in the same
   * pass, which loads every sum from g before it stores any, so the shared lanes get the same value
   * twice. Each output's sum still adds its rows in order from g's value: the scalar loop's bits.
   */
  @Override
  public void biasGradient(int batch, int nOut, double[] dz, double[] g, int bOff) {
    int lanes = S.length();
    if (nOut < lanes) {
      for (int o = 0; o < nOut; o++) {
        double a = g[bOff + o];
        for (int b = 0; b < batch; b++) {
          a += dz[b * nOut + o];
        }
        g[bOff + o] = a;
      }
      return;
    }
    int vectors = (nOut + lanes - 1) / lanes;
    for (int end = vectors; end > 0; end -= 8) { // from the last vector back, so the overlapping two share a pass
      int first = Math.max(0, end - 8);
      if (end - first <= 4) {
        biasFour(batch, nOut, dz, g, bOff, at(first, end, 0, nOut), at(first, end, 1, nOut), at(first, end, 2, nOut),
            at(first, end, 3, nOut));
      } else {
        biasEight(batch, nOut, dz, g, bOff, at(first, end, 0, nOut), at(first, end, 1, nOut), at(first, end, 2, nOut),
            at(first, end, 3, nOut), at(first, end, 4, nOut), at(first, end, 5, nOut), at(first, end, 6, nOut),
            at(first, end, 7, nOut));
      }
    }
  }

  /** Where the pass over vectors [first, end) puts its j-th sum: past end, the pass's last vector again. */
  private static int at(int first, int end, int j, int nOut) {
    return Math.min(Math.min(first + j, end - 1) * S.length(), nOut - S.length());
  }

  /** Passes of up to four vectors (the small presets' 2- and 20-wide layers): eight chains would repeat half of them. */
  private static void biasFour(int batch, int nOut, double[] dz, double[] g, int bOff, int o0, int o1, int o2, int o3) {
    VectorSpecies<Double> s = S;
    DoubleVector a0 = DoubleVector.fromArray(s, g, bOff + o0);
    DoubleVector a1 = DoubleVector.fromArray(s, g, bOff + o1);
    DoubleVector a2 = DoubleVector.fromArray(s, g, bOff + o2);
    DoubleVector a3 = DoubleVector.fromArray(s, g, bOff + o3);
    for (int b = 0; b < batch; b++) {
      int r = b * nOut;
      a0 = a0.add(DoubleVector.fromArray(s, dz, r + o0));
      a1 = a1.add(DoubleVector.fromArray(s, dz, r + o1));
      a2 = a2.add(DoubleVector.fromArray(s, dz, r + o2));
      a3 = a3.add(DoubleVector.fromArray(s, dz, r + o3));
    }
    a0.intoArray(g, bOff + o0);
    a1.intoArray(g, bOff + o1);
    a2.intoArray(g, bOff + o2);
    a3.intoArray(g, bOff + o3);
  }

  private static void biasEight(int batch, int nOut, double[] dz, double[] g, int bOff, int o0, int o1, int o2, int o3,
      int o4, int o5, int o6, int o7) {
    VectorSpecies<Double> s = S;
    DoubleVector a0 = DoubleVector.fromArray(s, g, bOff + o0);
    DoubleVector a1 = DoubleVector.fromArray(s, g, bOff + o1);
    DoubleVector a2 = DoubleVector.fromArray(s, g, bOff + o2);
    DoubleVector a3 = DoubleVector.fromArray(s, g, bOff + o3);
    DoubleVector a4 = DoubleVector.fromArray(s, g, bOff + o4);
    DoubleVector a5 = DoubleVector.fromArray(s, g, bOff + o5);
    DoubleVector a6 = DoubleVector.fromArray(s, g, bOff + o6);
    DoubleVector a7 = DoubleVector.fromArray(s, g, bOff + o7);
    for (int b = 0; b < batch; b++) {
      int r = b * nOut;
      a0 = a0.add(DoubleVector.fromArray(s, dz, r + o0));
      a1 = a1.add(DoubleVector.fromArray(s, dz, r + o1));
      a2 = a2.add(DoubleVector.fromArray(s, dz, r + o2));
      a3 = a3.add(DoubleVector.fromArray(s, dz, r + o3));
      a4 = a4.add(DoubleVector.fromArray(s, dz, r + o4));
      a5 = a5.add(DoubleVector.fromArray(s, dz, r + o5));
      a6 = a6.add(DoubleVector.fromArray(s, dz, r + o6));
      a7 = a7.add(DoubleVector.fromArray(s, dz, r + o7));
    }
    a0.intoArray(g, bOff + o0);
    a1.intoArray(g, bOff + o1);
    a2.intoArray(g, bOff + o2);
    a3.intoArray(g, bOff + o3);
    a4.intoArray(g, bOff + o4);
    a5.intoArray(g, bOff + o5);
    a6.intoArray(g, bOff + o6);
    a7.intoArray(g, bOff + o7);
  }

  private static final ThreadLocal<double[]> TILE_FIVE = ThreadLocal.withInitial(() -> new double[10 * S.length()]);

  /**
   * The weight gradient of a layer exactly five vectors of outputs wide (the presets' 20 at 256
   * bits), two inputs at a time: ten independent sums share each row's five loads of dz and two of
   * x, where four inputs times two vectors then four times one left the last block to four
   * dependent chains. An odd last input is summed twice and stored once. Each (output, input) sum
   * starts from g and adds dz * x over the rows in order: the scalar loops' bits.
   */
  private static void weightFive(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int width = 5 * lanes;
    double[] acc = TILE_FIVE.get();
    for (int i = 0; i < nIn; i += 2) {
      int i1 = Math.min(i + 1, nIn - 1);
      for (int l = 0; l < width; l++) {
        int w = wOff + l * nIn;
        acc[l] = g[w + i];
        acc[width + l] = g[w + i1];
      }
      DoubleVector a0 = DoubleVector.fromArray(s, acc, 0);
      DoubleVector a1 = DoubleVector.fromArray(s, acc, lanes);
      DoubleVector a2 = DoubleVector.fromArray(s, acc, 2 * lanes);
      DoubleVector a3 = DoubleVector.fromArray(s, acc, 3 * lanes);
      DoubleVector a4 = DoubleVector.fromArray(s, acc, 4 * lanes);
      DoubleVector c0 = DoubleVector.fromArray(s, acc, width);
      DoubleVector c1 = DoubleVector.fromArray(s, acc, width + lanes);
      DoubleVector c2 = DoubleVector.fromArray(s, acc, width + 2 * lanes);
      DoubleVector c3 = DoubleVector.fromArray(s, acc, width + 3 * lanes);
      DoubleVector c4 = DoubleVector.fromArray(s, acc, width + 4 * lanes);
      for (int b = 0; b < batch; b++) {
        int zb = b * nOut;
        DoubleVector d0 = DoubleVector.fromArray(s, dz, zb);
        DoubleVector d1 = DoubleVector.fromArray(s, dz, zb + lanes);
        DoubleVector d2 = DoubleVector.fromArray(s, dz, zb + 2 * lanes);
        DoubleVector d3 = DoubleVector.fromArray(s, dz, zb + 3 * lanes);
        DoubleVector d4 = DoubleVector.fromArray(s, dz, zb + 4 * lanes);
        double x0 = x[b * nIn + i];
        double x1 = x[b * nIn + i1];
        a0 = mulAdd(d0, x0, a0);
        a1 = mulAdd(d1, x0, a1);
        a2 = mulAdd(d2, x0, a2);
        a3 = mulAdd(d3, x0, a3);
        a4 = mulAdd(d4, x0, a4);
        c0 = mulAdd(d0, x1, c0);
        c1 = mulAdd(d1, x1, c1);
        c2 = mulAdd(d2, x1, c2);
        c3 = mulAdd(d3, x1, c3);
        c4 = mulAdd(d4, x1, c4);
      }
      a0.intoArray(acc, 0);
      a1.intoArray(acc, lanes);
      a2.intoArray(acc, 2 * lanes);
      a3.intoArray(acc, 3 * lanes);
      a4.intoArray(acc, 4 * lanes);
      c0.intoArray(acc, width);
      c1.intoArray(acc, width + lanes);
      c2.intoArray(acc, width + 2 * lanes);
      c3.intoArray(acc, width + 3 * lanes);
      c4.intoArray(acc, width + 4 * lanes);
      for (int l = 0; l < width; l++) {
        int w = wOff + l * nIn;
        g[w + i] = acc[l];
        g[w + i1] = acc[width + l];
      }
    }
  }

  /**
   * The weights of outputs o0 and o1 from a layer whose inputs are exactly five vectors (the
   * presets' 2-output layers after 20 neurons): ten independent sums share each row's five loads of
   * x and two of dz, where tiles of four left the sums to four chains and the rest to one. o1 ==
   * o0 sums one output twice, with the same bits. Each sum starts from g and adds dz * x over the
   * rows in order: the scalar loops' bits.
   */
  private static void weightFiveInputs(int batch, int nIn, int nOut, int o0, int o1, double[] x, double[] dz,
      double[] g, int wOff) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int w0 = wOff + o0 * nIn;
    int w1 = wOff + o1 * nIn;
    DoubleVector a0 = DoubleVector.fromArray(s, g, w0);
    DoubleVector a1 = DoubleVector.fromArray(s, g, w0 + lanes);
    DoubleVector a2 = DoubleVector.fromArray(s, g, w0 + 2 * lanes);
    DoubleVector a3 = DoubleVector.fromArray(s, g, w0 + 3 * lanes);
    DoubleVector a4 = DoubleVector.fromArray(s, g, w0 + 4 * lanes);
    DoubleVector c0 = DoubleVector.fromArray(s, g, w1);
    DoubleVector c1 = DoubleVector.fromArray(s, g, w1 + lanes);
    DoubleVector c2 = DoubleVector.fromArray(s, g, w1 + 2 * lanes);
    DoubleVector c3 = DoubleVector.fromArray(s, g, w1 + 3 * lanes);
    DoubleVector c4 = DoubleVector.fromArray(s, g, w1 + 4 * lanes);
    for (int b = 0; b < batch; b++) {
      int xb = b * nIn;
      DoubleVector x0 = DoubleVector.fromArray(s, x, xb);
      DoubleVector x1 = DoubleVector.fromArray(s, x, xb + lanes);
      DoubleVector x2 = DoubleVector.fromArray(s, x, xb + 2 * lanes);
      DoubleVector x3 = DoubleVector.fromArray(s, x, xb + 3 * lanes);
      DoubleVector x4 = DoubleVector.fromArray(s, x, xb + 4 * lanes);
      double e0 = dz[b * nOut + o0];
      double e1 = dz[b * nOut + o1];
      a0 = mulAdd(x0, e0, a0);
      a1 = mulAdd(x1, e0, a1);
      a2 = mulAdd(x2, e0, a2);
      a3 = mulAdd(x3, e0, a3);
      a4 = mulAdd(x4, e0, a4);
      c0 = mulAdd(x0, e1, c0);
      c1 = mulAdd(x1, e1, c1);
      c2 = mulAdd(x2, e1, c2);
      c3 = mulAdd(x3, e1, c3);
      c4 = mulAdd(x4, e1, c4);
    }
    a0.intoArray(g, w0);
    a1.intoArray(g, w0 + lanes);
    a2.intoArray(g, w0 + 2 * lanes);
    a3.intoArray(g, w0 + 3 * lanes);
    a4.intoArray(g, w0 + 4 * lanes);
    c0.intoArray(g, w1);
    c1.intoArray(g, w1 + lanes);
    c2.intoArray(g, w1 + 2 * lanes);
    c3.intoArray(g, w1 + 3 * lanes);
    c4.intoArray(g, w1 + 4 * lanes);
  }

  /** acc[k * width + l] = g's weight from input ik into output o + l, for k = 0..3 and l < width. */
  private static void gatherTile(double[] g, int wOff, int nIn, int o, int width, int i0, int i1, int i2, int i3,
      double[] acc) {
    for (int l = 0; l < width; l++) {
      int w = wOff + (o + l) * nIn;
      acc[l] = g[w + i0];
      acc[width + l] = g[w + i1];
      acc[2 * width + l] = g[w + i2];
      acc[3 * width + l] = g[w + i3];
    }
  }

  /** The inverse of gatherTile for inputs i0..i0 + last (the spare sums are dropped). */
  private static void scatterTile(double[] acc, double[] g, int wOff, int nIn, int o, int width, int i0, int last) {
    for (int l = 0; l < width; l++) {
      int w = wOff + (o + l) * nIn + i0;
      for (int k = 0; k <= last; k++) {
        g[w + k] = acc[k * width + l];
      }
    }
  }

  /**
   * The weight gradient's vectors of inputs, for the outputs from fromOut on (those past
   * weightByOutputs' last whole vector of outputs, or all of them in a layer narrower than a
   * vector) when no dz is zero: every (output, vector of inputs) pair is a tile with its own
   * accumulator, and four tiles share one pass over the rows, so four independent chains of
   * additions keep the adder busy.
   */
  private static void weightTiles(int batch, int nIn, int nOut, int vecsPerRow, int fromOut, double[] x, double[] dz,
      double[] g, int wOff) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    if (vecsPerRow == 5) { // the presets' 20 inputs at 256 bits: two outputs at a time (an odd last one twice)
      for (int o = fromOut; o < nOut; o += 2) {
        weightFiveInputs(batch, nIn, nOut, o, Math.min(o + 1, nOut - 1), x, dz, g, wOff);
      }
      return;
    }
    int tiles = nOut * vecsPerRow;
    int t = fromOut * vecsPerRow;
    for (; t + 4 <= tiles; t += 4) {
      int o0 = t / vecsPerRow;
      int o1 = (t + 1) / vecsPerRow;
      int o2 = (t + 2) / vecsPerRow;
      int o3 = (t + 3) / vecsPerRow;
      int i0 = (t % vecsPerRow) * lanes;
      int i1 = ((t + 1) % vecsPerRow) * lanes;
      int i2 = ((t + 2) % vecsPerRow) * lanes;
      int i3 = ((t + 3) % vecsPerRow) * lanes;
      DoubleVector a0 = DoubleVector.fromArray(s, g, wOff + o0 * nIn + i0);
      DoubleVector a1 = DoubleVector.fromArray(s, g, wOff + o1 * nIn + i1);
      DoubleVector a2 = DoubleVector.fromArray(s, g, wOff + o2 * nIn + i2);
      DoubleVector a3 = DoubleVector.fromArray(s, g, wOff + o3 * nIn + i3);
      for (int b = 0; b < batch; b++) {
        int xb = b * nIn;
        int zb = b * nOut;
        a0 = mulAdd(DoubleVector.fromArray(s, x, xb + i0), dz[zb + o0], a0);
        a1 = mulAdd(DoubleVector.fromArray(s, x, xb + i1), dz[zb + o1], a1);
        a2 = mulAdd(DoubleVector.fromArray(s, x, xb + i2), dz[zb + o2], a2);
        a3 = mulAdd(DoubleVector.fromArray(s, x, xb + i3), dz[zb + o3], a3);
      }
      a0.intoArray(g, wOff + o0 * nIn + i0);
      a1.intoArray(g, wOff + o1 * nIn + i1);
      a2.intoArray(g, wOff + o2 * nIn + i2);
      a3.intoArray(g, wOff + o3 * nIn + i3);
    }
    for (; t < tiles; t++) {
      int o = t / vecsPerRow;
      int i = (t % vecsPerRow) * lanes;
      DoubleVector a = DoubleVector.fromArray(s, g, wOff + o * nIn + i);
      for (int b = 0; b < batch; b++) {
        a = mulAdd(DoubleVector.fromArray(s, x, b * nIn + i), dz[b * nOut + o], a);
      }
      a.intoArray(g, wOff + o * nIn + i);
    }
  }

  @Override
  public void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    if (wide(batch, nIn, nOut) && !Nonzero.anyZero(dz, batch * nOut)) {
      WideKernels.inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
      return;
    }
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int block = 4 * lanes;
    int blockEnd = nIn - nIn % block;
    int vecEnd = nIn - nIn % lanes;
    Nonzero nz = NONZERO.get();
    boolean zeros = Nonzero.anyZero(dz, batch * nOut);
    if (!zeros) {
      inputTiles(batch, nIn, nOut, vecEnd / lanes, dz, p, wOff, dx);
    }
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      // the outputs with dz[b][o] != 0, in order (all of them when none is zero)
      int m = zeros ? nz.gather(dz, b * nOut, 1, nOut) : nOut;
      int[] outs = zeros ? nz.at : nz.identity(nOut);
      double[] ds = zeros ? nz.value : dz;
      int d0 = zeros ? 0 : b * nOut;
      int i = zeros ? 0 : vecEnd; // without zeros, inputTiles did the vectors
      for (; i < blockEnd; i += block) {
        DoubleVector a0 = DoubleVector.zero(s);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int k = 0; k < m; k++) {
          double d = ds[d0 + k];
          int wo = wOff + outs[k] * nIn + i;
          a0 = mulAdd(DoubleVector.fromArray(s, p, wo), d, a0);
          a1 = mulAdd(DoubleVector.fromArray(s, p, wo + lanes), d, a1);
          a2 = mulAdd(DoubleVector.fromArray(s, p, wo + 2 * lanes), d, a2);
          a3 = mulAdd(DoubleVector.fromArray(s, p, wo + 3 * lanes), d, a3);
        }
        a0.intoArray(dx, xo + i);
        a1.intoArray(dx, xo + i + lanes);
        a2.intoArray(dx, xo + i + 2 * lanes);
        a3.intoArray(dx, xo + i + 3 * lanes);
      }
      for (; i < vecEnd; i += lanes) {
        DoubleVector a = DoubleVector.zero(s);
        for (int k = 0; k < m; k++) {
          a = mulAdd(DoubleVector.fromArray(s, p, wOff + outs[k] * nIn + i), ds[d0 + k], a);
        }
        a.intoArray(dx, xo + i);
      }
      for (; i < nIn; i++) {
        double a = 0;
        for (int k = 0; k < m; k++) {
          a = Math.fma(ds[d0 + k], p[wOff + outs[k] * nIn + i], a);
        }
        dx[xo + i] = a;
      }
    }
  }

  /** Rows [0, rows) (a multiple of four) at the one vector of inputs from i: four sums share each load of w. */
  private static void inputVectorOfRows(int rows, int nIn, int nOut, int i, double[] dz, double[] p, int wOff, double[] dx) {
    VectorSpecies<Double> s = S;
    for (int b = 0; b < rows; b += 4) {
      int d0 = b * nOut;
      DoubleVector a0 = DoubleVector.zero(s);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      for (int o = 0; o < nOut; o++) {
        DoubleVector w = DoubleVector.fromArray(s, p, wOff + o * nIn + i);
        a0 = mulAdd(w, dz[d0 + o], a0);
        a1 = mulAdd(w, dz[d0 + nOut + o], a1);
        a2 = mulAdd(w, dz[d0 + 2 * nOut + o], a2);
        a3 = mulAdd(w, dz[d0 + 3 * nOut + o], a3);
      }
      int x0 = b * nIn + i;
      a0.intoArray(dx, x0);
      a1.intoArray(dx, x0 + nIn);
      a2.intoArray(dx, x0 + 2 * nIn);
      a3.intoArray(dx, x0 + 3 * nIn);
    }
  }

  /**
   * The input gradient's vectors when no dz is zero. Four rows times two vectors of inputs are
   * eight sums sharing each load of w and of dz; what is left (the last rows, or a last odd vector)
   * goes as (row, vector) tiles, four of which share one pass over the outputs (with two outputs,
   * as in a regression head, one row alone gives the loop two iterations to run). Every sum runs
   * over the outputs in order from zero, as the scalar loops' does.
   */
  /**
   * Rows b0 and b1 of a layer whose inputs are exactly five vectors: ten independent sums share
   * each pass over the outputs (five loads of w, two of dz), as {@link #forwardFive} does for the
   * forward product. b1 == b0 computes one row twice, with the same bits. Each sum is the scalar
   * loops', in their order.
   */
  private static void inputFive(int nIn, int nOut, int b0, int b1, double[] dz, double[] p, int wOff, double[] dx) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int d0 = b0 * nOut;
    int d1 = b1 * nOut;
    DoubleVector a0 = DoubleVector.zero(s);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector c0 = a0;
    DoubleVector c1 = a0;
    DoubleVector c2 = a0;
    DoubleVector c3 = a0;
    DoubleVector c4 = a0;
    for (int o = 0; o < nOut; o++) {
      int wo = wOff + o * nIn;
      DoubleVector w0 = DoubleVector.fromArray(s, p, wo);
      DoubleVector w1 = DoubleVector.fromArray(s, p, wo + lanes);
      DoubleVector w2 = DoubleVector.fromArray(s, p, wo + 2 * lanes);
      DoubleVector w3 = DoubleVector.fromArray(s, p, wo + 3 * lanes);
      DoubleVector w4 = DoubleVector.fromArray(s, p, wo + 4 * lanes);
      double e0 = dz[d0 + o];
      double e1 = dz[d1 + o];
      a0 = mulAdd(w0, e0, a0);
      a1 = mulAdd(w1, e0, a1);
      a2 = mulAdd(w2, e0, a2);
      a3 = mulAdd(w3, e0, a3);
      a4 = mulAdd(w4, e0, a4);
      c0 = mulAdd(w0, e1, c0);
      c1 = mulAdd(w1, e1, c1);
      c2 = mulAdd(w2, e1, c2);
      c3 = mulAdd(w3, e1, c3);
      c4 = mulAdd(w4, e1, c4);
    }
    int x0 = b0 * nIn;
    int x1 = b1 * nIn;
    a0.intoArray(dx, x0);
    a1.intoArray(dx, x0 + lanes);
    a2.intoArray(dx, x0 + 2 * lanes);
    a3.intoArray(dx, x0 + 3 * lanes);
    a4.intoArray(dx, x0 + 4 * lanes);
    c0.intoArray(dx, x1);
    c1.intoArray(dx, x1 + lanes);
    c2.intoArray(dx, x1 + 2 * lanes);
    c3.intoArray(dx, x1 + 3 * lanes);
    c4.intoArray(dx, x1 + 4 * lanes);
  }

  private static void inputTiles(int batch, int nIn, int nOut, int vecsPerRow, double[] dz, double[] p, int wOff,
      double[] dx) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    if (vecsPerRow == 5) { // the presets' 20 inputs at 256 bits: two rows at a time (an odd last row twice)
      for (int b = 0; b < batch; b += 2) {
        inputFive(nIn, nOut, b, Math.min(b + 1, batch - 1), dz, p, wOff, dx);
      }
      return;
    }
    int rowsOf4 = batch - batch % 4;
    int pairEnd = (vecsPerRow - vecsPerRow % 2) * lanes;
    for (int b = 0; pairEnd > 0 && b < rowsOf4; b += 4) { // four rows times two vectors: eight sums share each load
      int d0 = b * nOut;
      int d1 = d0 + nOut;
      int d2 = d1 + nOut;
      int d3 = d2 + nOut;
      for (int i = 0; i < pairEnd; i += 2 * lanes) {
        DoubleVector a0 = DoubleVector.zero(s);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector c2 = a0;
        DoubleVector c3 = a0;
        for (int o = 0; o < nOut; o++) {
          int wo = wOff + o * nIn + i;
          DoubleVector w = DoubleVector.fromArray(s, p, wo);
          DoubleVector v = DoubleVector.fromArray(s, p, wo + lanes);
          double e0 = dz[d0 + o];
          double e1 = dz[d1 + o];
          double e2 = dz[d2 + o];
          double e3 = dz[d3 + o];
          a0 = mulAdd(w, e0, a0);
          a1 = mulAdd(w, e1, a1);
          a2 = mulAdd(w, e2, a2);
          a3 = mulAdd(w, e3, a3);
          c0 = mulAdd(v, e0, c0);
          c1 = mulAdd(v, e1, c1);
          c2 = mulAdd(v, e2, c2);
          c3 = mulAdd(v, e3, c3);
        }
        int x0 = b * nIn + i;
        a0.intoArray(dx, x0);
        a1.intoArray(dx, x0 + nIn);
        a2.intoArray(dx, x0 + 2 * nIn);
        a3.intoArray(dx, x0 + 3 * nIn);
        c0.intoArray(dx, x0 + lanes);
        c1.intoArray(dx, x0 + nIn + lanes);
        c2.intoArray(dx, x0 + 2 * nIn + lanes);
        c3.intoArray(dx, x0 + 3 * nIn + lanes);
      }
    }
    if (pairEnd < vecsPerRow * lanes) { // an odd number of vectors per row: those rows' last one
      inputVectorOfRows(rowsOf4, nIn, nOut, pairEnd, dz, p, wOff, dx);
    }
    int tiles = batch * vecsPerRow; // the last rows, tile by tile
    int t = rowsOf4 * vecsPerRow;
    for (; t + 4 <= tiles; t += 4) {
      int b0 = t / vecsPerRow;
      int b1 = (t + 1) / vecsPerRow;
      int b2 = (t + 2) / vecsPerRow;
      int b3 = (t + 3) / vecsPerRow;
      int i0 = (t % vecsPerRow) * lanes;
      int i1 = ((t + 1) % vecsPerRow) * lanes;
      int i2 = ((t + 2) % vecsPerRow) * lanes;
      int i3 = ((t + 3) % vecsPerRow) * lanes;
      DoubleVector a0 = DoubleVector.zero(s);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        a0 = mulAdd(DoubleVector.fromArray(s, p, wo + i0), dz[b0 * nOut + o], a0);
        a1 = mulAdd(DoubleVector.fromArray(s, p, wo + i1), dz[b1 * nOut + o], a1);
        a2 = mulAdd(DoubleVector.fromArray(s, p, wo + i2), dz[b2 * nOut + o], a2);
        a3 = mulAdd(DoubleVector.fromArray(s, p, wo + i3), dz[b3 * nOut + o], a3);
      }
      a0.intoArray(dx, b0 * nIn + i0);
      a1.intoArray(dx, b1 * nIn + i1);
      a2.intoArray(dx, b2 * nIn + i2);
      a3.intoArray(dx, b3 * nIn + i3);
    }
    for (; t < tiles; t++) {
      int b = t / vecsPerRow;
      int i = (t % vecsPerRow) * lanes;
      DoubleVector a = DoubleVector.zero(s);
      for (int o = 0; o < nOut; o++) {
        a = mulAdd(DoubleVector.fromArray(s, p, wOff + o * nIn + i), dz[b * nOut + o], a);
      }
      a.intoArray(dx, b * nIn + i);
    }
  }

  /**
   * Each row's maximum as a lane-wise maximum of its whole vectors, reduced across lanes, then its
   * last entries: the same value as the scalar loop's (a maximum has no rounding, and Math.max's
   * treatment of NaN and of -0 against +0 does not depend on order); a chain of scalar maxima cost
   * more than the exponentials of the row.
   */
  @Override
  public void subtractRowMaxima(double[] v, int rows, int width, double[] max, double[] out) {
    int lanes = S.length();
    int full = width - width % lanes;
    for (int b = 0; b < rows; b++) {
      int r = b * width;
      double m = Double.NEGATIVE_INFINITY;
      if (full > 0) {
        DoubleVector acc = DoubleVector.fromArray(S, v, r);
        for (int i = lanes; i < full; i += lanes) {
          acc = acc.max(DoubleVector.fromArray(S, v, r + i));
        }
        m = acc.reduceLanes(VectorOperators.MAX);
      }
      for (int i = full; i < width; i++) {
        m = Math.max(m, v[r + i]);
      }
      max[b] = m;
      for (int i = 0; i < full; i += lanes) {
        DoubleVector.fromArray(S, v, r + i).sub(m).intoArray(out, r + i);
      }
      for (int i = full; i < width; i++) {
        out[r + i] = v[r + i] - m;
      }
    }
  }

  @Override
  public void addScaled(double a, double[] x, int xo, double[] y, int yo, int n) {
    VectorSpecies<Double> s = S;
    int lanes = s.length();
    int end = n - n % lanes;
    for (int i = 0; i < end; i += lanes) {
      mulAdd(DoubleVector.fromArray(s, x, xo + i), a, DoubleVector.fromArray(s, y, yo + i)).intoArray(y, yo + i);
    }
    for (int i = end; i < n; i++) {
      y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }
  }

  @Override
  public void addTableRows(double[] base, int baseOff, double[][] tables, int[][] rows, int count, int n, double[] y) {
    int lanes = S.length();
    int end = n - n % lanes;
    int folds = tables.length;
    if (folds == 2) { // two tokens per example (modular addition, S4): the folds' loop written out
      double[] t0 = tables[0];
      double[] t1 = tables[1];
      int[] r0 = rows[0];
      int[] r1 = rows[1];
      for (int b = 0; b < count; b++) {
        int yo = b * n;
        int o0 = r0[b] * n;
        int o1 = r1[b] * n;
        for (int i = 0; i < end; i += lanes) {
          DoubleVector.fromArray(S, base, baseOff + i).add(DoubleVector.fromArray(S, t0, o0 + i))
              .add(DoubleVector.fromArray(S, t1, o1 + i)).intoArray(y, yo + i);
        }
        for (int i = end; i < n; i++) {
          y[yo + i] = base[baseOff + i] + t0[o0 + i] + t1[o1 + i];
        }
      }
      return;
    }
    for (int b = 0; b < count; b++) {
      int yo = b * n;
      for (int i = 0; i < end; i += lanes) {
        DoubleVector a = DoubleVector.fromArray(S, base, baseOff + i);
        for (int f = 0; f < folds; f++) {
          a = a.add(DoubleVector.fromArray(S, tables[f], rows[f][b] * n + i));
        }
        a.intoArray(y, yo + i);
      }
      for (int i = end; i < n; i++) {
        double a = base[baseOff + i];
        for (int f = 0; f < folds; f++) {
          a += tables[f][rows[f][b] * n + i];
        }
        y[yo + i] = a;
      }
    }
  }

  @Override
  public void sumIntoTableRows(double[] x, int[] rows, int count, int n, double[] t) {
    int lanes = S.length();
    int end = n - n % lanes;
    for (int b = 0; b < count; b++) {
      int xo = b * n;
      int to = rows[b] * n;
      for (int i = 0; i < end; i += lanes) {
        DoubleVector.fromArray(S, t, to + i).add(DoubleVector.fromArray(S, x, xo + i)).intoArray(t, to + i);
      }
      for (int i = end; i < n; i++) {
        t[to + i] = t[to + i] + x[xo + i];
      }
    }
  }

  /**
   * Four vectors of a row of y at a time, each a chain over o (the chains of one row side by side
   * hide the latency of the fused multiply-adds); one vector, then scalars, for the rest of the row.
   * In place of one {@link #addScaled} call per (row, o): 5,900 calls a step in modular addition.
   */
  @Override
  public void addWeightedRows(int count, int k, int n, double[] g, double[] w, int wOff, int wStride, double[] y, int yOff) {
    int lanes = S.length();
    int fours = n - n % (4 * lanes);
    int end = n - n % lanes;
    for (int v = 0; v < count; v++) {
      int yo = yOff + v * n;
      int go = v * k;
      int i = 0;
      for (; i < fours; i += 4 * lanes) {
        DoubleVector a0 = DoubleVector.fromArray(S, y, yo + i);
        DoubleVector a1 = DoubleVector.fromArray(S, y, yo + i + lanes);
        DoubleVector a2 = DoubleVector.fromArray(S, y, yo + i + 2 * lanes);
        DoubleVector a3 = DoubleVector.fromArray(S, y, yo + i + 3 * lanes);
        for (int o = 0; o < k; o++) {
          double gv = g[go + o];
          if (gv == 0) {
            continue;
          }
          DoubleVector c = DoubleVector.broadcast(S, gv);
          int wo = wOff + o * wStride + i;
          a0 = DoubleVector.fromArray(S, w, wo).fma(c, a0);
          a1 = DoubleVector.fromArray(S, w, wo + lanes).fma(c, a1);
          a2 = DoubleVector.fromArray(S, w, wo + 2 * lanes).fma(c, a2);
          a3 = DoubleVector.fromArray(S, w, wo + 3 * lanes).fma(c, a3);
        }
        a0.intoArray(y, yo + i);
        a1.intoArray(y, yo + i + lanes);
        a2.intoArray(y, yo + i + 2 * lanes);
        a3.intoArray(y, yo + i + 3 * lanes);
      }
      for (; i < end; i += lanes) {
        DoubleVector a = DoubleVector.fromArray(S, y, yo + i);
        for (int o = 0; o < k; o++) {
          double gv = g[go + o];
          if (gv != 0) {
            a = DoubleVector.fromArray(S, w, wOff + o * wStride + i).fma(DoubleVector.broadcast(S, gv), a);
          }
        }
        a.intoArray(y, yo + i);
      }
      for (; i < n; i++) {
        double a = y[yo + i];
        for (int o = 0; o < k; o++) {
          double gv = g[go + o];
          if (gv != 0) {
            a = Math.fma(gv, w[wOff + o * wStride + i], a);
          }
        }
        y[yo + i] = a;
      }
    }
  }

  /**
   * Math.signum(p) times c, lane by lane: +-1 is 1.0's bits with p's sign bit, and where p is +-0
   * or NaN, p itself (signum's own rule), so each product and sum is the scalar loop's.
   */
  @Override
  public void addSignScaled(double[] c, double[] p, int off, double[] g) {
    int lanes = S.length();
    int end = c.length - c.length % lanes;
    for (int i = 0; i < end; i += lanes) {
      DoubleVector pv = DoubleVector.fromArray(S, p, off + i);
      DoubleVector sign = pv.reinterpretAsLongs().and(0x8000000000000000L).or(0x3ff0000000000000L).reinterpretAsDoubles()
          .blend(pv, pv.compare(VectorOperators.EQ, 0.0).or(pv.test(VectorOperators.IS_NAN)));
      DoubleVector.fromArray(S, g, off + i).add(DoubleVector.fromArray(S, c, i).mul(sign)).intoArray(g, off + i);
    }
    ScalarKernels.signScaledRange(c, p, off, g, end, c.length);
  }

  /** Arrays at least this long, at eight lanes or more, go to {@link #expIntoLong}. */
  private static final int FOUR_CHAINS_FROM = 16_384;

  /** {@link #expInto}, through {@link #expIntoLong} where that was measured faster. */
  private static void exp(double[] v, int off, int n, double sign, double shift, double[] out) {
    if (S.length() >= 8 && n >= FOUR_CHAINS_FROM) {
      expIntoLong(v, off, n, sign, shift, out);
    } else {
      expInto(v, off, n, sign, shift, out);
    }
  }

  /**
   * {@link #expInto} four vectors per pass, then expInto for the rest: the same operations in the
   * same order, so the same bits. With 32 registers at 512 bits four polynomial chains fit beside
   * the constants and hide more of the latency: modular addition's step (SiLU over 278,500 entries,
   * the softmax over 164,315) 6-10% faster. In the same method as the two-chain loop it made
   * independence's short arrays (2,000 entries) 10-20% slower, so it has a method of its own
   * (2026-12-02, whole runs alternating the builds).
   */
  private static void expIntoLong(double[] v, int off, int n, double sign, double shift, double[] out) {
    int lanes = S.length();
    int end = off + n - n % (4 * lanes);
    int i = off;
    for (; i + 4 * lanes <= end; i += 4 * lanes) {
      DoubleVector xa = DoubleVector.fromArray(S, v, i).mul(sign).sub(shift);
      DoubleVector xb = DoubleVector.fromArray(S, v, i + lanes).mul(sign).sub(shift);
      DoubleVector xc = DoubleVector.fromArray(S, v, i + 2 * lanes).mul(sign).sub(shift);
      DoubleVector xe = DoubleVector.fromArray(S, v, i + 3 * lanes).mul(sign).sub(shift);
      xa = xa.blend(Exp.LOW, xa.compare(VectorOperators.LT, Exp.LOW));
      xb = xb.blend(Exp.LOW, xb.compare(VectorOperators.LT, Exp.LOW));
      xc = xc.blend(Exp.LOW, xc.compare(VectorOperators.LT, Exp.LOW));
      xe = xe.blend(Exp.LOW, xe.compare(VectorOperators.LT, Exp.LOW));
      xa = xa.blend(Exp.HIGH, xa.compare(VectorOperators.GT, Exp.HIGH));
      xb = xb.blend(Exp.HIGH, xb.compare(VectorOperators.GT, Exp.HIGH));
      xc = xc.blend(Exp.HIGH, xc.compare(VectorOperators.GT, Exp.HIGH));
      xe = xe.blend(Exp.HIGH, xe.compare(VectorOperators.GT, Exp.HIGH));
      DoubleVector sa = xa.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector sb = xb.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector sc = xc.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector se = xe.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector ka = sa.sub(Exp.ROUND).neg();
      DoubleVector kb = sb.sub(Exp.ROUND).neg();
      DoubleVector kc = sc.sub(Exp.ROUND).neg();
      DoubleVector ke = se.sub(Exp.ROUND).neg();
      DoubleVector ra = ka.fma(LN2_LO, ka.fma(LN2_HI, xa));
      DoubleVector rb = kb.fma(LN2_LO, kb.fma(LN2_HI, xb));
      DoubleVector rc = kc.fma(LN2_LO, kc.fma(LN2_HI, xc));
      DoubleVector re = ke.fma(LN2_LO, ke.fma(LN2_HI, xe));
      DoubleVector pa = ra.fma(C13, C12);
      DoubleVector pb = rb.fma(C13, C12);
      DoubleVector pc = rc.fma(C13, C12);
      DoubleVector pe = re.fma(C13, C12);
      pa = pa.fma(ra, C11);
      pb = pb.fma(rb, C11);
      pc = pc.fma(rc, C11);
      pe = pe.fma(re, C11);
      pa = pa.fma(ra, C10);
      pb = pb.fma(rb, C10);
      pc = pc.fma(rc, C10);
      pe = pe.fma(re, C10);
      pa = pa.fma(ra, C9);
      pb = pb.fma(rb, C9);
      pc = pc.fma(rc, C9);
      pe = pe.fma(re, C9);
      pa = pa.fma(ra, C8);
      pb = pb.fma(rb, C8);
      pc = pc.fma(rc, C8);
      pe = pe.fma(re, C8);
      pa = pa.fma(ra, C7);
      pb = pb.fma(rb, C7);
      pc = pc.fma(rc, C7);
      pe = pe.fma(re, C7);
      pa = pa.fma(ra, C6);
      pb = pb.fma(rb, C6);
      pc = pc.fma(rc, C6);
      pe = pe.fma(re, C6);
      pa = pa.fma(ra, C5);
      pb = pb.fma(rb, C5);
      pc = pc.fma(rc, C5);
      pe = pe.fma(re, C5);
      pa = pa.fma(ra, C4);
      pb = pb.fma(rb, C4);
      pc = pc.fma(rc, C4);
      pe = pe.fma(re, C4);
      pa = pa.fma(ra, C3);
      pb = pb.fma(rb, C3);
      pc = pc.fma(rc, C3);
      pe = pe.fma(re, C3);
      pa = pa.fma(ra, C2);
      pb = pb.fma(rb, C2);
      pc = pc.fma(rc, C2);
      pe = pe.fma(re, C2);
      pa = pa.fma(ra, ONE);
      pb = pb.fma(rb, ONE);
      pc = pc.fma(rc, ONE);
      pe = pe.fma(re, ONE);
      pa = pa.fma(ra, ONE);
      pb = pb.fma(rb, ONE);
      pc = pc.fma(rc, ONE);
      pe = pe.fma(re, ONE);
      pa.mul(sa.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i);
      pb.mul(sb.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i + lanes);
      pc.mul(sc.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i + 2 * lanes);
      pe.mul(se.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i + 3 * lanes);
    }
    expInto(v, i, off + n - i, sign, shift, out);
  }

  /**
   * out[i] = {@link Exp#exp}(sign v[i] - shift) for i in [off, off + n), sign being 1 or -1 (exact
   * either way): Exp's operations lane by lane, in the same order, so the same bits.
   *
   * <p>Why the exponential is written out inside this loop instead of being a method that takes
   * and returns a vector: HotSpot compiles vectors to registers only when every method they pass
   * through is inlined, and whether it inlined such a method depended on what it had compiled
   * before (a method it has already compiled to large code is not inlined). In some JVMs the
   * exponential was not inlined into SiLU, every vector became an object, and SiLU took 37 µs
   * instead of 9 µs per independence step: the whole run 1.2-1.4 s instead of 0.55-0.6 s, in a
   * third of fresh JVMs once the forward kernel changed. Arrays in and out leave nothing to
   * inlining.
   */
  private static void expInto(double[] v, int off, int n, double sign, double shift, double[] out) {
    int lanes = S.length();
    int end = off + n - n % lanes;
    int i = off;
    // two vectors per pass, their operations interleaved: the polynomial is a chain of 13 dependent
    // fused multiply-adds, which HotSpot issues in order, so one chain at a time left the FMA units
    // waiting on latency (the polynomial alone over 5,120 entries: 5.1 us, interleaved 3.4 us)
    for (; i + 2 * lanes <= end; i += 2 * lanes) {
      DoubleVector x = DoubleVector.fromArray(S, v, i).mul(sign).sub(shift);
      DoubleVector y = DoubleVector.fromArray(S, v, i + lanes).mul(sign).sub(shift);
      DoubleVector lx = x.blend(Exp.LOW, x.compare(VectorOperators.LT, Exp.LOW));
      DoubleVector ly = y.blend(Exp.LOW, y.compare(VectorOperators.LT, Exp.LOW));
      DoubleVector cx = lx.blend(Exp.HIGH, lx.compare(VectorOperators.GT, Exp.HIGH));
      DoubleVector cy = ly.blend(Exp.HIGH, ly.compare(VectorOperators.GT, Exp.HIGH));
      DoubleVector sx = cx.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector sy = cy.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector kx = sx.sub(Exp.ROUND).neg();
      DoubleVector ky = sy.sub(Exp.ROUND).neg();
      DoubleVector rx = kx.fma(LN2_LO, kx.fma(LN2_HI, cx));
      DoubleVector ry = ky.fma(LN2_LO, ky.fma(LN2_HI, cy));
      DoubleVector px = rx.fma(C13, C12);
      DoubleVector py = ry.fma(C13, C12);
      px = px.fma(rx, C11);
      py = py.fma(ry, C11);
      px = px.fma(rx, C10);
      py = py.fma(ry, C10);
      px = px.fma(rx, C9);
      py = py.fma(ry, C9);
      px = px.fma(rx, C8);
      py = py.fma(ry, C8);
      px = px.fma(rx, C7);
      py = py.fma(ry, C7);
      px = px.fma(rx, C6);
      py = py.fma(ry, C6);
      px = px.fma(rx, C5);
      py = py.fma(ry, C5);
      px = px.fma(rx, C4);
      py = py.fma(ry, C4);
      px = px.fma(rx, C3);
      py = py.fma(ry, C3);
      px = px.fma(rx, C2);
      py = py.fma(ry, C2);
      px = px.fma(rx, ONE);
      py = py.fma(ry, ONE);
      px = px.fma(rx, ONE);
      py = py.fma(ry, ONE);
      px.mul(sx.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i);
      py.mul(sy.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles()).intoArray(out, i + lanes);
    }
    for (; i < end; i += lanes) {
      DoubleVector x = DoubleVector.fromArray(S, v, i).mul(sign).sub(shift);
      // the clamp as compare and blend: for every input, NaN and -0 included, the value of Math.max
      // then Math.min (a NaN compares false and passes through), without the blends those take per lane
      DoubleVector low = x.blend(Exp.LOW, x.compare(VectorOperators.LT, Exp.LOW));
      DoubleVector c = low.blend(Exp.HIGH, low.compare(VectorOperators.GT, Exp.HIGH));
      DoubleVector shifted = c.fma(Exp.INV_LN2, Exp.ROUND);
      DoubleVector negK = shifted.sub(Exp.ROUND).neg();
      DoubleVector r = negK.fma(LN2_LO, negK.fma(LN2_HI, c));
      DoubleVector p = r.fma(C13, C12).fma(r, C11).fma(r, C10).fma(r, C9).fma(r, C8).fma(r, C7).fma(r, C6)
          .fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, ONE).fma(r, ONE);
      // 2^k from the shifted sum's bits (its low bits are k): AVX2 has no vector double-to-long conversion
      DoubleVector scale = shifted.reinterpretAsLongs().add(Exp.EXPONENT_FROM_SHIFTED)
          .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      p.mul(scale).intoArray(out, i);
    }
    for (; i < off + n; i++) {
      out[i] = Exp.exp(v[i] * sign - shift);
    }
  }

  /** e^-z goes into d first (each d[i] is read before the slope overwrites it), then one pass makes a and d. */
  @Override
  public void silu(double[] z, double[] a, double[] d, int n) {
    exp(z, 0, n, -1.0, 0.0, d);
    int lanes = S.length();
    int end = n - n % lanes;
    DoubleVector one = ONE;
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector zi = DoubleVector.fromArray(S, z, i);
      DoubleVector s = one.div(DoubleVector.fromArray(S, d, i).add(1.0));
      zi.mul(s).intoArray(a, i);
      s.mul(mulAdd(zi, one.sub(s), one)).intoArray(d, i);
    }
    for (; i < n; i++) {
      double zi = z[i];
      double s = 1 / (1 + d[i]);
      a[i] = zi * s;
      d[i] = s * Math.fma(zi, 1 - s, 1);
    }
  }

  @Override
  public void expShifted(double[] v, int off, int n, double shift, double[] out) {
    exp(v, off, n, 1.0, shift, out);
  }


  /** a * b + c rounded once (a fused multiply-add): {@link Math#fma} lane by lane, the scalar loops' operation. */
  private static DoubleVector mulAdd(DoubleVector a, double b, DoubleVector c) {
    return a.fma(DoubleVector.broadcast(S, b), c);
  }

  private static DoubleVector mulAdd(DoubleVector a, DoubleVector b, DoubleVector c) {
    return a.fma(b, c);
  }
}
