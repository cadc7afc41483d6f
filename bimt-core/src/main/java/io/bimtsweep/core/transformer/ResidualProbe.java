package io.bimtsweep.core.transformer;

import static io.bimtsweep.core.Checks.check;

/**
 * The paper's claim for the in-context transformer, measured: a quantity (the task's w) is
 * linearly readable from the residual stream, and from only a few of its neurons. Least squares
 * with an intercept on the centred covariance; neurons that never vary are left out. The number
 * of neurons needed comes from greedy forward selection: add the neuron that raises R^2 most,
 * until R^2 is within {@link #TOLERANCE} of the probe on all neurons.
 *
 * @param r2 R^2 of the best linear probe on all neurons
 * @param neuronsNeeded how many neurons the greedy probe needed to come within the tolerance
 * @param neurons those neurons, in the order chosen (indices into the stream as it is now)
 * @param r2Chosen R^2 of the probe on those neurons
 * @param curve R^2 of the greedy probe after 1, 2, ... neurons, for at least {@link #CURVE} neurons
 *     (or all that vary) even when fewer were needed: how fast w concentrates
 */
public record ResidualProbe(double r2, int neuronsNeeded, int[] neurons, double r2Chosen, double[] curve) {
  public static final double TOLERANCE = 0.01;
  public static final int CURVE = 8;

  public ResidualProbe {
    neurons = neurons.clone();
    curve = curve.clone();
  }

  @Override
  public int[] neurons() {
    return neurons.clone();
  }

  @Override
  public double[] curve() {
    return curve.clone();
  }

  /** Fits the probe of target (one value per row) from the rows of x. */
  public static ResidualProbe fit(double[][] x, double[] target) {
    int n = x.length;
    check(n >= 2 && target.length == n, "a probe needs at least two examples and one target per example");
    int d = x[0].length;
    double[] mean = new double[d];
    double ym = 0;
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        mean[i] += x[r][i];
      }
      ym += target[r];
    }
    ym /= n;
    for (int i = 0; i < d; i++) {
      mean[i] /= n;
    }
    double[][] c = new double[d][d];
    double[] cy = new double[d];
    double yy = 0;
    for (int r = 0; r < n; r++) {
      double ty = target[r] - ym;
      yy += ty * ty;
      for (int i = 0; i < d; i++) {
        double xi = x[r][i] - mean[i];
        cy[i] += xi * ty;
        for (int j = 0; j <= i; j++) {
          c[i][j] += xi * (x[r][j] - mean[j]);
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        c[j][i] = c[i][j];
      }
    }
    if (yy == 0) {
      return new ResidualProbe(Double.NaN, 0, new int[0], Double.NaN, new double[0]);
    }
    double maxVar = 0;
    for (int i = 0; i < d; i++) {
      maxVar = Math.max(maxVar, c[i][i]);
    }
    java.util.List<Integer> live = new java.util.ArrayList<>();
    for (int i = 0; i < d; i++) {
      if (c[i][i] > 1e-12 * maxVar) {
        live.add(i);
      }
    }
    int[] all = live.stream().mapToInt(Integer::intValue).toArray();
    double full = explained(c, cy, all) / yy;
    int[] chosen = new int[0];
    double r2 = 0;
    boolean[] used = new boolean[d];
    int needed = -1;
    double r2Needed = Double.NaN;
    java.util.List<Double> curve = new java.util.ArrayList<>();
    while (chosen.length < all.length && (needed < 0 || chosen.length < CURVE)) {
      if (needed < 0 && r2 >= full - TOLERANCE) {
        needed = chosen.length;
        r2Needed = r2;
        continue;
      }
      int best = -1;
      double bestR2 = -1;
      for (int i : all) {
        if (used[i]) {
          continue;
        }
        int[] s = java.util.Arrays.copyOf(chosen, chosen.length + 1);
        s[chosen.length] = i;
        double v = explained(c, cy, s) / yy;
        if (v > bestR2) {
          bestR2 = v;
          best = i;
        }
      }
      used[best] = true;
      chosen = java.util.Arrays.copyOf(chosen, chosen.length + 1);
      chosen[chosen.length - 1] = best;
      r2 = bestR2;
      curve.add(r2);
    }
    if (needed < 0) {
      needed = chosen.length;
      r2Needed = r2;
    }
    return new ResidualProbe(full, needed, java.util.Arrays.copyOf(chosen, needed), r2Needed,
        curve.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** c_S' C_SS^-1 c_S by Cholesky with a tiny ridge (the explained sum of squares). */
  private static double explained(double[][] c, double[] cy, int[] s) {
    int k = s.length;
    if (k == 0) {
      return 0;
    }
    double[][] l = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double v = c[s[i]][s[j]] + (i == j ? 1e-12 * c[s[i]][s[i]] : 0);
        for (int m = 0; m < j; m++) {
          v -= l[i][m] * l[j][m];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(v, 1e-300)) : v / l[j][j];
      }
    }
    double sum = 0;
    double[] z = new double[k];
    for (int i = 0; i < k; i++) {
      double v = cy[s[i]];
      for (int m = 0; m < i; m++) {
        v -= l[i][m] * z[m];
      }
      z[i] = v / l[i][i];
      sum += z[i] * z[i];
    }
    return sum;
  }
}
