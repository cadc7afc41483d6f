package io.bimtsweep.core.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 products of wide layers (modular addition's and S4's 2,785 x 50 > 50 and > 59,
 * MNIST's), and of every layer where a vector holds eight doubles or more, in {@link DenseKernels}'
 * order: each output element is the scalar loops' chain of fused multiply-adds, so these give the
 * same bits as {@link ScalarKernels} and {@link VectorKernels}, on any machine and at any width.
 * That is what BLAS, which they replace above the threshold, could not promise: its order depends
 * on its build and the processor.
 *
 * <p>Why a kernel of its own rather than {@link VectorKernels} at these shapes: six rows (or six
 * outputs) times two vectors give twelve independent sums per pass, enough to keep two fused
 * multiply-add units busy through their latency, and the matrix each pass reads is copied once
 * per call into rows padded to whole vectors, so that no output is left to a scalar chain (50 =
 * 6 x 8 + 2 leaves two per row). The padded lanes hold zeros or another row's values; their sums
 * are never kept. A row's last, partial vector is stored first and whole: what it writes past the
 * row's end lands in the next row, which is stored after it; only past the batch's last row does a
 * store go through a small buffer.
 *
 * <p>Why the same species as {@link VectorKernels}: with a 256-bit species there and a 512-bit one
 * here, HotSpot stopped compiling the vectors of both (modular addition 12.6 ms per step against
 * 4.1). HotSpot issues these operations in program order, so the tiles are written out by hand.
 */
final class WideKernels {
  private static final VectorSpecies<Double> S = VectorKernels.S;
  static final int L = S.length();

  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[5][0]);

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

  /** The first room entries of tail to a[off...], none at or past end (the batch's last row ends there). */
  private static void copy(double[] tail, double[] a, int off, int room, int end) {
    int n = Math.min(room, end - off);
    for (int k = 0; k < n; k++) {
      a[off + k] = tail[k];
    }
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
    int end = batch * nOut;
    int partial = nOut % L == 0 ? nP : nP - L; // where the row's partial vector starts (nP: none)
    int b = 0;
    for (; b + 6 <= batch; b += 6) {
      if (partial < nP) {
        forwardSixByOne(b, nIn, nOut, nP, x, wT, bias, z, partial, tail, end);
      }
      int o = 0;
      for (; o + 2 * L <= partial; o += 2 * L) {
        forwardSixByTwo(b, nIn, nOut, nP, x, wT, bias, z, o);
      }
      for (; o < partial; o += L) {
        forwardSixByOne(b, nIn, nOut, nP, x, wT, bias, z, o, tail, end);
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
        if (zo + o + L <= end) {
          a.intoArray(z, zo + o);
        } else {
          a.intoArray(tail, 0);
          copy(tail, z, zo + o, nOut - o, end);
        }
      }
    }
  }

  private static void forwardSixByTwo(int b, int nIn, int nOut, int nP, double[] x, double[] wT, double[] bias,
      double[] z, int o) {
    int x0 = b * nIn;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector c0 = a0;
    DoubleVector a1 = DoubleVector.zero(S);
    DoubleVector c1 = a1;
    DoubleVector a2 = DoubleVector.zero(S);
    DoubleVector c2 = a2;
    DoubleVector a3 = DoubleVector.zero(S);
    DoubleVector c3 = a3;
    DoubleVector a4 = DoubleVector.zero(S);
    DoubleVector c4 = a4;
    DoubleVector a5 = DoubleVector.zero(S);
    DoubleVector c5 = a5;
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

  /** Six rows of one vector of outputs, which may run past nOut (into the next row, or through tail past end). */
  private static void forwardSixByOne(int b, int nIn, int nOut, int nP, double[] x, double[] wT, double[] bias,
      double[] z, int o, double[] tail, int end) {
    int x0 = b * nIn;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = DoubleVector.zero(S);
    DoubleVector a2 = DoubleVector.zero(S);
    DoubleVector a3 = DoubleVector.zero(S);
    DoubleVector a4 = DoubleVector.zero(S);
    DoubleVector a5 = DoubleVector.zero(S);
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
    int room = nOut - o;
    if (z0 + L <= end) {
      bw.add(a0).intoArray(z, z0);
    } else {
      bw.add(a0).intoArray(tail, 0);
      copy(tail, z, z0, room, end);
    }
    if (z0 + nOut + L <= end) {
      bw.add(a1).intoArray(z, z0 + nOut);
    } else {
      bw.add(a1).intoArray(tail, 0);
      copy(tail, z, z0 + nOut, room, end);
    }
    if (z0 + 2 * nOut + L <= end) {
      bw.add(a2).intoArray(z, z0 + 2 * nOut);
    } else {
      bw.add(a2).intoArray(tail, 0);
      copy(tail, z, z0 + 2 * nOut, room, end);
    }
    if (z0 + 3 * nOut + L <= end) {
      bw.add(a3).intoArray(z, z0 + 3 * nOut);
    } else {
      bw.add(a3).intoArray(tail, 0);
      copy(tail, z, z0 + 3 * nOut, room, end);
    }
    if (z0 + 4 * nOut + L <= end) {
      bw.add(a4).intoArray(z, z0 + 4 * nOut);
    } else {
      bw.add(a4).intoArray(tail, 0);
      copy(tail, z, z0 + 4 * nOut, room, end);
    }
    if (z0 + 5 * nOut + L <= end) {
      bw.add(a5).intoArray(z, z0 + 5 * nOut);
    } else {
      bw.add(a5).intoArray(tail, 0);
      copy(tail, z, z0 + 5 * nOut, room, end);
    }
  }

  /** dx[b][i] = s, s = fma(dz[b][o], w[o][i], s) over o ascending from s = 0. No dz may be zero (the definition skips those). */
  static void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    int nP = padded(nIn);
    double[] w = scratch(0, nOut * nP); // [out][in padded]
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(p, wOff + o * nIn, w, o * nP, nIn);
      java.util.Arrays.fill(w, o * nP + nIn, o * nP + nP, 0.0);
    }
    double[] tail = scratch(2, L);
    int end = batch * nIn;
    int partial = nIn % L == 0 ? nP : nP - L;
    int b = 0;
    for (; b + 6 <= batch; b += 6) {
      if (partial < nP) {
        inputSixByOne(b, nIn, nOut, nP, dz, w, dx, partial, tail, end);
      }
      int i = 0;
      for (; i + 2 * L <= partial; i += 2 * L) {
        inputSixByTwo(b, nIn, nOut, nP, dz, w, dx, i);
      }
      for (; i < partial; i += L) {
        inputSixByOne(b, nIn, nOut, nP, dz, w, dx, i, tail, end);
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
        if (xo + i + L <= end) {
          a.intoArray(dx, xo + i);
        } else {
          a.intoArray(tail, 0);
          copy(tail, dx, xo + i, nIn - i, end);
        }
      }
    }
  }

  private static void inputSixByTwo(int b, int nIn, int nOut, int nP, double[] dz, double[] w, double[] dx, int i) {
    int z0 = b * nOut;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector c0 = a0;
    DoubleVector a1 = DoubleVector.zero(S);
    DoubleVector c1 = a1;
    DoubleVector a2 = DoubleVector.zero(S);
    DoubleVector c2 = a2;
    DoubleVector a3 = DoubleVector.zero(S);
    DoubleVector c3 = a3;
    DoubleVector a4 = DoubleVector.zero(S);
    DoubleVector c4 = a4;
    DoubleVector a5 = DoubleVector.zero(S);
    DoubleVector c5 = a5;
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
      double[] tail, int end) {
    int z0 = b * nOut;
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = DoubleVector.zero(S);
    DoubleVector a2 = DoubleVector.zero(S);
    DoubleVector a3 = DoubleVector.zero(S);
    DoubleVector a4 = DoubleVector.zero(S);
    DoubleVector a5 = DoubleVector.zero(S);
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
    int room = nIn - i;
    if (x0 + L <= end) {
      a0.intoArray(dx, x0);
    } else {
      a0.intoArray(tail, 0);
      copy(tail, dx, x0, room, end);
    }
    if (x0 + nIn + L <= end) {
      a1.intoArray(dx, x0 + nIn);
    } else {
      a1.intoArray(tail, 0);
      copy(tail, dx, x0 + nIn, room, end);
    }
    if (x0 + 2 * nIn + L <= end) {
      a2.intoArray(dx, x0 + 2 * nIn);
    } else {
      a2.intoArray(tail, 0);
      copy(tail, dx, x0 + 2 * nIn, room, end);
    }
    if (x0 + 3 * nIn + L <= end) {
      a3.intoArray(dx, x0 + 3 * nIn);
    } else {
      a3.intoArray(tail, 0);
      copy(tail, dx, x0 + 3 * nIn, room, end);
    }
    if (x0 + 4 * nIn + L <= end) {
      a4.intoArray(dx, x0 + 4 * nIn);
    } else {
      a4.intoArray(tail, 0);
      copy(tail, dx, x0 + 4 * nIn, room, end);
    }
    if (x0 + 5 * nIn + L <= end) {
      a5.intoArray(dx, x0 + 5 * nIn);
    } else {
      a5.intoArray(tail, 0);
      copy(tail, dx, x0 + 5 * nIn, room, end);
    }
  }

  /** Rows of x and dz per pass of the weight gradient: both blocks then stay in the core's cache (128 rows of 59: 60 KB). */
  private static final int ROWS = 128;

  /**
   * g_w[o][i] = fma(dz[b][o], x[b][i], g_w[o][i]) over b ascending (the weights' part of {@link
   * DenseKernels#weightGradient}; the caller adds the bias part). No dz may be zero (the
   * definition skips those terms; {@link VectorKernels} keeps such products). Outputs go six at a
   * time: fewer than six read dz from a copy padded with zeros (whose sums are dropped); where nOut
   * is not a multiple of six the last six overlap the six before (that tile runs first in each
   * block of rows and stores only what the others leave out). Sums run in g's rows copied into rows
   * padded to whole vectors, in blocks of {@link #ROWS} rows of the batch, each block after the one
   * before, so every sum still adds its terms in order. A vector load that would run past x (its
   * last rows, where a row is short) reads a padded copy of those rows instead.
   */
  static void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff) {
    int nP = padded(nIn);
    int outs = Math.max(6, nOut);
    double[] d = dz;
    if (nOut < 6) {
      d = scratch(4, batch * 6);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dz, b * nOut, d, b * 6, nOut);
        java.util.Arrays.fill(d, b * 6 + nOut, b * 6 + 6, 0.0);
      }
    }
    double[] acc = scratch(1, outs * nP);
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(g, wOff + o * nIn, acc, o * nP, nIn);
    }
    int tailRows = Math.min(batch, (nP + 2 * L) / nIn + 2);
    double[] last = scratch(3, tailRows * nP); // x's last rows, padded: vector loads of them would run past x
    for (int r = 0; r < tailRows; r++) {
      int from = (batch - tailRows + r) * nIn;
      System.arraycopy(x, from, last, r * nP, nIn);
      java.util.Arrays.fill(last, r * nP + nIn, r * nP + nP, 0.0);
    }
    int rem = outs % 6;
    for (int b0 = 0; b0 < batch; b0 += ROWS) {
      int b1 = Math.min(batch, b0 + ROWS);
      if (rem != 0) {
        weightTile(b0, b1, batch, nIn, outs, nP, x, last, tailRows, d, acc, outs - 6, 6 - rem);
      }
      for (int o = 0; o + 6 <= outs; o += 6) {
        weightTile(b0, b1, batch, nIn, outs, nP, x, last, tailRows, d, acc, o, 0);
      }
    }
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(acc, o * nP, g, wOff + o * nIn, nIn);
    }
  }

  /** How many rows from the first have x[b][i, i + width) inside x. */
  private static int rowsInside(int batch, int nIn, int i, int width) {
    long room = (long) batch * nIn - i - width;
    return room < 0 ? 0 : (int) Math.min(batch, room / nIn + 1);
  }

  private static void weightTile(int b0, int b1, int batch, int nIn, int nOut, int nP, double[] x, double[] last,
      int tailRows, double[] dz, double[] acc, int o, int storeFrom) {
    int lastBase = -(batch - tailRows) * nP; // row b of x at last[lastBase + b nP]
    int i = 0;
    for (; i + 2 * L <= nIn; i += 2 * L) {
      int mid = Math.max(b0, Math.min(b1, rowsInside(batch, nIn, i, 2 * L)));
      if (mid > b0) {
        weightSixByTwo(b0, mid, nOut, nP, x, 0, nIn, dz, acc, o, storeFrom, i);
      }
      if (b1 > mid) {
        weightSixByTwo(mid, b1, nOut, nP, last, lastBase, nP, dz, acc, o, storeFrom, i);
      }
    }
    for (; i < nIn; i += L) {
      int mid = Math.max(b0, Math.min(b1, rowsInside(batch, nIn, i, L)));
      if (mid > b0) {
        weightSixByOne(b0, mid, nOut, nP, x, 0, nIn, dz, acc, o, storeFrom, i);
      }
      if (b1 > mid) {
        weightSixByOne(mid, b1, nOut, nP, last, lastBase, nP, dz, acc, o, storeFrom, i);
      }
    }
  }

  /** Six outputs by two vectors of inputs, rows b0..b1-1 of x read at xs[xBase + b stride + i]. */
  private static void weightSixByTwo(int b0, int b1, int nOut, int nP, double[] xs, int xBase, int stride,
      double[] dz, double[] acc, int o, int storeFrom, int i) {
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
      DoubleVector u = DoubleVector.fromArray(S, xs, xBase + b * stride + i);
      DoubleVector v = DoubleVector.fromArray(S, xs, xBase + b * stride + i + L);
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

  /** Six outputs by one vector of inputs, rows b0..b1-1 of x read at xs[xBase + b stride + i]. */
  private static void weightSixByOne(int b0, int b1, int nOut, int nP, double[] xs, int xBase, int stride,
      double[] dz, double[] acc, int o, int storeFrom, int i) {
    int g0 = o * nP + i;
    DoubleVector a0 = DoubleVector.fromArray(S, acc, g0);
    DoubleVector a1 = DoubleVector.fromArray(S, acc, g0 + nP);
    DoubleVector a2 = DoubleVector.fromArray(S, acc, g0 + 2 * nP);
    DoubleVector a3 = DoubleVector.fromArray(S, acc, g0 + 3 * nP);
    DoubleVector a4 = DoubleVector.fromArray(S, acc, g0 + 4 * nP);
    DoubleVector a5 = DoubleVector.fromArray(S, acc, g0 + 5 * nP);
    for (int b = b0; b < b1; b++) {
      DoubleVector u = DoubleVector.fromArray(S, xs, xBase + b * stride + i);
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
