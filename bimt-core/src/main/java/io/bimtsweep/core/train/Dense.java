package io.bimtsweep.core.train;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three products of a dense layer over a batch, row-major, weights [out][in], through the
 * BLAS that Spark ships (the system's native BLAS if there is one, else netlib's Vector-API
 * kernel), or plain loops below a size threshold.
 *
 * <p>The threshold follows the BLAS, as measured with {@code bimt bench --steps 2000} (ms per step,
 * independence / two moons / modular addition): native OpenBLAS for everything 0.051 / 0.072 /
 * 4.9, loops below 200k multiply-adds 0.099 / 0.177 / 5.0, so native BLAS takes all products. The
 * Vector-API kernel: threshold 0 gives 0.130 / 0.107 / 7.5, 20k gives 0.113 / 0.118 / 7.5, 200k
 * gives 0.106 / 0.175 / 7.3, so 20k. Plain loops for everything: modular addition 19.8 ms.
 */
final class Dense {
  private static volatile BLAS blas;
  /** Multiply-adds per product from which BLAS is used; -Dbimt.blasThreshold overrides. */
  static final long BLAS_THRESHOLD = Long.getLong("bimt.blasThreshold",
      blas().getClass().getSimpleName().equals("JNIBLAS") ? 0L : 20_000L);

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

  static String implementation() {
    return blas().getClass().getSimpleName();
  }

  /** z[b][o] = bias[o] + sum_i x[b][i] w[o][i]. */
  static void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(p, bOff, z, b * nOut, nOut);
    }
    if ((long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blas().dgemm("T", "N", nOut, batch, nIn, 1.0, p, wOff, nIn, x, 0, nIn, 1.0, z, 0, nOut);
      return;
    }
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        double s = 0;
        for (int i = 0; i < nIn; i++) {
          s += x[xo + i] * p[wo + i];
        }
        z[zo + o] += s;
      }
    }
  }

  /** g_w[o][i] += sum_b dz[b][o] x[b][i]; g_b[o] += sum_b dz[b][o]. */
  static void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff) {
    for (int b = 0; b < batch; b++) {
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        g[bOff + o] += dz[zo + o];
      }
    }
    if ((long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blas().dgemm("N", "T", nIn, nOut, batch, 1.0, x, 0, nIn, dz, 0, nOut, 1.0, g, wOff, nIn);
      return;
    }
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        double d = dz[zo + o];
        if (d == 0) {
          continue;
        }
        int wo = wOff + o * nIn;
        for (int i = 0; i < nIn; i++) {
          g[wo + i] += d * x[xo + i];
        }
      }
    }
  }

  /** dx[b][i] = sum_o dz[b][o] w[o][i]. */
  static void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
    if ((long) batch * nIn * nOut >= BLAS_THRESHOLD) {
      blas().dgemm("N", "N", nIn, batch, nOut, 1.0, p, wOff, nIn, dz, 0, nOut, 0.0, dx, 0, nIn);
      return;
    }
    java.util.Arrays.fill(dx, 0, batch * nIn, 0.0);
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        double d = dz[zo + o];
        if (d == 0) {
          continue;
        }
        int wo = wOff + o * nIn;
        for (int i = 0; i < nIn; i++) {
          dx[xo + i] += d * p[wo + i];
        }
      }
    }
  }
}
