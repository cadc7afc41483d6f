package io.bimtsweep.core.train;

/**
 * {@link DenseKernels} in float32, for the java engine's {@code dtype: float32}: the three
 * products of a dense layer over a batch (row-major, weights [out][in]) below the BLAS threshold.
 * Every implementation computes each output element by the same sequence of float fused
 * multiply-adds ({@link Math#fma}) as {@link ScalarFloatKernels}, as {@link DenseKernels} says: vectors run across independent output
 * elements and never across one element's sum, so no result depends on the vector width, the
 * machine or the JVM. A product is therefore the same bits whichever implementation ran it, which
 * {@code DenseKernelsTest} checks for every species this JVM offers.
 */
public interface FloatKernels {
  /** z[b][o] = bias[o] + (sum over i ascending of x[b][i] w[o][i]), the sum started from 0. */
  void forward(int batch, int nIn, int nOut, float[] x, float[] p, int wOff, int bOff, float[] z);

  /** g_b[o] += dz[b][o] and g_w[o][i] += dz[b][o] x[b][i], b ascending, skipping dz[b][o] == 0 for g_w. */
  void weightGradient(int batch, int nIn, int nOut, float[] x, float[] dz, float[] g, int wOff, int bOff);

  /** g_b[o] += dz[b][o], b ascending: the bias part of {@link #weightGradient} alone, for a layer whose weights go to BLAS. */
  void biasGradient(int batch, int nOut, float[] dz, float[] g, int bOff);

  /** dx[b][i] = sum over o ascending of dz[b][o] w[o][i] (dz[b][o] == 0 skipped), from 0. */
  void inputGradient(int batch, int nIn, int nOut, float[] dz, float[] p, int wOff, float[] dx);

  /** SiLU over the first n entries: a = z s, d = s (1 + z (1 - s)), s = 1 / (1 + e^-z), with {@link io.bimtsweep.core.model.ExpF}. */
  void silu(float[] z, float[] a, float[] d, int n);

  /** out[off + i] = e^(v[off + i] - shift) for i < n, with {@link io.bimtsweep.core.model.ExpF}: a softmax row. */
  void expShifted(float[] v, int off, int n, float shift, float[] out);

  /**
   * A softmax's shift: max[b] = the largest of row b of v (rows of width entries; Math.max's
   * maximum, which no order changes) and out[b][o] = v[b][o] - max[b]. out may be v.
   */
  void subtractRowMaxima(float[] v, int rows, int width, float[] max, float[] out);

  /**
   * y[yo + i] += a x[xo + i] for i &lt; n: element by element, so every implementation gives the
   * same bits (the token embedding's gradient; with a = 1, a plain sum).
   */
  void addScaled(float a, float[] x, int xo, float[] y, int yo, int n);

  /**
   * g[off + i] += c[i] Math.signum(p[off + i]) for i &lt; c.length: the connection cost's gradient
   * on one weight layer, c holding each weight's coefficient. Element by element, so every
   * implementation gives the same bits; signum keeps Math's rules (+-0 and NaN are their own sign).
   */
  void addSignScaled(float[] c, float[] p, int off, float[] g);

  /** "scalar", or "vector" with the vector's bit size (e.g. vector256). */
  String name();
}
