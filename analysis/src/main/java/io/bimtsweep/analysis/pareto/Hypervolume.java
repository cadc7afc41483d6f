package io.bimtsweep.analysis.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume of a set of points: the volume of objective space they dominate, bounded by a
 * reference point. Exact, by slicing along the last objective (HSO); fine for fronts of hundreds
 * of points in a few dimensions. Points not strictly better than the reference in every objective
 * contribute nothing.
 */
public final class Hypervolume {
  private Hypervolume() {}

  public static double of(List<Candidate> points, List<Objective> obj, double[] reference) {
    int d = obj.size();
    double[] ref = new double[d];
    for (int i = 0; i < d; i++) {
      ref[i] = obj.get(i).oriented(reference[i]);
    }
    List<double[]> ps = new ArrayList<>();
    for (Candidate c : points) {
      double[] p = new double[d];
      boolean inside = true;
      for (int i = 0; i < d; i++) {
        p[i] = obj.get(i).oriented(c.value(i)) - ref[i];
        inside &= p[i] > 0;
      }
      if (inside) {
        ps.add(p);
      }
    }
    return volume(ps, d);
  }

  /** Volume dominated by points (all coordinates > 0, maximised) above the origin. */
  static double volume(List<double[]> ps, int d) {
    if (ps.isEmpty()) {
      return 0;
    }
    if (d == 1) {
      double m = 0;
      for (double[] p : ps) {
        m = Math.max(m, p[0]);
      }
      return m;
    }
    if (d == 2) {
      List<double[]> s = new ArrayList<>(ps);
      s.sort(Comparator.comparingDouble((double[] p) -> -p[0]));
      double v = 0;
      double maxY = 0;
      for (double[] p : s) {
        if (p[1] > maxY) {
          v += p[0] * (p[1] - maxY);
          maxY = p[1];
        }
      }
      return v;
    }
    // slice along the last coordinate: between consecutive levels, the (d-1)-volume of points reaching above
    double[] levels = ps.stream().mapToDouble(p -> p[d - 1]).distinct().sorted().toArray();
    double v = 0;
    double below = 0;
    for (double level : levels) {
      List<double[]> above = new ArrayList<>();
      for (double[] p : ps) {
        if (p[d - 1] >= level) {
          above.add(Arrays.copyOf(p, d - 1));
        }
      }
      v += volume(above, d - 1) * (level - below);
      below = level;
    }
    return v;
  }
}
