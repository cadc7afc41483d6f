package io.bimtsweep.core.train;

/**
 * {@link Dense} in float32: the products of a dense layer on the engine's own {@link FloatKernels}
 * below {@link Dense#BLAS_THRESHOLD} multiply-adds (the same bits in every JVM) and on BLAS's sgemm
 * above it, as float64 uses dgemm there (modular addition's products: sgemm took 0.4-0.5x the
 * time of the float vector kernels in {@code bimt bench --kernels}), under the same lock for
 * native BLAS.
 */
public final class Dense32 {
  /** A constant, so that HotSpot compiles the chosen kernels' vectors to machine instructions. */
  private static final FloatKernels STANDARD = Kernels.standardFloat();
  private static final ThreadLocal<FloatKernels> FORCED = new ThreadLocal<>();

  private Dense32() {}

  /** Runs {@code body} on this thread with the given kernels (tests and benchmarks: any choice gives the same bits). */
  static void withKernels(FloatKernels kernels, Runnable body) {
    FloatKernels before = FORCED.get();
    FORCED.set(kernels);
    try {
      body.run();
    } finally {
      FORCED.set(before);
    }
  }

  /** The kernels this thread runs (forced, or the standard ones). */
  static FloatKernels kernels() {
    FloatKernels forced = FORCED.get();
    return forced == null ? STANDARD : forced;
  }

  private static boolean large(int batch, int nIn, int nOut) {
    return (long) batch * nIn * nOut >= Dense.BLAS_THRESHOLD;
  }

  /** z[b][o] = bias[o] + sum_i x[b][i] w[o][i]. */
  public static void forward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    if (large(batch, nIn, nOut)) {
      blasForward(batch, nIn, nOut, x, p, wOff, bOff, z);
      return;
    }
    kernels().forward(batch, nIn, nOut, x, p, wOff, bOff, z);
  }

  /** g_w[o][i] += sum_b dz[b][o] x[b][i]; g_b[o] += sum_b dz[b][o]. */
  public static void weightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff) {
    if (large(batch, nIn, nOut)) {
      blasWeightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
      return;
    }
    kernels().weightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
  }

  /** dx[b][i] = sum_o dz[b][o] w[o][i]. */
  public static void inputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    if (large(batch, nIn, nOut)) {
      blasInputGradient(batch, nIn, nOut, dz, p, wOff, dx);
      return;
    }
    kernels().inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
  }

  /** The three products on sgemm whatever their size ({@code bimt bench --kernels} times them at every shape). */
  static void blasForward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(p, bOff, z, b * nOut, nOut);
    }
    sgemm("T", "N", nOut, batch, nIn, p, wOff, nIn, x, 0, nIn, 1f, z, 0, nOut);
  }

  static void blasWeightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff) {
    kernels().biasGradient(batch, nOut, dz, g, bOff);
    sgemm("N", "T", nIn, nOut, batch, x, 0, nIn, dz, 0, nOut, 1f, g, wOff, nIn);
  }

  static void blasInputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    sgemm("N", "N", nIn, batch, nOut, p, wOff, nIn, dz, 0, nOut, 0f, dx, 0, nIn);
  }

  private static void sgemm(String ta, String tb, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float beta, float[] c, int cOff, int ldc) {
    if (Dense.isNative()) {
      synchronized (NativeLock.LOCK) {
        Dense.blas().sgemm(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      }
    } else {
      Dense.blas().sgemm(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }

  /** g[off + i] += c[i] sign(p[off + i]): one layer's connection cost gradient (see {@link FloatKernels#addSignScaled}). */
  public static void addSignScaled(float[] c, float[] p, int off, float[] g) {
    kernels().addSignScaled(c, p, off, g);
  }

  /** SiLU and its derivative over the first n entries (see {@link FloatKernels#silu}). */
  public static void silu(float[] z, float[] a, float[] d, int n) {
    kernels().silu(z, a, d, n);
  }

  /** max[b] = row b's maximum, out[b][o] = v[b][o] - max[b] (see {@link FloatKernels#subtractRowMaxima}). */
  public static void subtractRowMaxima(float[] v, int rows, int width, float[] max, float[] out) {
    kernels().subtractRowMaxima(v, rows, width, max, out);
  }

  /** out[off + i] = e^(v[off + i] - shift), i < n (see {@link FloatKernels#expShifted}). */
  public static void expShifted(float[] v, int off, int n, float shift, float[] out) {
    kernels().expShifted(v, off, n, shift, out);
  }
}
