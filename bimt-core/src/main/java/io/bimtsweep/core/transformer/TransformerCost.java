package io.bimtsweep.core.transformer;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import java.util.List;

/**
 * BIMT's connection cost for a transformer: every linear map's weights cost |w| times the length
 * of the connection between the two neurons it joins, and its biases y* |b|; LayerNorm parameters
 * cost nothing (as in the notebook). Each neuron group sits on a line, neuron j of n at
 * (j + 1/2) / n, so a connection's length is A |x_out - x_in| + y* (L1) or its Euclidean
 * counterpart. Rows of q, k and v all sit at their attention neuron's place. With the mean
 * reduction each map's terms are averaged over the map (the notebook's {@code torch.mean}), with
 * sum they are added.
 */
public final class TransformerCost {
  private final TransformerShape shape;
  private final List<TransformerShape.Linear> lin;
  private final double yStar;
  private final double[][] dist;
  private final double[] weightFactor;
  private final double[] biasFactor;

  /**
   * @param distanceInLastLayer false drops the head's in-plane distance (its connections cost y*
   *     each), as the MNIST notebook does for its last layer
   */
  public TransformerCost(TransformerShape shape, double layoutWidth, double layerDistance, DistanceNorm norm,
      Reduction reduction, boolean distanceInLastLayer) {
    this.shape = shape;
    this.lin = shape.linears();
    this.yStar = layerDistance;
    dist = new double[lin.size()][];
    weightFactor = new double[lin.size()];
    biasFactor = new double[lin.size()];
    for (int l = 0; l < lin.size(); l++) {
      TransformerShape.Linear m = lin.get(l);
      double a = l == lin.size() - 1 && !distanceInLastLayer ? 0 : layoutWidth;
      int nOutGroup = shape.groupSize(m.outGroup());
      double[] d = new double[m.out() * m.in()];
      for (int o = 0; o < m.out(); o++) {
        double xo = position(o % nOutGroup, nOutGroup);
        for (int i = 0; i < m.in(); i++) {
          double dx = Math.abs(xo - position(i, m.in()));
          d[o * m.in() + i] = norm == DistanceNorm.L1 ? a * dx + layerDistance
              : Math.sqrt(a * dx * a * dx + layerDistance * layerDistance);
        }
      }
      dist[l] = d;
      weightFactor[l] = reduction == Reduction.MEAN ? 1.0 / (m.out() * m.in()) : 1.0;
      biasFactor[l] = reduction == Reduction.MEAN ? 1.0 / m.out() : 1.0;
    }
  }

  /** The unit coordinate of neuron j of a group of n. */
  public static double position(int j, int n) {
    return (j + 0.5) / n;
  }

  /** l_w + l_b (biases counted when penaliseBiases). */
  public double value(double[] p, boolean penaliseBiases) {
    double total = 0;
    for (int l = 0; l < lin.size(); l++) {
      TransformerShape.Linear m = lin.get(l);
      double[] d = dist[l];
      double s = 0;
      int w = m.weightOffset();
      for (int i = 0; i < d.length; i++) {
        s += Math.abs(p[w + i]) * d[i];
      }
      total += weightFactor[l] * s;
      if (penaliseBiases) {
        double b = 0;
        for (int i = 0; i < m.out(); i++) {
          b += Math.abs(p[m.biasOffset() + i]);
        }
        total += biasFactor[l] * yStar * b;
      }
    }
    return total;
  }

  /** Adds lambda times the cost's (sub)gradient to grad; sign(0) = 0. */
  public void addGradient(double[] p, double[] grad, double lambda, boolean penaliseBiases) {
    if (lambda == 0) {
      return;
    }
    for (int l = 0; l < lin.size(); l++) {
      TransformerShape.Linear m = lin.get(l);
      double[] d = dist[l];
      double f = lambda * weightFactor[l];
      int w = m.weightOffset();
      for (int i = 0; i < d.length; i++) {
        grad[w + i] += f * d[i] * Math.signum(p[w + i]);
      }
      if (penaliseBiases) {
        double fb = lambda * biasFactor[l] * yStar;
        for (int i = 0; i < m.out(); i++) {
          grad[m.biasOffset() + i] += fb * Math.signum(p[m.biasOffset() + i]);
        }
      }
    }
  }

  /**
   * The change of the cost if neurons j and k of group g traded places: only their rows (every
   * fold) in the maps that write to g and their columns in the maps that read g move; biases cost
   * the same wherever they are.
   */
  public double swapDelta(double[] p, int g, int j, int k) {
    if (j == k) {
      return 0;
    }
    double delta = 0;
    for (int l = 0; l < lin.size(); l++) {
      TransformerShape.Linear m = lin.get(l);
      double[] d = dist[l];
      int w = m.weightOffset();
      int in = m.in();
      double s = 0;
      if (m.outGroup() == g) {
        int n = shape.groupSize(g);
        for (int f = 0; f < m.fold(); f++) {
          int rj = (f * n + j) * in;
          int rk = (f * n + k) * in;
          for (int i = 0; i < in; i++) {
            double diff = d[rk + i] - d[rj + i];
            s += (Math.abs(p[w + rj + i]) - Math.abs(p[w + rk + i])) * diff;
          }
        }
      }
      if (m.inGroup() == g) {
        for (int o = 0; o < m.out(); o++) {
          int r = o * in;
          double diff = d[r + k] - d[r + j];
          s += (Math.abs(p[w + r + j]) - Math.abs(p[w + r + k])) * diff;
        }
      }
      delta += weightFactor[l] * s;
    }
    return delta;
  }
}
