package io.bimtsweep.core.train;

/**
 * The three products of a dense layer over a batch (row-major, weights [out][in]) below the BLAS
 * threshold. Every implementation computes each output element by the same sequence of fused
 * multiply-adds as {@link ScalarKernels} ({@link Math#fma}: a b + c rounded once, which IEEE 754
 * defines exactly, so every machine gives the same bits): vectors run across independent output
 * elements and never across one element's sum, so no result depends on the vector width, the
 * machine or the JVM. A product is therefore the same bits whichever implementation ran it, which
 * {@code DenseKernelsTest} checks for every species this JVM offers.
 *
 * <p>Why fused: one instruction instead of two per term. Measured on an AVX-512 EPYC (2026-12-01,
 * old and new classes alternating in fresh JVMs): independence 0.65-0.71 s to 0.57-0.60 s, two
 * moons 0.67-0.72 s to 0.58-0.60 s in float64. The cost is on processors without the instruction
 * (x86 before 2013, some budget x86 since): the JVM computes {@code Math.fma} in software there,
 * far slower, with the same bits; {@link Kernels#hardwareFma()} says which, and {@code bimt
 * bench} prints it.
 */
public interface DenseKernels {
  /** z[b][o] = bias[o] + s, s = fma(x[b][i], w[o][i], s) over i ascending from s = 0. */
  void forward(int batch, int nIn, int nOut, double[] x, double[] p, int wOff, int bOff, double[] z);

  /** g_b[o] += dz[b][o] and g_w[o][i] = fma(dz[b][o], x[b][i], g_w[o][i]), b ascending, skipping dz[b][o] == 0 for g_w. */
  void weightGradient(int batch, int nIn, int nOut, double[] x, double[] dz, double[] g, int wOff, int bOff);

  /**
   * g_b[o] += dz[b][o], b ascending: the bias part of {@link #weightGradient} alone, for a layer
   * whose weights go to BLAS (one plain loop over the rows took 70 us of modular addition's
   * 2,785-row layers, each sum a chain through memory).
   */
  void biasGradient(int batch, int nOut, double[] dz, double[] g, int bOff);

  /** dx[b][i] = s, s = fma(dz[b][o], w[o][i], s) over o ascending from s = 0 (dz[b][o] == 0 skipped). */
  void inputGradient(int batch, int nIn, int nOut, double[] dz, double[] p, int wOff, double[] dx);

  /**
   * SiLU over the first n entries: a = z s, d = s fma(z, 1 - s, 1), s = 1 / (1 + e^-z), with {@link
   * io.bimtsweep.core.model.Exp}. a may be z (each z is read before its a is written); d may not.
   */
  void silu(double[] z, double[] a, double[] d, int n);

  /** out[off + i] = e^(v[off + i] - shift) for i < n, with {@link io.bimtsweep.core.model.Exp}: a softmax row. */
  void expShifted(double[] v, int off, int n, double shift, double[] out);

  /**
   * A softmax's shift: max[b] = the largest of row b of v (rows of width entries; Math.max's
   * maximum, which no order changes) and out[b][o] = v[b][o] - max[b]. out may be v.
   */
  void subtractRowMaxima(double[] v, int rows, int width, double[] max, double[] out);

  /**
   * y[yo + i] = fma(a, x[xo + i], y[yo + i]) for i &lt; n: element by element, so every implementation gives the
   * same bits (the token embedding's gradient; with a = 1, a plain sum).
   */
  void addScaled(double a, double[] x, int xo, double[] y, int yo, int n);

  /**
   * y[b][i] = base[baseOff + i] + t_0[rows_0[b]][i] + t_1[rows_1[b]][i] + ..., added in that order,
   * for b &lt; count, i &lt; n (rows of width n): a bias plus, from each table, the row that its
   * rows array names (a token's row of the first layer applied to the embedding, per fold). Plain
   * additions in a fixed order, so every implementation gives the same bits.
   */
  void addTableRows(double[] base, int baseOff, double[][] tables, int[][] rows, int count, int n, double[] y);

  /**
   * t[rows[b]][i] += x[b][i] for b ascending, i &lt; n (rows of width n): the rows of x summed into
   * the rows of t that rows names, each in the order of b (a token embedding's gradient). One
   * addition per element and step, so every implementation gives the same bits.
   */
  void sumIntoTableRows(double[] x, int[] rows, int count, int n, double[] t);

  /**
   * y[yOff + v n + i] = fma(g[v k + o], w[wOff + o wStride + i], y[yOff + v n + i]) over o
   * ascending, skipping g[v k + o] == 0, for v &lt; count and i &lt; n: each row of y plus the rows
   * of w weighted by a row of g (the embedding's gradient through the first layer). Lanes across
   * i, never across one element's chain, so every implementation gives the same bits.
   */
  void addWeightedRows(int count, int k, int n, double[] g, double[] w, int wOff, int wStride, double[] y, int yOff);

  /**
   * g[off + i] += c[i] Math.signum(p[off + i]) for i &lt; c.length: the connection cost's gradient
   * on one weight layer, c holding each weight's coefficient. Element by element, so every
   * implementation gives the same bits; signum keeps Math's rules (+-0 and NaN are their own sign).
   */
  void addSignScaled(double[] c, double[] p, int off, double[] g);

  /** "scalar", or "vector" with the vector's bit size (e.g. vector256). */
  String name();
}
