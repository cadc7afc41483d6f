package io.bimtsweep.core.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 products of wide layers (modular addition's and S4's 2,785 x 50 > 50 and > 59,
 * MNIST's) on the machine's widest vector up to 512 bits, in {@link DenseKernels}' order: each
 * output element is the scalar loops' chain of fused multiply-adds, so these give the same bits as
 * {@link ScalarKernels} and {@link VectorKernels}, on any machine and at any width. That is what
 * BLAS, which they replace above the threshold, could not promise: its order depends on its build
 * and the processor.
 *
 * <p>Why a kernel of its own rather than {@link VectorKernels} at these shapes: six rows (or six
 * outputs) times two vectors give twelve independent sums per pass, enough to keep two fused
 * multiply-add units busy through their latency, and the matrix each pass reads is copied once
 * per call into rows padded to whole vectors, so that no output is left to a scalar chain (50 =
 * 6 x 8 + 2 leaves two per row). The padded lanes hold zeros or another row's values; their sums
 * are never stored. Stores of a last, partial vector go through a small buffer.
 *
 * <p>Why its own species beside {@link VectorKernels}' 256 bits: the 20-wide presets are fastest
 * on 256 bits (four lanes fit 20), these shapes on 512. Each class keeps its species in a static
 * final field, which is what HotSpot needs to compile the vectors.
 */
final class WideKernels {
  /** {@link VectorKernels}' species: two double species in one JVM made HotSpot stop compiling both kernels' vectors. */
  private static final VectorSpecies<Double> S = VectorKernels.S;
  static final int L = S.length();

  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

  private WideKernels() {}

  private static double[] scratch(int which, int size) {
    double[][] all = SCRATCH.get();
    if (all[which].length < size) {
      all[which] = new double[size];
    }
    return all[which];
  }

  private static int padded(int n) {
    return (n + L - 1) / L * L;
  }

  /** z[b][o] = bias[o] + s, s = fma(x[b][i], w[o][i], s) over i ascending from s = 0. */
  static void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    int nP = padded(nOut);
    double[] wT = scratch(0, nIn * nP); // [in][out padded]: one input's weights into consecutive outputs
    for (int i = 0; i < nIn; i++) {
      int r = i * nP;
      for (int o = 0; o < nOut; o++) {
        wT[r + o] = p[wOff + o * nIn + i];
      }
      java.util.Arrays.fill(wT, r + nOut, r + nP, 0.0);
    }
    double[] bias = scratch(1, nP);
    System.arraycopy(p, bOff, bias, 0, nOut);
    java.util.Arrays.fill(bias, nOut, nP, 0.0);
    double[] tail = scratch(2, L);
    int b = 0;
    for (; b + 6 <= batch; b += 6) {
      int o = 0;
      for (; o + 2 * L <= nOut; o += 2 * L) {
        forwardSixByTwo(b, nIn, nOut, nP, x, wT, bias, z, o);
      }
      for (; o < nOut; o += L) {
        forwardSixByOne(b, nIn, nOut, nP, x, wT, bias, z, o, tail);
      }
    }
    for (; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o += L) {
        DoubleVector a = DoubleVector.zero(S);
        for (int i = 0; i < nIn; i++) {
          a = DoubleVector.fromArray(S, wT, i * nP + o).fma(DoubleVector.broadcast(S, x[xo + i]), a);
        }
        a = DoubleVector.fromArray(S, bias, o).add(a);
        if (o + L <= nOut) {
          a.intoArray(z, zo + o);
        } else {
          a.intoArray(tail, 0);
          System.arraycopy(tail, 0, z, zo + o, nOut - o);
        }
      }
    }
  }

  private static void forwardSixByTwo(int b, int nIn, int nOut, int nP, double[] x, double[] wT, double[] bias,
      double[] z, int o) {
    int x0 = b * nIn;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    DoubleVector c0 = a0;
    DoubleVector c1 = a0;
    DoubleVector c2 = a0;
    DoubleVector c3 = a0;
    DoubleVector c4 = a0;
    DoubleVector c5 = a0;
    for (int i = 0; i < nIn; i++) {
      DoubleVector w = DoubleVector.fromArray(S, wT, i * nP + o);
      DoubleVector v = DoubleVector.fromArray(S, wT, i * nP + o + L);
      int xi = x0 + i;
      DoubleVector y = DoubleVector.broadcast(S, x[xi]);
      a0 = w.fma(y, a0);
      c0 = v.fma(y, c0);
      y = DoubleVector.broadcast(S, x[xi + nIn]);
      a1 = w.fma(y, a1);
      c1 = v.fma(y, c1);
      y = DoubleVector.broadcast(S, x[xi + 2 * nIn]);
      a2 = w.fma(y, a2);
      c2 = v.fma(y, c2);
      y = DoubleVector.broadcast(S, x[xi + 3 * nIn]);
      a3 = w.fma(y, a3);
      c3 = v.fma(y, c3);
      y = DoubleVector.broadcast(S, x[xi + 4 * nIn]);
      a4 = w.fma(y, a4);
      c4 = v.fma(y, c4);
      y = DoubleVector.broadcast(S, x[xi + 5 * nIn]);
      a5 = w.fma(y, a5);
      c5 = v.fma(y, c5);
    }
    DoubleVector bw = DoubleVector.fromArray(S, bias, o);
    DoubleVector bv = DoubleVector.fromArray(S, bias, o + L);
    int z0 = b * nOut + o;
    bw.add(a0).intoArray(z, z0);
    bv.add(c0).intoArray(z, z0 + L);
    bw.add(a1).intoArray(z, z0 + nOut);
    bv.add(c1).intoArray(z, z0 + nOut + L);
    bw.add(a2).intoArray(z, z0 + 2 * nOut);
    bv.add(c2).intoArray(z, z0 + 2 * nOut + L);
    bw.add(a3).intoArray(z, z0 + 3 * nOut);
    bv.add(c3).intoArray(z, z0 + 3 * nOut + L);
    bw.add(a4).intoArray(z, z0 + 4 * nOut);
    bv.add(c4).intoArray(z, z0 + 4 * nOut + L);
    bw.add(a5).intoArray(z, z0 + 5 * nOut);
    bv.add(c5).intoArray(z, z0 + 5 * nOut + L);
  }

  /** Six rows of one vector of outputs, which may run past nOut (then the rest goes through tail). */
  private static void forwardSixByOne(int b, int nIn, int nOut, int nP, double[] x, double[] wT, double[] bias,
      double[] z, int o, double[] tail) {
    int x0 = b * nIn;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    for (int i = 0; i < nIn; i++) {
      DoubleVector w = DoubleVector.fromArray(S, wT, i * nP + o);
      int xi = x0 + i;
      a0 = w.fma(DoubleVector.broadcast(S, x[xi]), a0);
      a1 = w.fma(DoubleVector.broadcast(S, x[xi + nIn]), a1);
      a2 = w.fma(DoubleVector.broadcast(S, x[xi + 2 * nIn]), a2);
      a3 = w.fma(DoubleVector.broadcast(S, x[xi + 3 * nIn]), a3);
      a4 = w.fma(DoubleVector.broadcast(S, x[xi + 4 * nIn]), a4);
      a5 = w.fma(DoubleVector.broadcast(S, x[xi + 5 * nIn]), a5);
    }
    DoubleVector bw = DoubleVector.fromArray(S, bias, o);
    int z0 = b * nOut + o;
    if (o + L <= nOut) {
      bw.add(a0).intoArray(z, z0);
      bw.add(a1).intoArray(z, z0 + nOut);
      bw.add(a2).intoArray(z, z0 + 2 * nOut);
      bw.add(a3).intoArray(z, z0 + 3 * nOut);
      bw.add(a4).intoArray(z, z0 + 4 * nOut);
      bw.add(a5).intoArray(z, z0 + 5 * nOut);
    } else {
      int room = nOut - o;
      bw.add(a0).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0, room);
      bw.add(a1).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0 + nOut, room);
      bw.add(a2).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0 + 2 * nOut, room);
      bw.add(a3).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0 + 3 * nOut, room);
      bw.add(a4).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0 + 4 * nOut, room);
      bw.add(a5).intoArray(tail, 0);
      System.arraycopy(tail, 0, z, z0 + 5 * nOut, room);
    }
  }

  /** dx[b][i] = s, s = fma(dz[b][o], w[o][i], s) over o ascending from s = 0, dz[b][o] == 0 skipped. */
  static void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    int nP = padded(nIn);
    double[] w = scratch(0, nOut * nP); // [out][in padded]
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(p, wOff + o * nIn, w, o * nP, nIn);
      java.util.Arrays.fill(w, o * nP + nIn, o * nP + nP, 0.0);
    }
    double[] tail = scratch(2, L);
    int b = 0;
    for (; b + 6 <= batch; b += 6) {
      int i = 0;
      for (; i + 2 * L <= nIn; i += 2 * L) {
        inputSixByTwo(b, nIn, nOut, nP, dz, w, dx, i);
      }
      for (; i < nIn; i += L) {
        inputSixByOne(b, nIn, nOut, nP, dz, w, dx, i, tail);
      }
    }
    for (; b < batch; b++) {
      int zo = b * nOut;
      int xo = b * nIn;
      for (int i = 0; i < nIn; i += L) {
        DoubleVector a = DoubleVector.zero(S);
        for (int o = 0; o < nOut; o++) {
          a = DoubleVector.fromArray(S, w, o * nP + i).fma(DoubleVector.broadcast(S, dz[zo + o]), a);
        }
        if (i + L <= nIn) {
          a.intoArray(dx, xo + i);
        } else {
          a.intoArray(tail, 0);
          System.arraycopy(tail, 0, dx, xo + i, nIn - i);
        }
      }
    }
  }

  private static void inputSixByTwo(int b, int nIn, int nOut, int nP, double[] dz, double[] w, double[] dx, int i) {
    int z0 = b * nOut;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    DoubleVector c0 = a0;
    DoubleVector c1 = a0;
    DoubleVector c2 = a0;
    DoubleVector c3 = a0;
    DoubleVector c4 = a0;
    DoubleVector c5 = a0;
    for (int o = 0; o < nOut; o++) {
      DoubleVector u = DoubleVector.fromArray(S, w, o * nP + i);
      DoubleVector v = DoubleVector.fromArray(S, w, o * nP + i + L);
      int zo = z0 + o;
      DoubleVector y = DoubleVector.broadcast(S, dz[zo]);
      a0 = u.fma(y, a0);
      c0 = v.fma(y, c0);
      y = DoubleVector.broadcast(S, dz[zo + nOut]);
      a1 = u.fma(y, a1);
      c1 = v.fma(y, c1);
      y = DoubleVector.broadcast(S, dz[zo + 2 * nOut]);
      a2 = u.fma(y, a2);
      c2 = v.fma(y, c2);
      y = DoubleVector.broadcast(S, dz[zo + 3 * nOut]);
      a3 = u.fma(y, a3);
      c3 = v.fma(y, c3);
      y = DoubleVector.broadcast(S, dz[zo + 4 * nOut]);
      a4 = u.fma(y, a4);
      c4 = v.fma(y, c4);
      y = DoubleVector.broadcast(S, dz[zo + 5 * nOut]);
      a5 = u.fma(y, a5);
      c5 = v.fma(y, c5);
    }
    int x0 = b * nIn + i;
    a0.intoArray(dx, x0);
    c0.intoArray(dx, x0 + L);
    a1.intoArray(dx, x0 + nIn);
    c1.intoArray(dx, x0 + nIn + L);
    a2.intoArray(dx, x0 + 2 * nIn);
    c2.intoArray(dx, x0 + 2 * nIn + L);
    a3.intoArray(dx, x0 + 3 * nIn);
    c3.intoArray(dx, x0 + 3 * nIn + L);
    a4.intoArray(dx, x0 + 4 * nIn);
    c4.intoArray(dx, x0 + 4 * nIn + L);
    a5.intoArray(dx, x0 + 5 * nIn);
    c5.intoArray(dx, x0 + 5 * nIn + L);
  }

  private static void inputSixByOne(int b, int nIn, int nOut, int nP, double[] dz, double[] w, double[] dx, int i,
      double[] tail) {
    int z0 = b * nOut;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    for (int o = 0; o < nOut; o++) {
      DoubleVector u = DoubleVector.fromArray(S, w, o * nP + i);
      int zo = z0 + o;
      a0 = u.fma(DoubleVector.broadcast(S, dz[zo]), a0);
      a1 = u.fma(DoubleVector.broadcast(S, dz[zo + nOut]), a1);
      a2 = u.fma(DoubleVector.broadcast(S, dz[zo + 2 * nOut]), a2);
      a3 = u.fma(DoubleVector.broadcast(S, dz[zo + 3 * nOut]), a3);
      a4 = u.fma(DoubleVector.broadcast(S, dz[zo + 4 * nOut]), a4);
      a5 = u.fma(DoubleVector.broadcast(S, dz[zo + 5 * nOut]), a5);
    }
    int x0 = b * nIn + i;
    if (i + L <= nIn) {
      a0.intoArray(dx, x0);
      a1.intoArray(dx, x0 + nIn);
      a2.intoArray(dx, x0 + 2 * nIn);
      a3.intoArray(dx, x0 + 3 * nIn);
      a4.intoArray(dx, x0 + 4 * nIn);
      a5.intoArray(dx, x0 + 5 * nIn);
    } else {
      int room = nIn - i;
      a0.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0, room);
      a1.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0 + nIn, room);
      a2.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0 + 2 * nIn, room);
      a3.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0 + 3 * nIn, room);
      a4.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0 + 4 * nIn, room);
      a5.intoArray(tail, 0);
      System.arraycopy(tail, 0, dx, x0 + 5 * nIn, room);
    }
  }

  /** Rows of x and dz per pass of the weight gradient: both blocks then stay in the core's cache (128 rows of 59: 60 KB). */
  private static final int ROWS = 128;

  /**
   * g_w[o][i] = fma(dz[b][o], x[b][i], g_w[o][i]) over b ascending (the weights' part of {@link
   * DenseKernels#weightGradient}; the caller adds the bias part). No dz may be zero (the
   * definition skips those terms; {@link Dense} sends such products elsewhere), and nOut >= 6:
   * outputs go six at a time, and where nOut is not a multiple of six the last six overlap the six
   * before (that tile runs first in each block of rows and stores only what the others leave out).
   * Sums run in g's rows copied into rows padded to whole vectors, in blocks of {@link #ROWS} rows
   * of the batch, each block after the one before, so every sum still adds its terms in order.
   */
  static void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff) {
    int nP = padded(nIn);
    double[] acc = scratch(1, nOut * nP);
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(g, wOff + o * nIn, acc, o * nP, nIn);
    }
    double[] last = scratch(3, nP); // x's last row, padded: a vector load of its end would run past x
    System.arraycopy(x, (batch - 1) * nIn, last, 0, nIn);
    java.util.Arrays.fill(last, nIn, nP, 0.0);
    int rem = nOut % 6;
    for (int b0 = 0; b0 < batch; b0 += ROWS) {
      int b1 = Math.min(batch, b0 + ROWS);
      if (rem != 0) {
        weightTile(b0, b1, batch, nIn, nOut, nP, x, last, dz, acc, nOut - 6, 6 - rem);
      }
      for (int o = 0; o + 6 <= nOut; o += 6) {
        weightTile(b0, b1, batch, nIn, nOut, nP, x, last, dz, acc, o, 0);
      }
    }
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(acc, o * nP, g, wOff + o * nIn, nIn);
    }
  }

  private static void weightTile(int b0, int b1, int batch, int nIn, int nOut, int nP, double[] x, double[] last,
      double[] dz, double[] acc, int o, int storeFrom) {
    int i = 0;
    for (; i + 2 * L <= nIn; i += 2 * L) {
      weightSixByTwo(b0, b1, nIn, nOut, nP, x, dz, acc, o, storeFrom, i);
    }
    for (; i < nIn; i += L) {
      if (b1 == batch && i + L > nIn) { // the last row's load would run past x
        weightSixByOne(b0, batch - 1, nIn, nOut, nP, x, 0, dz, acc, o, storeFrom, i);
        weightSixByOne(batch - 1, batch, nIn, nOut, nP, last, -(batch - 1) * nIn, dz, acc, o, storeFrom, i);
      } else {
        weightSixByOne(b0, b1, nIn, nOut, nP, x, 0, dz, acc, o, storeFrom, i);
      }
    }
  }

  private static void weightSixByTwo(int b0, int b1, int nIn, int nOut, int nP, double[] x, double[] dz,
      double[] acc, int o, int storeFrom, int i) {
    int g0 = o * nP + i;
    DoubleVector a0 = DoubleVector.fromArray(S, acc, g0);
    DoubleVector c0 = DoubleVector.fromArray(S, acc, g0 + L);
    DoubleVector a1 = DoubleVector.fromArray(S, acc, g0 + nP);
    DoubleVector c1 = DoubleVector.fromArray(S, acc, g0 + nP + L);
    DoubleVector a2 = DoubleVector.fromArray(S, acc, g0 + 2 * nP);
    DoubleVector c2 = DoubleVector.fromArray(S, acc, g0 + 2 * nP + L);
    DoubleVector a3 = DoubleVector.fromArray(S, acc, g0 + 3 * nP);
    DoubleVector c3 = DoubleVector.fromArray(S, acc, g0 + 3 * nP + L);
    DoubleVector a4 = DoubleVector.fromArray(S, acc, g0 + 4 * nP);
    DoubleVector c4 = DoubleVector.fromArray(S, acc, g0 + 4 * nP + L);
    DoubleVector a5 = DoubleVector.fromArray(S, acc, g0 + 5 * nP);
    DoubleVector c5 = DoubleVector.fromArray(S, acc, g0 + 5 * nP + L);
    for (int b = b0; b < b1; b++) {
      DoubleVector u = DoubleVector.fromArray(S, x, b * nIn + i);
      DoubleVector v = DoubleVector.fromArray(S, x, b * nIn + i + L);
      int zo = b * nOut + o;
      DoubleVector y = DoubleVector.broadcast(S, dz[zo]);
      a0 = u.fma(y, a0);
      c0 = v.fma(y, c0);
      y = DoubleVector.broadcast(S, dz[zo + 1]);
      a1 = u.fma(y, a1);
      c1 = v.fma(y, c1);
      y = DoubleVector.broadcast(S, dz[zo + 2]);
      a2 = u.fma(y, a2);
      c2 = v.fma(y, c2);
      y = DoubleVector.broadcast(S, dz[zo + 3]);
      a3 = u.fma(y, a3);
      c3 = v.fma(y, c3);
      y = DoubleVector.broadcast(S, dz[zo + 4]);
      a4 = u.fma(y, a4);
      c4 = v.fma(y, c4);
      y = DoubleVector.broadcast(S, dz[zo + 5]);
      a5 = u.fma(y, a5);
      c5 = v.fma(y, c5);
    }
    if (storeFrom <= 0) {
      a0.intoArray(acc, g0);
      c0.intoArray(acc, g0 + L);
    }
    if (storeFrom <= 1) {
      a1.intoArray(acc, g0 + nP);
      c1.intoArray(acc, g0 + nP + L);
    }
    if (storeFrom <= 2) {
      a2.intoArray(acc, g0 + 2 * nP);
      c2.intoArray(acc, g0 + 2 * nP + L);
    }
    if (storeFrom <= 3) {
      a3.intoArray(acc, g0 + 3 * nP);
      c3.intoArray(acc, g0 + 3 * nP + L);
    }
    if (storeFrom <= 4) {
      a4.intoArray(acc, g0 + 4 * nP);
      c4.intoArray(acc, g0 + 4 * nP + L);
    }
    a5.intoArray(acc, g0 + 5 * nP);
    c5.intoArray(acc, g0 + 5 * nP + L);
  }

  /** Six outputs by one vector of inputs, rows b0..b1-1 of xs read at xBase + b nIn + i. */
  private static void weightSixByOne(int b0, int b1, int nIn, int nOut, int nP, double[] xs, int xBase, double[] dz,
      double[] acc, int o, int storeFrom, int i) {
    int g0 = o * nP + i;
    DoubleVector a0 = DoubleVector.fromArray(S, acc, g0);
    DoubleVector a1 = DoubleVector.fromArray(S, acc, g0 + nP);
    DoubleVector a2 = DoubleVector.fromArray(S, acc, g0 + 2 * nP);
    DoubleVector a3 = DoubleVector.fromArray(S, acc, g0 + 3 * nP);
    DoubleVector a4 = DoubleVector.fromArray(S, acc, g0 + 4 * nP);
    DoubleVector a5 = DoubleVector.fromArray(S, acc, g0 + 5 * nP);
    for (int b = b0; b < b1; b++) {
      DoubleVector u = DoubleVector.fromArray(S, xs, xBase + b * nIn + i);
      int zo = b * nOut + o;
      a0 = u.fma(DoubleVector.broadcast(S, dz[zo]), a0);
      a1 = u.fma(DoubleVector.broadcast(S, dz[zo + 1]), a1);
      a2 = u.fma(DoubleVector.broadcast(S, dz[zo + 2]), a2);
      a3 = u.fma(DoubleVector.broadcast(S, dz[zo + 3]), a3);
      a4 = u.fma(DoubleVector.broadcast(S, dz[zo + 4]), a4);
      a5 = u.fma(DoubleVector.broadcast(S, dz[zo + 5]), a5);
    }
    if (storeFrom <= 0) {
      a0.intoArray(acc, g0);
    }
    if (storeFrom <= 1) {
      a1.intoArray(acc, g0 + nP);
    }
    if (storeFrom <= 2) {
      a2.intoArray(acc, g0 + 2 * nP);
    }
    if (storeFrom <= 3) {
      a3.intoArray(acc, g0 + 3 * nP);
    }
    if (storeFrom <= 4) {
      a4.intoArray(acc, g0 + 4 * nP);
    }
    a5.intoArray(acc, g0 + 5 * nP);
  }
}
