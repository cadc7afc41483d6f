package io.bimtsweep.core.train;

/** The reference loops: one element at a time, in the order {@link DenseKernels} defines. */
final class ScalarKernels implements DenseKernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z) {
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        int wo = wOff + o * nIn;
        double s = 0;
        for (int i = 0; i < nIn; i++) {
          s = Math.fma(x[xo + i], p[wo + i], s);
        }
        z[zo + o] = p[bOff + o] + s;
      }
    }
  }

  @Override
  public void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff) {
    biasGradient(batch, nOut, dz, g, bOff);
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
          g[wo + i] = Math.fma(d, x[xo + i], g[wo + i]);
        }
      }
    }
  }

  @Override
  public void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx) {
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
          dx[xo + i] = Math.fma(d, p[wo + i], dx[xo + i]);
        }
      }
    }
  }

  @Override
  public void silu(double[] z, double[] a, double[] d, int n) {
    io.bimtsweep.core.model.Activation.SILU.forward(z, a, d, n);
  }

  @Override
  public void expShifted(double[] v, int off, int n, double shift, double[] out) {
    for (int i = off; i < off + n; i++) {
      out[i] = io.bimtsweep.core.model.Exp.exp(v[i] - shift);
    }
  }

  @Override
  public void subtractRowMaxima(double[] v, int rows, int width, double[] max, double[] out) {
    for (int b = 0; b < rows; b++) {
      int r = b * width;
      double m = Double.NEGATIVE_INFINITY;
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
  public void biasGradient(int batch, int nOut, double[] dz, double[] g, int bOff) {
    for (int b = 0; b < batch; b++) {
      int zo = b * nOut;
      for (int o = 0; o < nOut; o++) {
        g[bOff + o] += dz[zo + o];
      }
    }
  }

  @Override
  public void addScaled(double a, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }
  }

  @Override
  public void addTableRows(double[] base, int baseOff, double[][] tables, int[][] rows, int count, int n, double[] y) {
    for (int b = 0; b < count; b++) {
      int yo = b * n;
      for (int i = 0; i < n; i++) {
        double a = base[baseOff + i];
        for (int f = 0; f < tables.length; f++) {
          a += tables[f][rows[f][b] * n + i];
        }
        y[yo + i] = a;
      }
    }
  }

  @Override
  public void sumIntoTableRows(double[] x, int[] rows, int count, int n, double[] t) {
    for (int b = 0; b < count; b++) {
      int xo = b * n;
      int to = rows[b] * n;
      for (int i = 0; i < n; i++) {
        t[to + i] += x[xo + i];
      }
    }
  }

  @Override
  public void addWeightedRows(int count, int k, int n, double[] g, double[] w, int wOff, int wStride, double[] y, int yOff) {
    for (int v = 0; v < count; v++) {
      int yo = yOff + v * n;
      for (int o = 0; o < k; o++) {
        double gv = g[v * k + o];
        if (gv == 0) {
          continue;
        }
        int wo = wOff + o * wStride;
        for (int i = 0; i < n; i++) {
          y[yo + i] = Math.fma(gv, w[wo + i], y[yo + i]);
        }
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void addSignScaled(double[] c, double[] p, int off, double[] g) {
    signScaledRange(c, p, off, g, 0, c.length);
  }

  /** Entries from..to-1 of {@link DenseKernels#addSignScaled}: also the vector kernels' tail. */
  static void signScaledRange(double[] c, double[] p, int off, double[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      g[off + i] += c[i] * Math.signum(p[off + i]);
    }
  }
}
