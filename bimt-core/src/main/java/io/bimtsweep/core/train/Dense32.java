package io.bimtsweep.core.train;

/**
 * {@link Dense} in float32: the products of a dense layer on the engine's own {@link FloatKernels}
 * at every size, so that a float32 run gives the same bits in every JVM (no BLAS).
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

  private static FloatKernels kernels() {
    FloatKernels forced = FORCED.get();
    return forced == null ? STANDARD : forced;
  }

  /** z[b][o] = bias[o] + sum_i x[b][i] w[o][i]. */
  public static void forward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    kernels().forward(batch, nIn, nOut, x, p, wOff, bOff, z);
  }

  /** g_w[o][i] += sum_b dz[b][o] x[b][i]; g_b[o] += sum_b dz[b][o]. */
  public static void weightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff) {
    kernels().weightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
  }

  /** dx[b][i] = sum_o dz[b][o] w[o][i]. */
  public static void inputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    kernels().inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
  }

  /** SiLU and its derivative over the first n entries (see {@link FloatKernels#silu}). */
  public static void silu(float[] z, float[] a, float[] d, int n) {
    kernels().silu(z, a, d, n);
  }

  /** out[off + i] = e^(v[off + i] - shift), i < n (see {@link FloatKernels#expShifted}). */
  public static void expShifted(float[] v, int off, int n, float shift, float[] out) {
    kernels().expShifted(v, off, n, shift, out);
  }
}
