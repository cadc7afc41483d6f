package io.bimtsweep.core.train;

import io.bimtsweep.core.cost.ConnectionCost;

/**
 * The connection cost's weight coefficients ({@link ConnectionCost#weightCoefficients}) kept while
 * lambda and seRNN's factors stay the same: lambda's schedule is piecewise constant, so a run
 * computes them a few times, not once per step. With them the trainer adds the weights' cost
 * gradient through the kernels' {@code addSignScaled}, in vectors: timed inside the step, the
 * scalar loop spent about 3 us of independence's 28-38 us steps, six times its cost when timed
 * alone, and the vector form 0.24 us. The same bits as
 * {@link ConnectionCost#addGradient}, which stays the reference. One instance per run and thread.
 */
final class CostCoefficients {
  private ConnectionCost cost;
  private double lambda;
  private double[][] factors;
  private double[][] coefficients;
  private float[][] rounded;

  /** Coefficients for this cost, lambda and factors (compared by identity: seRNN replaces its array). */
  double[][] of(ConnectionCost c, double lam, double[][] f) {
    if (coefficients == null || c != cost || Double.doubleToLongBits(lam) != Double.doubleToLongBits(lambda)
        || f != factors) {
      coefficients = c.weightCoefficients(lam, f);
      rounded = null;
      cost = c;
      lambda = lam;
      factors = f;
    }
    return coefficients;
  }

  /** {@link #of}'s coefficients rounded to float once, as the float32 {@code addGradient} rounds them. */
  float[][] ofFloat(ConnectionCost c, double lam, double[][] f) {
    double[][] d = of(c, lam, f);
    if (rounded == null) {
      rounded = new float[d.length][];
      for (int l = 0; l < d.length; l++) {
        rounded[l] = new float[d[l].length];
        for (int i = 0; i < d[l].length; i++) {
          rounded[l][i] = (float) d[l][i];
        }
      }
    }
    return rounded;
  }
}
