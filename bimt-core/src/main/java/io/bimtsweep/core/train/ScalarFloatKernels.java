package io.bimtsweep.core.train;

import io.bimtsweep.core.model.ExpF;

/** The reference loops: one element at a time, in the order {@link FloatKernels} defines. */
final class ScalarFloatKernels implements FloatKernels {
  static final ScalarFloatKernels INSTANCE = new ScalarFloatKernels();

  private ScalarFloatKernels() {}

  @Override
  public void forward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z) {
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        float s = 0;
        for (int i = 0; i < nIn; i++) {
          s = Math.fma(x[xo + i], p[wo + i], s);
        }
        z[zo + o] = p[bOff + o] + s;
      }
    }
  }

  @Override
  public void weightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff) {
    biasGradient(batch, nOut, dz, g, bOff);
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        float d = dz[zo + o];
        if (d == 0) {
          continue;
        }
        int wo = wOff + o * nIn;
        for (int i = 0; i < nIn; i++) {
          g[wo + i] = Math.fma(d, x[xo + i], g[wo + i]);
        }
      }
    }
  }

  @Override
  public void inputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx) {
    java.util.Arrays.fill(dx, 0, batch * nIn, 0f);
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        float d = dz[zo + o];
        if (d == 0) {
          continue;
        }
        int wo = wOff + o * nIn;
        for (int i = 0; i < nIn; i++) {
          dx[xo + i] = Math.fma(d, p[wo + i], dx[xo + i]);
        }
      }
    }
  }

  @Override
  public void silu(float[] z, float[] a, float[] d, int n) {
    for (int i = 0; i < n; i++) {
      float zi = z[i];
      float s = 1f / (1f + ExpF.exp(-zi));
      a[i] = zi * s;
      d[i] = s * Math.fma(zi, 1f - s, 1f);
    }
  }

  @Override
  public void expShifted(float[] v, int off, int n, float shift, float[] out) {
    for (int i = off; i < off + n; i++) {
      out[i] = ExpF.exp(v[i] - shift);
    }
  }

  @Override
  public void subtractRowMaxima(float[] v, int rows, int width, float[] max, float[] out) {
    for (int b = 0; b < rows; b++) {
      int r = b * width;
      float m = Float.NEGATIVE_INFINITY;
      for (int o = 0; o < width; o++) {
        m = Math.max(m, v[r + o]);
      }
      max[b] = m;
      for (int o = 0; o < width; o++) {
        out[r + o] = v[r + o] - m;
      }
    }
  }

  @Override
  public void biasGradient(int batch, int nOut, float[] dz, float[] g, int bOff) {
    for (int b = 0; b < batch; b++) {
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        g[bOff + o] += dz[zo + o];
      }
    }
  }

  @Override
  public void addScaled(float a, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void addSignScaled(float[] c, float[] p, int off, float[] g) {
    signScaledRange(c, p, off, g, 0, c.length);
  }

  /** Entries from..to-1 of {@link FloatKernels#addSignScaled}: also the vector kernels' tail. */
  static void signScaledRange(float[] c, float[] p, int off, float[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      g[off + i] += c[i] * Math.signum(p[off + i]);
    }
  }
}
