package io.bimtsweep.core.train;

import io.bimtsweep.core.model.ExpF;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on the JDK's Vector API. Lanes hold different output elements (different
 * neurons, or different weights), each accumulated in {@link ScalarFloatKernels}' order by the same
 * fused multiply-adds ({@code fma} lane by lane is {@link Math#fma}), so any species gives the
 * scalar loops' bits; the widths differ only in speed. Eight independent sums share
 * each pass where the shape allows (four rows times two vectors of outputs or inputs; in the
 * weight gradient, four inputs times two vectors of outputs), so that the loads are shared and
 * the adder's latency is hidden.
 *
 * <p>One species per JVM, in a static final field: HotSpot compiles vectors to machine
 * instructions only when the species is a constant where they are used (an instance field made
 * every operation ten times slower than the scalar loops). {@code -Dbimt.kernels=vector128} etc.
 * picks it at start-up; the default is the machine's widest.
 *
 * <p>{@link VectorKernels}' float twin (no generics over primitive vectors), with two differences.
 * What is left past the last whole vector (a 20-wide layer leaves 4 of 8 floats, where 4 doubles
 * divide it) is summed as four independent chains, which took a float32 independence step from
 * 0.07-0.11 to 0.045 ms. Half-width vectors there were 3-4x slower: two float shapes in one JVM's
 * kernels kept HotSpot from compiling them to machine vectors. And a width between one and two
 * vectors (20 at 16 floats) is covered by two overlapping vectors instead ({@link #overlaps}).
 */
final class VectorFloatKernels implements FloatKernels {
  private static final VectorSpecies<Float> S = speciesFromProperty();
  /** {@link ExpF}'s constants as vectors, made once rather than broadcast in every pass of {@link #expInto}. */
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  private static final FloatVector LN2_HI = FloatVector.broadcast(S, ExpF.LN2_HI);
  private static final FloatVector LN2_LO = FloatVector.broadcast(S, ExpF.LN2_LO);
  private static final FloatVector C2 = FloatVector.broadcast(S, ExpF.C2);
  private static final FloatVector C3 = FloatVector.broadcast(S, ExpF.C3);
  private static final FloatVector C4 = FloatVector.broadcast(S, ExpF.C4);
  private static final FloatVector C5 = FloatVector.broadcast(S, ExpF.C5);
  private static final FloatVector C6 = FloatVector.broadcast(S, ExpF.C6);
  private static final FloatVector C7 = FloatVector.broadcast(S, ExpF.C7);
  static final VectorFloatKernels INSTANCE = new VectorFloatKernels();

  private VectorFloatKernels() {}

  /** "vector" (the widest in hardware) or "vector" + 64/128/256/512, whether or not the machine has it in hardware. */
  static VectorSpecies<Float> species(String name) {
    String bits = name.trim().toLowerCase(java.util.Locale.ROOT);
    bits = bits.startsWith("vector") ? bits.substring("vector".length()) : "";
    return switch (bits) {
      case "64" -> FloatVector.SPECIES_64;
      case "128" -> FloatVector.SPECIES_128;
      case "256" -> FloatVector.SPECIES_256;
      case "512" -> FloatVector.SPECIES_512;
      case "" -> FloatVector.SPECIES_PREFERRED;
      default -> throw new IllegalArgumentException("no float vector of " + bits + " bits (64, 128, 256 or 512)");
    };
  }

  /** -Dbimt.kernels's width; a wrong one is reported by {@link Kernels}, and the widest is used. */
  private static VectorSpecies<Float> speciesFromProperty() {
    try {
      return species(System.getProperty("bimt.kernels", "vector"));
    } catch (IllegalArgumentException e) {
      return FloatVector.SPECIES_PREFERRED;
    }
  }

  private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[0]);

  @Override
  public String name() {
    return "vector" + S.vectorBitSize();
  }

  @Override
  public void forward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    if (overlaps(nOut)) {
      forwardOverlapped(batch, nIn, nOut, x, p, wOff, bOff, z);
      return;
    }
    int vecEnd = nOut - nOut % lanes;
    float[] wT = transposed(nIn, nOut, vecEnd, p, wOff); // the tail reads w directly
    int b = 0;
    for (; b + 4 <= batch; b += 4) {
      int x0 = b * nIn;
      int x1 = x0 + nIn;
      int x2 = x1 + nIn;
      int x3 = x2 + nIn;
      int z0 = b * nOut;
      int o = 0;
      for (; o + 2 * lanes <= vecEnd; o += 2 * lanes) { // eight sums share each load of w and x
        FloatVector a0 = FloatVector.zero(s);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        for (int i = 0; i < nIn; i++) {
          FloatVector w = FloatVector.fromArray(s, wT, i * nOut + o);
          FloatVector v = FloatVector.fromArray(s, wT, i * nOut + o + lanes);
          float y0 = x[x0 + i];
          float y1 = x[x1 + i];
          float y2 = x[x2 + i];
          float y3 = x[x3 + i];
          a0 = mulAdd(w, y0, a0);
          a1 = mulAdd(w, y1, a1);
          a2 = mulAdd(w, y2, a2);
          a3 = mulAdd(w, y3, a3);
          c0 = mulAdd(v, y0, c0);
          c1 = mulAdd(v, y1, c1);
          c2 = mulAdd(v, y2, c2);
          c3 = mulAdd(v, y3, c3);
        }
        FloatVector bias = FloatVector.fromArray(s, p, bOff + o);
        bias.add(a0).intoArray(z, z0 + o);
        bias.add(a1).intoArray(z, z0 + nOut + o);
        bias.add(a2).intoArray(z, z0 + 2 * nOut + o);
        bias.add(a3).intoArray(z, z0 + 3 * nOut + o);
        FloatVector bias2 = FloatVector.fromArray(s, p, bOff + o + lanes);
        bias2.add(c0).intoArray(z, z0 + o + lanes);
        bias2.add(c1).intoArray(z, z0 + nOut + o + lanes);
        bias2.add(c2).intoArray(z, z0 + 2 * nOut + o + lanes);
        bias2.add(c3).intoArray(z, z0 + 3 * nOut + o + lanes);
      }
      for (; o < vecEnd; o += lanes) {
        FloatVector a0 = FloatVector.zero(s);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = 0; i < nIn; i++) {
          FloatVector w = FloatVector.fromArray(s, wT, i * nOut + o);
          a0 = mulAdd(w, x[x0 + i], a0);
          a1 = mulAdd(w, x[x1 + i], a1);
          a2 = mulAdd(w, x[x2 + i], a2);
          a3 = mulAdd(w, x[x3 + i], a3);
        }
        FloatVector bias = FloatVector.fromArray(s, p, bOff + o);
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
        FloatVector a = FloatVector.zero(s);
        for (int i = 0; i < nIn; i++) {
          a = mulAdd(FloatVector.fromArray(s, wT, i * nOut + o), x[xo + i], a);
        }
        FloatVector.fromArray(s, p, bOff + o).add(a).intoArray(z, zo + o);
      }
      forwardTail(vecEnd, nIn, nOut, x, xo, p, wOff, bOff, z, zo);
    }
  }

  /**
   * Whether a width lies strictly between one and two vectors (the presets' 20 at 16 floats): then
   * two vectors cover it, the second ending at the last element, and the elements they share are
   * computed twice by the same operations in the same order, so both copies have the same bits.
   * Two vectors per row instead of one and four one-lane chains: float32 independence's eight
   * products per step 20.1 us before, 10.4 us after ({@code bimt bench --kernels}; float64's 14-15),
   * and the whole run 0.46-0.49 s before, 0.27-0.28 s after, where float64 takes 0.43-0.47 s.
   */
  private static boolean overlaps(int width) {
    int lanes = S.length();
    return width > lanes && width < 2 * lanes;
  }

  /** {@link #forward} when {@link #overlaps} nOut: two vectors of outputs, from 0 and from nOut - lanes. */
  private static void forwardOverlapped(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    VectorSpecies<Float> s = S;
    int u = nOut - s.length();
    float[] wT = transposed(nIn, nOut, nOut, p, wOff);
    FloatVector bias = FloatVector.fromArray(s, p, bOff);
    FloatVector bias2 = FloatVector.fromArray(s, p, bOff + u);
    int b = 0;
    for (; b + 4 <= batch; b += 4) { // four rows times two vectors: eight sums share each load of w and x
      int x0 = b * nIn;
      int x1 = x0 + nIn;
      int x2 = x1 + nIn;
      int x3 = x2 + nIn;
      FloatVector a0 = FloatVector.zero(s);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector c0 = a0;
      FloatVector c1 = a0;
      FloatVector c2 = a0;
      FloatVector c3 = a0;
      for (int i = 0; i < nIn; i++) {
        FloatVector w = FloatVector.fromArray(s, wT, i * nOut);
        FloatVector v = FloatVector.fromArray(s, wT, i * nOut + u);
        float y0 = x[x0 + i];
        float y1 = x[x1 + i];
        float y2 = x[x2 + i];
        float y3 = x[x3 + i];
        a0 = mulAdd(w, y0, a0);
        a1 = mulAdd(w, y1, a1);
        a2 = mulAdd(w, y2, a2);
        a3 = mulAdd(w, y3, a3);
        c0 = mulAdd(v, y0, c0);
        c1 = mulAdd(v, y1, c1);
        c2 = mulAdd(v, y2, c2);
        c3 = mulAdd(v, y3, c3);
      }
      int z0 = b * nOut;
      bias.add(a0).intoArray(z, z0);
      bias.add(a1).intoArray(z, z0 + nOut);
      bias.add(a2).intoArray(z, z0 + 2 * nOut);
      bias.add(a3).intoArray(z, z0 + 3 * nOut);
      bias2.add(c0).intoArray(z, z0 + u);
      bias2.add(c1).intoArray(z, z0 + nOut + u);
      bias2.add(c2).intoArray(z, z0 + 2 * nOut + u);
      bias2.add(c3).intoArray(z, z0 + 3 * nOut + u);
    }
    for (; b < batch; b++) {
      int xo = b * nIn;
      FloatVector a = FloatVector.zero(s);
      FloatVector c = a;
      for (int i = 0; i < nIn; i++) {
        float y = x[xo + i];
        a = mulAdd(FloatVector.fromArray(s, wT, i * nOut), y, a);
        c = mulAdd(FloatVector.fromArray(s, wT, i * nOut + u), y, c);
      }
      bias.add(a).intoArray(z, b * nOut);
      bias2.add(c).intoArray(z, b * nOut + u);
    }
  }

  /**
   * w's first {@code outputs} outputs transposed to [in][out] in this thread's buffer: a row then
   * holds one input's weight into consecutive outputs.
   */
  private static float[] transposed(int nIn, int nOut, int outputs, float[] p, int wOff) {
    float[] wT = TRANSPOSED.get();
    if (wT.length < nIn * nOut) {
      wT = new float[nIn * nOut];
      TRANSPOSED.set(wT);
    }
    for (int o = 0; o < outputs; o++) {
      int wo = wOff + o * nIn;
      for (int i = 0; i < nIn; i++) {
        wT[i * nOut + o] = p[wo + i];
      }
    }
    return wT;
  }

  /**
   * Four rows' outputs past the last whole vector, reading w in its own [out][in] order: four
   * independent sums (one per row) share each weight, so the adder is not kept waiting on one
   * sum's previous addition. Each sum is still the scalar loops' sum, in their order.
   */
  private static void forwardTail4(int from, int nIn, int nOut, float[] x, int x0, float[] p, int wOff, int bOff,
      float[] z, int z0) {
    int x1 = x0 + nIn;
    int x2 = x1 + nIn;
    int x3 = x2 + nIn;
    for (int o = from; o < nOut; o++) {
      int wo = wOff + o * nIn;
      float a0 = 0;
      float a1 = 0;
      float a2 = 0;
      float a3 = 0;
      for (int i = 0; i < nIn; i++) {
        float w = p[wo + i];
        a0 = Math.fma(x[x0 + i], w, a0);
        a1 = Math.fma(x[x1 + i], w, a1);
        a2 = Math.fma(x[x2 + i], w, a2);
        a3 = Math.fma(x[x3 + i], w, a3);
      }
      float bias = p[bOff + o];
      z[z0 + o] = bias + a0;
      z[z0 + nOut + o] = bias + a1;
      z[z0 + 2 * nOut + o] = bias + a2;
      z[z0 + 3 * nOut + o] = bias + a3;
    }
  }

  /** The outputs past the last whole vector, one at a time, reading w in its own [out][in] order. */
  private static void forwardTail(int from, int nIn, int nOut, float[] x, int xo, float[] p, int wOff, int bOff,
      float[] z, int zo) {
    for (int o = from; o < nOut; o++) {
      int wo = wOff + o * nIn;
      float a = 0;
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
    float[] value = new float[0];
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
    static boolean anyZero(float[] a, int n) {
      int lanes = S.length();
      int block = 4 * lanes;
      int blockEnd = n - n % block;
      int i = 0;
      for (; i < blockEnd; i += block) {
        if (FloatVector.fromArray(S, a, i).compare(VectorOperators.EQ, 0f)
            .or(FloatVector.fromArray(S, a, i + lanes).compare(VectorOperators.EQ, 0f))
            .or(FloatVector.fromArray(S, a, i + 2 * lanes).compare(VectorOperators.EQ, 0f))
            .or(FloatVector.fromArray(S, a, i + 3 * lanes).compare(VectorOperators.EQ, 0f)).anyTrue()) {
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
    int gather(float[] dz, int start, int stride, int n) {
      if (at.length < n) {
        at = new int[n];
        value = new float[n];
      }
      int m = 0;
      for (int k = 0; k < n; k++) {
        float d = dz[start + k * stride];
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
  public void weightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int outEnd = nOut - nOut % lanes;
    biasGradient(batch, nOut, dz, g, bOff);
    int block = 4 * lanes;
    int blockEnd = nIn - nIn % block;
    int vecEnd = nIn - nIn % lanes;
    Nonzero nz = NONZERO.get();
    boolean zeros = Nonzero.anyZero(dz, batch * nOut);
    int byOutputsEnd = 0; // outputs whose every weight weightByOutputs did
    if (!zeros && overlaps(nOut)) {
      byOutputsEnd = nOut;
      weightByOutputsOverlapped(batch, nIn, nOut, x, dz, g, wOff);
    } else if (!zeros) {
      byOutputsEnd = outEnd;
      weightByOutputs(batch, nIn, nOut, outEnd, x, dz, g, wOff);
      if (overlaps(nIn)) {
        byOutputsEnd = nOut;
        weightInputsOverlapped(batch, nIn, nOut, outEnd, x, dz, g, wOff);
      } else {
        weightTiles(batch, nIn, nOut, vecEnd / lanes, outEnd, x, dz, g, wOff);
      }
    }
    for (int o = 0; o < nOut; o++) {
      // the rows with dz[b][o] != 0, in order (all rows when none is zero): zero terms are skipped, branch-free below
      int m = zeros ? nz.gather(dz, o, nOut, batch) : batch;
      int[] rows = zeros ? nz.at : nz.identity(batch);
      float[] ds = zeros ? nz.value : dz;
      int d0 = zeros ? 0 : o;
      int step = zeros ? 1 : nOut;
      int wo = wOff + o * nIn;
      int i = zeros ? 0 : o < byOutputsEnd ? nIn : vecEnd; // without zeros, the tiles did the vectors
      for (; i < blockEnd; i += block) {
        FloatVector a0 = FloatVector.fromArray(s, g, wo + i);
        FloatVector a1 = FloatVector.fromArray(s, g, wo + i + lanes);
        FloatVector a2 = FloatVector.fromArray(s, g, wo + i + 2 * lanes);
        FloatVector a3 = FloatVector.fromArray(s, g, wo + i + 3 * lanes);
        for (int k = 0; k < m; k++) {
          float d = ds[d0 + k * step];
          int xo = rows[k] * nIn + i;
          a0 = mulAdd(FloatVector.fromArray(s, x, xo), d, a0);
          a1 = mulAdd(FloatVector.fromArray(s, x, xo + lanes), d, a1);
          a2 = mulAdd(FloatVector.fromArray(s, x, xo + 2 * lanes), d, a2);
          a3 = mulAdd(FloatVector.fromArray(s, x, xo + 3 * lanes), d, a3);
        }
        a0.intoArray(g, wo + i);
        a1.intoArray(g, wo + i + lanes);
        a2.intoArray(g, wo + i + 2 * lanes);
        a3.intoArray(g, wo + i + 3 * lanes);
      }
      for (; i < vecEnd; i += lanes) {
        FloatVector a = FloatVector.fromArray(s, g, wo + i);
        for (int k = 0; k < m; k++) {
          a = mulAdd(FloatVector.fromArray(s, x, rows[k] * nIn + i), ds[d0 + k * step], a);
        }
        a.intoArray(g, wo + i);
      }
      for (; i + 4 <= nIn; i += 4) { // four independent sums, each in the scalar loops' order
        float a0 = g[wo + i];
        float a1 = g[wo + i + 1];
        float a2 = g[wo + i + 2];
        float a3 = g[wo + i + 3];
        for (int k = 0; k < m; k++) {
          float d = ds[d0 + k * step];
          int xo = rows[k] * nIn + i;
          a0 = Math.fma(d, x[xo], a0);
          a1 = Math.fma(d, x[xo + 1], a1);
          a2 = Math.fma(d, x[xo + 2], a2);
          a3 = Math.fma(d, x[xo + 3], a3);
        }
        g[wo + i] = a0;
        g[wo + i + 1] = a1;
        g[wo + i + 2] = a2;
        g[wo + i + 3] = a3;
      }
      for (; i < nIn; i++) {
        float a = g[wo + i];
        for (int k = 0; k < m; k++) {
          a = Math.fma(ds[d0 + k * step], x[rows[k] * nIn + i], a);
        }
        g[wo + i] = a;
      }
    }
  }

  private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[8 * S.length()]);

  /**
   * The weight gradient of outputs [0, outEnd) when no dz is zero, with lanes across outputs: a
   * row of dz holds consecutive outputs, so two loads and four broadcasts of x feed eight
   * independent sums (two vectors of outputs times four inputs). Each (output, input) sum still
   * starts from g and adds dz * x over the rows in order, so the bits are the scalar loops'.
   * Measured against lanes across inputs (weightTiles), which loads x for every tile and leaves
   * the inputs past the last whole vector to one dependent chain each: 2-4x faster at the presets'
   * shapes (2 or 4 inputs into 20) and 2x at 100 x 100>100 ({@code bimt bench --kernels}).
   */
  private static void weightByOutputs(int batch, int nIn, int nOut, int outEnd, float[] x, float[] dz, float[] g,
      int wOff) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    float[] acc = TILE.get();
    for (int i = 0; i < nIn; i += 4) {
      int last = Math.min(4, nIn - i) - 1; // fewer than four inputs left: the spare sums repeat the last one
      int i1 = i + Math.min(1, last);
      int i2 = i + Math.min(2, last);
      int i3 = i + Math.min(3, last);
      int o = 0;
      for (; o + 2 * lanes <= outEnd; o += 2 * lanes) {
        gatherTile(g, wOff, nIn, o, 2 * lanes, i, i1, i2, i3, acc, 0);
        FloatVector a0 = FloatVector.fromArray(s, acc, 0);
        FloatVector a1 = FloatVector.fromArray(s, acc, 2 * lanes);
        FloatVector a2 = FloatVector.fromArray(s, acc, 4 * lanes);
        FloatVector a3 = FloatVector.fromArray(s, acc, 6 * lanes);
        FloatVector c0 = FloatVector.fromArray(s, acc, lanes);
        FloatVector c1 = FloatVector.fromArray(s, acc, 3 * lanes);
        FloatVector c2 = FloatVector.fromArray(s, acc, 5 * lanes);
        FloatVector c3 = FloatVector.fromArray(s, acc, 7 * lanes);
        for (int b = 0; b < batch; b++) {
          FloatVector d = FloatVector.fromArray(s, dz, b * nOut + o);
          FloatVector e = FloatVector.fromArray(s, dz, b * nOut + o + lanes);
          int xb = b * nIn;
          float x0 = x[xb + i];
          float x1 = x[xb + i1];
          float x2 = x[xb + i2];
          float x3 = x[xb + i3];
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
        scatterTile(acc, 0, g, wOff, nIn, o, 2 * lanes, i, last);
      }
      for (; o < outEnd; o += lanes) {
        gatherTile(g, wOff, nIn, o, lanes, i, i1, i2, i3, acc, 0);
        FloatVector a0 = FloatVector.fromArray(s, acc, 0);
        FloatVector a1 = FloatVector.fromArray(s, acc, lanes);
        FloatVector a2 = FloatVector.fromArray(s, acc, 2 * lanes);
        FloatVector a3 = FloatVector.fromArray(s, acc, 3 * lanes);
        for (int b = 0; b < batch; b++) {
          FloatVector d = FloatVector.fromArray(s, dz, b * nOut + o);
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
        scatterTile(acc, 0, g, wOff, nIn, o, lanes, i, last);
      }
    }
  }

  /**
   * g_b[o] += dz[b][o] over the rows in order, summed in registers: four vectors of outputs per
   * pass, then one at a time, and the outputs past the last whole vector as one vector ending at
   * nOut (summed first, from g's values before any pass stores, and only its last lanes stored).
   * Row by row through memory, each addition waited for the store before it: 70 us for modular
   * addition's 2,785 rows of 50 or 59.
   */
  @Override
  public void biasGradient(int batch, int nOut, float[] dz, float[] g, int bOff) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int outEnd = nOut - nOut % lanes;
    float[] tail = null;
    if (outEnd < nOut && nOut >= lanes) {
      int u = nOut - lanes;
      FloatVector a = FloatVector.fromArray(s, g, bOff + u);
      for (int b = 0; b < batch; b++) {
        a = a.add(FloatVector.fromArray(s, dz, b * nOut + u));
      }
      tail = BIAS_TAIL.get();
      a.intoArray(tail, 0);
    }
    int o = 0;
    for (; o + 4 * lanes <= outEnd; o += 4 * lanes) {
      FloatVector a0 = FloatVector.fromArray(s, g, bOff + o);
      FloatVector a1 = FloatVector.fromArray(s, g, bOff + o + lanes);
      FloatVector a2 = FloatVector.fromArray(s, g, bOff + o + 2 * lanes);
      FloatVector a3 = FloatVector.fromArray(s, g, bOff + o + 3 * lanes);
      for (int b = 0; b < batch; b++) {
        int zo = b * nOut + o;
        a0 = a0.add(FloatVector.fromArray(s, dz, zo));
        a1 = a1.add(FloatVector.fromArray(s, dz, zo + lanes));
        a2 = a2.add(FloatVector.fromArray(s, dz, zo + 2 * lanes));
        a3 = a3.add(FloatVector.fromArray(s, dz, zo + 3 * lanes));
      }
      a0.intoArray(g, bOff + o);
      a1.intoArray(g, bOff + o + lanes);
      a2.intoArray(g, bOff + o + 2 * lanes);
      a3.intoArray(g, bOff + o + 3 * lanes);
    }
    for (; o < outEnd; o += lanes) {
      FloatVector a = FloatVector.fromArray(s, g, bOff + o);
      for (int b = 0; b < batch; b++) {
        a = a.add(FloatVector.fromArray(s, dz, b * nOut + o));
      }
      a.intoArray(g, bOff + o);
    }
    if (tail != null) {
      System.arraycopy(tail, outEnd - (nOut - lanes), g, bOff + outEnd, nOut - outEnd);
      return;
    }
    for (; o < nOut; o++) {
      float a = g[bOff + o];
      for (int b = 0; b < batch; b++) {
        a += dz[b * nOut + o];
      }
      g[bOff + o] = a;
    }
  }

  private static final ThreadLocal<float[]> BIAS_TAIL = ThreadLocal.withInitial(() -> new float[S.length()]);

  /**
   * {@link #weightByOutputs} when {@link #overlaps} nOut: two vectors of outputs (from 0 and from
   * nOut - lanes) times four inputs. Both tiles are gathered from g before either is scattered
   * back, so the outputs they share start from the same values and end with the same bits.
   */
  private static void weightByOutputsOverlapped(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int u = nOut - lanes;
    float[] acc = TILE.get();
    for (int i = 0; i < nIn; i += 4) {
      int last = Math.min(4, nIn - i) - 1; // fewer than four inputs left: the spare sums repeat the last one
      int i1 = i + Math.min(1, last);
      int i2 = i + Math.min(2, last);
      int i3 = i + Math.min(3, last);
      gatherTile(g, wOff, nIn, 0, lanes, i, i1, i2, i3, acc, 0);
      gatherTile(g, wOff, nIn, u, lanes, i, i1, i2, i3, acc, 4 * lanes);
      FloatVector a0 = FloatVector.fromArray(s, acc, 0);
      FloatVector a1 = FloatVector.fromArray(s, acc, lanes);
      FloatVector a2 = FloatVector.fromArray(s, acc, 2 * lanes);
      FloatVector a3 = FloatVector.fromArray(s, acc, 3 * lanes);
      FloatVector c0 = FloatVector.fromArray(s, acc, 4 * lanes);
      FloatVector c1 = FloatVector.fromArray(s, acc, 5 * lanes);
      FloatVector c2 = FloatVector.fromArray(s, acc, 6 * lanes);
      FloatVector c3 = FloatVector.fromArray(s, acc, 7 * lanes);
      for (int b = 0; b < batch; b++) {
        FloatVector d = FloatVector.fromArray(s, dz, b * nOut);
        FloatVector e = FloatVector.fromArray(s, dz, b * nOut + u);
        int xb = b * nIn;
        float x0 = x[xb + i];
        float x1 = x[xb + i1];
        float x2 = x[xb + i2];
        float x3 = x[xb + i3];
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
      a1.intoArray(acc, lanes);
      a2.intoArray(acc, 2 * lanes);
      a3.intoArray(acc, 3 * lanes);
      c0.intoArray(acc, 4 * lanes);
      c1.intoArray(acc, 5 * lanes);
      c2.intoArray(acc, 6 * lanes);
      c3.intoArray(acc, 7 * lanes);
      scatterTile(acc, 0, g, wOff, nIn, 0, lanes, i, last);
      scatterTile(acc, 4 * lanes, g, wOff, nIn, u, lanes, i, last);
    }
  }

  /**
   * The weight gradient of outputs [fromOut, nOut) when {@link #overlaps} nIn and no dz is zero:
   * each output's weights as two vectors of inputs (from 0 and from nIn - lanes), two outputs per
   * pass, all four loaded from g before any is stored.
   */
  private static void weightInputsOverlapped(int batch, int nIn, int nOut, int fromOut, float[] x, float[] dz,
      float[] g, int wOff) {
    VectorSpecies<Float> s = S;
    int u = nIn - s.length();
    int o = fromOut;
    for (; o + 2 <= nOut; o += 2) {
      int w0 = wOff + o * nIn;
      int w1 = w0 + nIn;
      FloatVector a0 = FloatVector.fromArray(s, g, w0);
      FloatVector c0 = FloatVector.fromArray(s, g, w0 + u);
      FloatVector a1 = FloatVector.fromArray(s, g, w1);
      FloatVector c1 = FloatVector.fromArray(s, g, w1 + u);
      for (int b = 0; b < batch; b++) {
        FloatVector xv = FloatVector.fromArray(s, x, b * nIn);
        FloatVector xw = FloatVector.fromArray(s, x, b * nIn + u);
        float d0 = dz[b * nOut + o];
        float d1 = dz[b * nOut + o + 1];
        a0 = mulAdd(xv, d0, a0);
        c0 = mulAdd(xw, d0, c0);
        a1 = mulAdd(xv, d1, a1);
        c1 = mulAdd(xw, d1, c1);
      }
      a0.intoArray(g, w0);
      c0.intoArray(g, w0 + u);
      a1.intoArray(g, w1);
      c1.intoArray(g, w1 + u);
    }
    if (o < nOut) {
      int w0 = wOff + o * nIn;
      FloatVector a0 = FloatVector.fromArray(s, g, w0);
      FloatVector c0 = FloatVector.fromArray(s, g, w0 + u);
      for (int b = 0; b < batch; b++) {
        float d0 = dz[b * nOut + o];
        a0 = mulAdd(FloatVector.fromArray(s, x, b * nIn), d0, a0);
        c0 = mulAdd(FloatVector.fromArray(s, x, b * nIn + u), d0, c0);
      }
      a0.intoArray(g, w0);
      c0.intoArray(g, w0 + u);
    }
  }

  /** acc[at + k * width + l] = g's weight from input ik into output o + l, for k = 0..3 and l < width. */
  private static void gatherTile(float[] g, int wOff, int nIn, int o, int width, int i0, int i1, int i2, int i3,
      float[] acc, int at) {
    for (int l = 0; l < width; l++) {
      int w = wOff + (o + l) * nIn;
      acc[at + l] = g[w + i0];
      acc[at + width + l] = g[w + i1];
      acc[at + 2 * width + l] = g[w + i2];
      acc[at + 3 * width + l] = g[w + i3];
    }
  }

  /** The inverse of gatherTile for inputs i0..i0 + last (the spare sums are dropped). */
  private static void scatterTile(float[] acc, int at, float[] g, int wOff, int nIn, int o, int width, int i0, int last) {
    for (int l = 0; l < width; l++) {
      int w = wOff + (o + l) * nIn + i0;
      for (int k = 0; k <= last; k++) {
        g[w + k] = acc[at + k * width + l];
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
  private static void weightTiles(int batch, int nIn, int nOut, int vecsPerRow, int fromOut, float[] x, float[] dz,
      float[] g, int wOff) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
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
      FloatVector a0 = FloatVector.fromArray(s, g, wOff + o0 * nIn + i0);
      FloatVector a1 = FloatVector.fromArray(s, g, wOff + o1 * nIn + i1);
      FloatVector a2 = FloatVector.fromArray(s, g, wOff + o2 * nIn + i2);
      FloatVector a3 = FloatVector.fromArray(s, g, wOff + o3 * nIn + i3);
      for (int b = 0; b < batch; b++) {
        int xb = b * nIn;
        int zb = b * nOut;
        a0 = mulAdd(FloatVector.fromArray(s, x, xb + i0), dz[zb + o0], a0);
        a1 = mulAdd(FloatVector.fromArray(s, x, xb + i1), dz[zb + o1], a1);
        a2 = mulAdd(FloatVector.fromArray(s, x, xb + i2), dz[zb + o2], a2);
        a3 = mulAdd(FloatVector.fromArray(s, x, xb + i3), dz[zb + o3], a3);
      }
      a0.intoArray(g, wOff + o0 * nIn + i0);
      a1.intoArray(g, wOff + o1 * nIn + i1);
      a2.intoArray(g, wOff + o2 * nIn + i2);
      a3.intoArray(g, wOff + o3 * nIn + i3);
    }
    for (; t < tiles; t++) {
      int o = t / vecsPerRow;
      int i = (t % vecsPerRow) * lanes;
      FloatVector a = FloatVector.fromArray(s, g, wOff + o * nIn + i);
      for (int b = 0; b < batch; b++) {
        a = mulAdd(FloatVector.fromArray(s, x, b * nIn + i), dz[b * nOut + o], a);
      }
      a.intoArray(g, wOff + o * nIn + i);
    }
  }

  @Override
  public void inputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int block = 4 * lanes;
    int blockEnd = nIn - nIn % block;
    int vecEnd = nIn - nIn % lanes;
    Nonzero nz = NONZERO.get();
    boolean zeros = Nonzero.anyZero(dz, batch * nOut);
    if (!zeros && overlaps(nIn)) {
      inputOverlapped(batch, nIn, nOut, dz, p, wOff, dx);
      return;
    }
    if (!zeros) {
      inputTiles(batch, nIn, nOut, vecEnd / lanes, dz, p, wOff, dx);
    }
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      // the outputs with dz[b][o] != 0, in order (all of them when none is zero)
      int m = zeros ? nz.gather(dz, b * nOut, 1, nOut) : nOut;
      int[] outs = zeros ? nz.at : nz.identity(nOut);
      float[] ds = zeros ? nz.value : dz;
      int d0 = zeros ? 0 : b * nOut;
      int i = zeros ? 0 : vecEnd; // without zeros, inputTiles did the vectors
      for (; i < blockEnd; i += block) {
        FloatVector a0 = FloatVector.zero(s);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int k = 0; k < m; k++) {
          float d = ds[d0 + k];
          int wo = wOff + outs[k] * nIn + i;
          a0 = mulAdd(FloatVector.fromArray(s, p, wo), d, a0);
          a1 = mulAdd(FloatVector.fromArray(s, p, wo + lanes), d, a1);
          a2 = mulAdd(FloatVector.fromArray(s, p, wo + 2 * lanes), d, a2);
          a3 = mulAdd(FloatVector.fromArray(s, p, wo + 3 * lanes), d, a3);
        }
        a0.intoArray(dx, xo + i);
        a1.intoArray(dx, xo + i + lanes);
        a2.intoArray(dx, xo + i + 2 * lanes);
        a3.intoArray(dx, xo + i + 3 * lanes);
      }
      for (; i < vecEnd; i += lanes) {
        FloatVector a = FloatVector.zero(s);
        for (int k = 0; k < m; k++) {
          a = mulAdd(FloatVector.fromArray(s, p, wOff + outs[k] * nIn + i), ds[d0 + k], a);
        }
        a.intoArray(dx, xo + i);
      }
      for (; i + 4 <= nIn; i += 4) { // four independent sums, each in the scalar loops' order
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int k = 0; k < m; k++) {
          float d = ds[d0 + k];
          int wo = wOff + outs[k] * nIn + i;
          a0 = Math.fma(d, p[wo], a0);
          a1 = Math.fma(d, p[wo + 1], a1);
          a2 = Math.fma(d, p[wo + 2], a2);
          a3 = Math.fma(d, p[wo + 3], a3);
        }
        dx[xo + i] = a0;
        dx[xo + i + 1] = a1;
        dx[xo + i + 2] = a2;
        dx[xo + i + 3] = a3;
      }
      for (; i < nIn; i++) {
        float a = 0;
        for (int k = 0; k < m; k++) {
          a = Math.fma(ds[d0 + k], p[wOff + outs[k] * nIn + i], a);
        }
        dx[xo + i] = a;
      }
    }
  }

  /** {@link #inputGradient} when {@link #overlaps} nIn and no dz is zero: two vectors of inputs, from 0 and from nIn - lanes. */
  private static void inputOverlapped(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    VectorSpecies<Float> s = S;
    int u = nIn - s.length();
    int b = 0;
    for (; b + 4 <= batch; b += 4) { // four rows times two vectors: eight sums share each load of w and dz
      int d0 = b * nOut;
      int d1 = d0 + nOut;
      int d2 = d1 + nOut;
      int d3 = d2 + nOut;
      FloatVector a0 = FloatVector.zero(s);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector c0 = a0;
      FloatVector c1 = a0;
      FloatVector c2 = a0;
      FloatVector c3 = a0;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        FloatVector w = FloatVector.fromArray(s, p, wo);
        FloatVector v = FloatVector.fromArray(s, p, wo + u);
        float e0 = dz[d0 + o];
        float e1 = dz[d1 + o];
        float e2 = dz[d2 + o];
        float e3 = dz[d3 + o];
        a0 = mulAdd(w, e0, a0);
        a1 = mulAdd(w, e1, a1);
        a2 = mulAdd(w, e2, a2);
        a3 = mulAdd(w, e3, a3);
        c0 = mulAdd(v, e0, c0);
        c1 = mulAdd(v, e1, c1);
        c2 = mulAdd(v, e2, c2);
        c3 = mulAdd(v, e3, c3);
      }
      int x0 = b * nIn;
      a0.intoArray(dx, x0);
      a1.intoArray(dx, x0 + nIn);
      a2.intoArray(dx, x0 + 2 * nIn);
      a3.intoArray(dx, x0 + 3 * nIn);
      c0.intoArray(dx, x0 + u);
      c1.intoArray(dx, x0 + nIn + u);
      c2.intoArray(dx, x0 + 2 * nIn + u);
      c3.intoArray(dx, x0 + 3 * nIn + u);
    }
    for (; b < batch; b++) {
      FloatVector a = FloatVector.zero(s);
      FloatVector c = a;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        float e = dz[b * nOut + o];
        a = mulAdd(FloatVector.fromArray(s, p, wo), e, a);
        c = mulAdd(FloatVector.fromArray(s, p, wo + u), e, c);
      }
      a.intoArray(dx, b * nIn);
      c.intoArray(dx, b * nIn + u);
    }
  }

  /** Rows [0, rows) (a multiple of four) at the one vector of inputs from i: four sums share each load of w. */
  private static void inputVectorOfRows(int rows, int nIn, int nOut, int i, float[] dz, float[] p, int wOff, float[] dx) {
    VectorSpecies<Float> s = S;
    for (int b = 0; b < rows; b += 4) {
      int d0 = b * nOut;
      FloatVector a0 = FloatVector.zero(s);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      for (int o = 0; o < nOut; o++) {
        FloatVector w = FloatVector.fromArray(s, p, wOff + o * nIn + i);
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
  private static void inputTiles(int batch, int nIn, int nOut, int vecsPerRow, float[] dz, float[] p, int wOff,
      float[] dx) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int rowsOf4 = batch - batch % 4;
    int pairEnd = (vecsPerRow - vecsPerRow % 2) * lanes;
    for (int b = 0; pairEnd > 0 && b < rowsOf4; b += 4) { // four rows times two vectors: eight sums share each load
      int d0 = b * nOut;
      int d1 = d0 + nOut;
      int d2 = d1 + nOut;
      int d3 = d2 + nOut;
      for (int i = 0; i < pairEnd; i += 2 * lanes) {
        FloatVector a0 = FloatVector.zero(s);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        for (int o = 0; o < nOut; o++) {
          int wo = wOff + o * nIn + i;
          FloatVector w = FloatVector.fromArray(s, p, wo);
          FloatVector v = FloatVector.fromArray(s, p, wo + lanes);
          float e0 = dz[d0 + o];
          float e1 = dz[d1 + o];
          float e2 = dz[d2 + o];
          float e3 = dz[d3 + o];
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
      FloatVector a0 = FloatVector.zero(s);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        a0 = mulAdd(FloatVector.fromArray(s, p, wo + i0), dz[b0 * nOut + o], a0);
        a1 = mulAdd(FloatVector.fromArray(s, p, wo + i1), dz[b1 * nOut + o], a1);
        a2 = mulAdd(FloatVector.fromArray(s, p, wo + i2), dz[b2 * nOut + o], a2);
        a3 = mulAdd(FloatVector.fromArray(s, p, wo + i3), dz[b3 * nOut + o], a3);
      }
      a0.intoArray(dx, b0 * nIn + i0);
      a1.intoArray(dx, b1 * nIn + i1);
      a2.intoArray(dx, b2 * nIn + i2);
      a3.intoArray(dx, b3 * nIn + i3);
    }
    for (; t < tiles; t++) {
      int b = t / vecsPerRow;
      int i = (t % vecsPerRow) * lanes;
      FloatVector a = FloatVector.zero(s);
      for (int o = 0; o < nOut; o++) {
        a = mulAdd(FloatVector.fromArray(s, p, wOff + o * nIn + i), dz[b * nOut + o], a);
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
  public void subtractRowMaxima(float[] v, int rows, int width, float[] max, float[] out) {
    int lanes = S.length();
    int full = width - width % lanes;
    for (int b = 0; b < rows; b++) {
      int r = b * width;
      float m = Float.NEGATIVE_INFINITY;
      if (full > 0) {
        FloatVector acc = FloatVector.fromArray(S, v, r);
        for (int i = lanes; i < full; i += lanes) {
          acc = acc.max(FloatVector.fromArray(S, v, r + i));
        }
        m = acc.reduceLanes(VectorOperators.MAX);
      }
      for (int i = full; i < width; i++) {
        m = Math.max(m, v[r + i]);
      }
      max[b] = m;
      for (int i = 0; i < full; i += lanes) {
        FloatVector.fromArray(S, v, r + i).sub(m).intoArray(out, r + i);
      }
      for (int i = full; i < width; i++) {
        out[r + i] = v[r + i] - m;
      }
    }
  }

  @Override
  public void addScaled(float a, float[] x, int xo, float[] y, int yo, int n) {
    VectorSpecies<Float> s = S;
    int lanes = s.length();
    int end = n - n % lanes;
    for (int i = 0; i < end; i += lanes) {
      mulAdd(FloatVector.fromArray(s, x, xo + i), a, FloatVector.fromArray(s, y, yo + i)).intoArray(y, yo + i);
    }
    for (int i = end; i < n; i++) {
      y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }
  }

  /**
   * Math.signum(p) times c, lane by lane: +-1 is 1.0's bits with p's sign bit, and where p is +-0
   * or NaN, p itself (signum's own rule), so each product and sum is the scalar loop's.
   */
  @Override
  public void addSignScaled(float[] c, float[] p, int off, float[] g) {
    int lanes = S.length();
    int end = c.length - c.length % lanes;
    for (int i = 0; i < end; i += lanes) {
      FloatVector pv = FloatVector.fromArray(S, p, off + i);
      FloatVector sign = pv.reinterpretAsInts().and(0x80000000).or(0x3f800000).reinterpretAsFloats()
          .blend(pv, pv.compare(VectorOperators.EQ, 0f).or(pv.test(VectorOperators.IS_NAN)));
      FloatVector.fromArray(S, g, off + i).add(FloatVector.fromArray(S, c, i).mul(sign)).intoArray(g, off + i);
    }
    ScalarFloatKernels.signScaledRange(c, p, off, g, end, c.length);
  }

  /**
   * out[i] = {@link ExpF#exp}(sign v[i] - shift) for i in [off, off + n), sign being 1 or -1:
   * ExpF's operations lane by lane, in the same order, so the same bits. Written out inside the
   * loop, not as a method on vectors, for the reason {@code VectorKernels.expInto} gives (HotSpot
   * did not always inline that method, and SiLU then ran four times slower).
   */
  private static void expInto(float[] v, int off, int n, float sign, float shift, float[] out) {
    int lanes = S.length();
    int end = off + n - n % lanes;
    int i = off;
    for (; i < end; i += lanes) {
      FloatVector x = FloatVector.fromArray(S, v, i).mul(sign).sub(shift);
      // the clamp as compare and blend: for every input, NaN and -0 included, the value of Math.max
      // then Math.min (a NaN compares false and passes through), without the blends those take per lane
      FloatVector low = x.blend(ExpF.LOW, x.compare(VectorOperators.LT, ExpF.LOW));
      FloatVector c = low.blend(ExpF.HIGH, low.compare(VectorOperators.GT, ExpF.HIGH));
      FloatVector shifted = c.fma(ExpF.INV_LN2, ExpF.ROUND);
      FloatVector negK = shifted.sub(ExpF.ROUND).neg();
      FloatVector r = negK.fma(LN2_LO, negK.fma(LN2_HI, c));
      FloatVector p = r.fma(C7, C6).fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, ONE).fma(r, ONE);
      FloatVector scale = shifted.reinterpretAsInts().add(ExpF.EXPONENT_FROM_SHIFTED)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      p.mul(scale).intoArray(out, i);
    }
    for (; i < off + n; i++) {
      out[i] = ExpF.exp(v[i] * sign - shift);
    }
  }

  /** e^-z goes into d first (each d[i] is read before the slope overwrites it), then one pass makes a and d. */
  @Override
  public void silu(float[] z, float[] a, float[] d, int n) {
    expInto(z, 0, n, -1f, 0f, d);
    int lanes = S.length();
    int end = n - n % lanes;
    FloatVector one = ONE;
    int i = 0;
    for (; i < end; i += lanes) {
      FloatVector zi = FloatVector.fromArray(S, z, i);
      FloatVector s = one.div(FloatVector.fromArray(S, d, i).add(1f));
      zi.mul(s).intoArray(a, i);
      s.mul(mulAdd(zi, one.sub(s), one)).intoArray(d, i);
    }
    for (; i < n; i++) {
      float zi = z[i];
      float s = 1f / (1f + d[i]);
      a[i] = zi * s;
      d[i] = s * Math.fma(zi, 1f - s, 1f);
    }
  }

  @Override
  public void expShifted(float[] v, int off, int n, float shift, float[] out) {
    expInto(v, off, n, 1f, shift, out);
  }

  /** a * b + c rounded once (a fused multiply-add): {@link Math#fma} lane by lane, the scalar loops' operation. */
  private static FloatVector mulAdd(FloatVector a, float b, FloatVector c) {
    return a.fma(FloatVector.broadcast(S, b), c);
  }

  private static FloatVector mulAdd(FloatVector a, FloatVector b, FloatVector c) {
    return a.fma(b, c);
  }
}
