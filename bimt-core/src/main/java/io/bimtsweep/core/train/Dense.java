package io.bimtsweep.core.train;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three products of a dense layer over a batch, row-major, weights [out][in]: the engine's
 * own {@link DenseKernels} (Vector API, or scalar loops with the same bits) for small and medium
 * products, the BLAS that Spark ships for large ones (the system's native BLAS if there is one,
 * else netlib's Vector-API kernel).
 *
 * <p>Why a fixed threshold, whatever the BLAS: native OpenBLAS is faster on the 20-wide networks
 * ({@code bimt bench --kernels}), but its results for such small products differ from one JVM to
 * the next (8 of 8 independence trials differed between two local runs, and local against
 * cluster). The same inputs and seed must give the same bits everywhere, so small products stay on
 * kernels whose order of operations is fixed. Large products (modular addition's, 7M multiply-adds
 * and up) were reproducible across JVMs with both OpenBLAS and the Vector kernel.
 *
 * <p>Why a lock around native BLAS: Debian's serial OpenBLAS is not safe to call from several
 * threads at once (its buffer pool is shared without locks). Four threads running the
 * transformer's products side by side got 12 wrong results in 24,000 calls, and a local[2] sweep
 * runs two trials in one JVM. Calls into a native BLAS therefore take turns; the pure-Java
 * implementations need no lock ({@link NativeLock}).
 */
public final class Dense {
  /** Multiply-adds per product from which BLAS is used; -Dbimt.blasThreshold overrides (for measurements). */
  static final long BLAS_THRESHOLD = Long.getLong("bimt.blasThreshold", 200_000L);
  private static volatile BLAS blas;
  /** A constant, so that HotSpot compiles the chosen kernels' vectors to machine instructions. */
  private static final DenseKernels STANDARD = Kernels.standard();
  private static volatile Boolean nativeBlas;
  /**
   * Whether products from the threshold up run on {@link WideKernels} (the standard kernels are
   * vector kernels) rather than BLAS (the scalar loops were chosen, or there is no Vector API).
   * Where WideKernels cannot take a product (a zero in dz), the standard kernels do, with the same
   * bits. -Dbimt.wide=false sends them to BLAS (for measurements).
   */
  private static final boolean WIDE = STANDARD != ScalarKernels.INSTANCE
      && Boolean.parseBoolean(System.getProperty("bimt.wide", "true"));

  private Dense() {}

  static BLAS blas() {
    BLAS b = blas;
    if (b == null) {
      synchronized (Dense.class) {
        if (blas == null) {
          blas = BLAS.getInstance();
        }
        b = blas;
      }
    }
    return b;
  }

  /** Whether the BLAS in use is native code (then calls into it take turns). */
  static boolean isNative() {
    Boolean n = nativeBlas;
    if (n == null) {
      n = NativeLock.isNative(blas());
      nativeBlas = n;
    }
    return n;
  }

  private static void dgemm(String ta, String tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (isNative()) {
      synchronized (NativeLock.LOCK) {
        blas().dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      }
    } else {
      blas().dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }

  /** Whether float64 products from the threshold up go to BLAS (no Vector API, or -Dbimt.wide=false). */
  static boolean wideOnBlas() {
    return !WIDE;
  }

  static String implementation() {
    return blas().getClass().getSimpleName();
  }

  /**
   * Kernels forced by a test or benchmark for this thread (null: {@link Kernels#standard()}). Any
   * choice gives the same bits; what is forced is only which code computes them.
   */
  private static final ThreadLocal<DenseKernels> FORCED = new ThreadLocal<>();

  /** Runs {@code body} on this thread with the given kernels, and their float32 kind for float32 (tests and benchmarks). */
  public static void withKernels(DenseKernels kernels, Runnable body) {
    DenseKernels before = FORCED.get();
    FORCED.set(kernels);
    try {
      Dense32.withKernels(Kernels.floatOf(kernels), body);
    } finally {
      FORCED.set(before);
    }
  }

  /** z[b][o] = bias[o] + sum_i x[b][i] w[o][i]. */
  public static void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    if (!WIDE && (long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blasForward(batch, nIn, nOut, x, p, wOff, bOff, z);
      return;
    }
    kernels().forward(batch, nIn, nOut, x, p, wOff, bOff, z);
  }

  /** g_w[o][i] += sum_b dz[b][o] x[b][i]; g_b[o] += sum_b dz[b][o]. */
  public static void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff) {
    if (!WIDE && (long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blasWeightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
      return;
    }
    kernels().weightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
  }

  /** dx[b][i] = sum_o dz[b][o] w[o][i]. */
  public static void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    if (!WIDE && (long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blasInputGradient(batch, nIn, nOut, dz, p, wOff, dx);
      return;
    }
    kernels().inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
  }

  /** g[off + i] += c[i] sign(p[off + i]): one layer's connection cost gradient (see {@link DenseKernels#addSignScaled}). */
  public static void addSignScaled(double[] c, double[] p, int off, double[] g) {
    kernels().addSignScaled(c, p, off, g);
  }

  /** SiLU and its derivative over the first n entries (see {@link DenseKernels#silu}). */
  public static void silu(double[] z, double[] a, double[] d, int n) {
    kernels().silu(z, a, d, n);
  }

  /** out[off + i] = e^(v[off + i] - shift), i < n (see {@link DenseKernels#expShifted}). */
  public static void expShifted(double[] v, int off, int n, double shift, double[] out) {
    kernels().expShifted(v, off, n, shift, out);
  }

  /** max[b] = row b's maximum, out[b][o] = v[b][o] - max[b] (see {@link DenseKernels#subtractRowMaxima}). */
  public static void subtractRowMaxima(double[] v, int rows, int width, double[] max, double[] out) {
    kernels().subtractRowMaxima(v, rows, width, max, out);
  }

  /**
   * The kernels this thread runs (forced, or the standard ones), for a caller that makes many
   * short calls in a loop (the token embedding's gradient): one thread-local lookup, not one per call.
   */
  static DenseKernels kernels() {
    DenseKernels forced = FORCED.get();
    return forced == null ? STANDARD : forced;
  }

  static void blasForward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(p, bOff, z, b * nOut, nOut);
    }
    dgemm("T", "N", nOut, batch, nIn, 1.0, p, wOff, nIn, x, 0, nIn, 1.0, z, 0, nOut);
  }

  static void blasWeightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff) {
    kernels().biasGradient(batch, nOut, dz, g, bOff);
    dgemm("N", "T", nIn, nOut, batch, 1.0, x, 0, nIn, dz, 0, nOut, 1.0, g, wOff, nIn);
  }

  static void blasInputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    dgemm("N", "N", nIn, batch, nOut, 1.0, p, wOff, nIn, dz, 0, nOut, 0.0, dx, 0, nIn);
  }
}
