package io.bimtsweep.core.cost;

import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;

/**
 * The BIMT regulariser: l_w + l_b + l_emb, where a weight costs |w| times its connection's
 * length and a bias or embedding entry costs |value| times y* (a connection of length y*).
 * Pure: it reads parameters, and writes only the gradient array it is given.
 */
public final class ConnectionCost {
  private final Architecture arch;
  private final double layerDistance;
  private final Reduction reduction;
  private final double[][] distances;

  /**
   * @param distanceInLastLayer false drops the in-plane term of the last weight layer (MNIST's
   *     option): its connections all cost y*
   */
  public ConnectionCost(Architecture arch, Geometry geometry, Reduction reduction, boolean distanceInLastLayer) {
    io.bimtsweep.core.Checks.check(geometry.layers().size() == arch.weightLayers() + 1,
        "geometry has %d layers but the network has %d", geometry.layers().size(), arch.weightLayers() + 1);
    for (int i = 0; i < geometry.layers().size(); i++) {
      io.bimtsweep.core.Checks.check(geometry.layers().get(i).size() == arch.width(i),
          "geometry layer %d has %d neurons but the network layer has %d", i, geometry.layers().get(i).size(), arch.width(i));
    }
    this.arch = arch;
    this.layerDistance = geometry.layerDistance();
    this.reduction = reduction;
    int n = arch.weightLayers();
    distances = new double[n][];
    for (int l = 0; l < n; l++) {
      boolean last = l == n - 1;
      distances[l] = (last && !distanceInLastLayer)
          ? geometry.with(0, geometry.layerDistance(), geometry.norm()).distances(l)
          : geometry.distances(l);
    }
  }

  public ConnectionCost(Architecture arch, Geometry geometry, Reduction reduction) {
    this(arch, geometry, reduction, true);
  }

  /** Connection lengths of weight layer l, [out][in] row-major (a copy). */
  public double[] distances(int l) {
    return distances[l].clone();
  }

  public Reduction reduction() {
    return reduction;
  }

  private double weightScale(int l) {
    return reduction == Reduction.SUM ? 1 : 1.0 / distances[l].length;
  }

  private double biasScale(int l) {
    return layerDistance * (reduction == Reduction.SUM ? 1 : 1.0 / arch.width(l + 1));
  }

  private double embeddingScale() {
    return layerDistance * (reduction == Reduction.SUM ? 1
        : 1.0 / (arch.embedding().vocab() * arch.embedding().dim()));
  }

  /** l_w: the sum over weight layers of (reduced) length times |w|. */
  public double weightCost(double[] p) {
    return weightCost(p, null);
  }

  /**
   * l_w with each connection's cost multiplied by a factor (seRNN's communicability, shaped like
   * the weights: factors[l][o * in + i]); null factors give BIMT's l_w.
   */
  public double weightCost(double[] p, double[][] factors) {
    double total = 0;
    for (int l = 0; l < distances.length; l++) {
      double[] d = distances[l];
      double[] f = factors == null ? null : factors[l];
      int off = arch.weightOffset(l);
      double s = 0;
      for (int i = 0; i < d.length; i++) {
        s += (f == null ? d[i] : d[i] * f[i]) * Math.abs(p[off + i]);
      }
      total += s * weightScale(l);
    }
    return total;
  }

  /** l_b: y* times the (reduced) sum of |b|. */
  public double biasCost(double[] p) {
    double total = 0;
    for (int l = 0; l < distances.length; l++) {
      int off = arch.biasOffset(l);
      double s = 0;
      for (int i = 0; i < arch.width(l + 1); i++) {
        s += Math.abs(p[off + i]);
      }
      total += s * biasScale(l);
    }
    return total;
  }

  /** l_emb: y* times the (reduced) sum of |embedding|; 0 without an embedding. */
  public double embeddingCost(double[] p) {
    if (!arch.hasEmbedding()) {
      return 0;
    }
    int off = arch.embeddingOffset();
    int n = arch.embedding().vocab() * arch.embedding().dim();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs(p[off + i]);
    }
    return s * embeddingScale();
  }

  /** The whole term: l_w + (biases penalised ? l_b : 0) + l_emb. */
  public double value(double[] p, boolean penaliseBiases) {
    return weightCost(p) + (penaliseBiases ? biasCost(p) : 0) + embeddingCost(p);
  }

  /** The whole term with factor-weighted connections (see {@link #weightCost(double[], double[][])}). */
  public double value(double[] p, boolean penaliseBiases, double[][] factors) {
    return weightCost(p, factors) + (penaliseBiases ? biasCost(p) : 0) + embeddingCost(p);
  }

  /** Adds lambda times the (sub)gradient of {@link #value} to g; sign(0) = 0 as in autograd. */
  public void addGradient(double[] p, double[] g, double lambda, boolean penaliseBiases) {
    addGradient(p, g, lambda, penaliseBiases, null);
  }

  /**
   * As {@link #addGradient(double[], double[], double, boolean)} for the factor-weighted cost, the
   * factors held constant (they are not differentiated).
   */
  public void addGradient(double[] p, double[] g, double lambda, boolean penaliseBiases, double[][] factors) {
    if (lambda == 0) {
      return;
    }
    for (int l = 0; l < distances.length; l++) {
      double[] d = distances[l];
      double[] f = factors == null ? null : factors[l];
      int off = arch.weightOffset(l);
      double s = lambda * weightScale(l);
      for (int i = 0; i < d.length; i++) {
        g[off + i] += s * (f == null ? d[i] : d[i] * f[i]) * Math.signum(p[off + i]);
      }
    }
    addBiasAndEmbeddingGradient(p, g, lambda, penaliseBiases);
  }

  /**
   * Each weight's coefficient in the gradient of lambda l_w, [layer][o * in + i]: lambda times its
   * reduced length (times its factor, when factors are given). {@link #addGradient} adds
   * coefficient times sign(w), with these very values: a trainer that keeps them while lambda and
   * the factors stay the same can add them itself, in vectors, and get the same bits.
   */
  public double[][] weightCoefficients(double lambda, double[][] factors) {
    double[][] c = new double[distances.length][];
    for (int l = 0; l < distances.length; l++) {
      double[] d = distances[l];
      double[] f = factors == null ? null : factors[l];
      double s = lambda * weightScale(l);
      c[l] = new double[d.length];
      for (int i = 0; i < d.length; i++) {
        c[l][i] = s * (f == null ? d[i] : d[i] * f[i]);
      }
    }
    return c;
  }

  /** {@link #addGradient}'s bias (when penalised) and embedding terms, without the weights'. */
  public void addBiasAndEmbeddingGradient(double[] p, double[] g, double lambda, boolean penaliseBiases) {
    if (lambda == 0) {
      return;
    }
    for (int l = 0; penaliseBiases && l < distances.length; l++) {
      int bo = arch.biasOffset(l);
      double sb = lambda * biasScale(l);
      for (int i = 0; i < arch.width(l + 1); i++) {
        g[bo + i] += sb * Math.signum(p[bo + i]);
      }
    }
    if (arch.hasEmbedding()) {
      int off = arch.embeddingOffset();
      int n = arch.embedding().vocab() * arch.embedding().dim();
      double s = lambda * embeddingScale();
      for (int i = 0; i < n; i++) {
        g[off + i] += s * Math.signum(p[off + i]);
      }
    }
  }

  /**
   * {@link #addGradient(double[], double[], double, boolean, double[][])} for a float32 run: each
   * parameter's coefficient (lambda times its reduced length, times its factor) is computed in
   * double and rounded to float once, then added to the float gradient times the sign.
   */
  public void addGradient(float[] p, float[] g, double lambda, boolean penaliseBiases, double[][] factors) {
    if (lambda == 0) {
      return;
    }
    for (int l = 0; l < distances.length; l++) {
      double[] d = distances[l];
      double[] f = factors == null ? null : factors[l];
      int off = arch.weightOffset(l);
      double s = lambda * weightScale(l);
      for (int i = 0; i < d.length; i++) {
        g[off + i] += (float) (s * (f == null ? d[i] : d[i] * f[i])) * Math.signum(p[off + i]);
      }
    }
    addBiasAndEmbeddingGradient(p, g, lambda, penaliseBiases);
  }

  /** The float32 twin of {@link #addBiasAndEmbeddingGradient(double[], double[], double, boolean)}. */
  public void addBiasAndEmbeddingGradient(float[] p, float[] g, double lambda, boolean penaliseBiases) {
    if (lambda == 0) {
      return;
    }
    for (int l = 0; penaliseBiases && l < distances.length; l++) {
      int bo = arch.biasOffset(l);
      float sb = (float) (lambda * biasScale(l));
      for (int i = 0; i < arch.width(l + 1); i++) {
        g[bo + i] += sb * Math.signum(p[bo + i]);
      }
    }
    if (arch.hasEmbedding()) {
      int off = arch.embeddingOffset();
      int n = arch.embedding().vocab() * arch.embedding().dim();
      float s = (float) (lambda * embeddingScale());
      for (int i = 0; i < n; i++) {
        g[off + i] += s * Math.signum(p[off + i]);
      }
    }
  }
}
