package io.bimtsweep.core.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NSGA-II's order of points under several objectives: first by non-dominated front (front 0 is
 * the Pareto front, front 1 the front of what remains, ...), then within a front by crowding
 * distance, largest first (the front's extremes have infinite distance), then by index, so the
 * order is total and deterministic. A point with a NaN objective ranks after every point without.
 * Deb, Pratap, Agarwal and Meyarivan, IEEE TEC 6(2), 2002.
 */
public final class NsgaRanking {
  private NsgaRanking() {}

  /**
   * The indices of {@code values} (one row per point, one column per objective) in NSGA-II order.
   *
   * @param maximise per objective, whether larger is better
   */
  public static int[] order(double[][] values, boolean[] maximise) {
    int n = values.length;
    int[] front = fronts(values, maximise);
    double[] crowd = new double[n];
    int maxFront = Arrays.stream(front).max().orElse(-1);
    for (int f = 0; f <= maxFront; f++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (front[i] == f) {
          members.add(i);
        }
      }
      crowding(values, members, crowd);
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> front[a] != front[b] ? Integer.compare(front[a], front[b])
        : crowd[a] != crowd[b] ? Double.compare(crowd[b], crowd[a]) : Integer.compare(a, b));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /** Each point's front number; points with a NaN objective get the last front of all. */
  public static int[] fronts(double[][] values, boolean[] maximise) {
    int n = values.length;
    int[] front = new int[n];
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      valid[i] = Arrays.stream(values[i]).allMatch(Double::isFinite);
    }
    boolean[] assigned = new boolean[n];
    int remaining = 0;
    for (int i = 0; i < n; i++) {
      if (valid[i]) {
        remaining++;
      }
    }
    int f = 0;
    while (remaining > 0) {
      List<Integer> current = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!valid[i] || assigned[i]) {
          continue;
        }
        boolean dominated = false;
        for (int j = 0; j < n && !dominated; j++) {
          dominated = j != i && valid[j] && !assigned[j] && dominates(values[j], values[i], maximise);
        }
        if (!dominated) {
          current.add(i);
        }
      }
      for (int i : current) {
        front[i] = f;
        assigned[i] = true;
        remaining--;
      }
      f++;
    }
    for (int i = 0; i < n; i++) {
      if (!valid[i]) {
        front[i] = f;
      }
    }
    return front;
  }

  /** a is no worse than b in every objective and better in one. */
  static boolean dominates(double[] a, double[] b, boolean[] maximise) {
    boolean better = false;
    for (int k = 0; k < a.length; k++) {
      double x = maximise[k] ? a[k] : -a[k];
      double y = maximise[k] ? b[k] : -b[k];
      if (x < y) {
        return false;
      }
      if (x > y) {
        better = true;
      }
    }
    return better;
  }

  private static void crowding(double[][] values, List<Integer> members, double[] crowd) {
    if (members.isEmpty()) {
      return;
    }
    int m = values[members.get(0)].length;
    for (int i : members) {
      crowd[i] = 0;
    }
    for (int k = 0; k < m; k++) {
      int kk = k;
      List<Integer> sorted = new ArrayList<>(members);
      sorted.sort((a, b) -> values[a][kk] != values[b][kk] ? Double.compare(values[a][kk], values[b][kk])
          : Integer.compare(a, b));
      double lo = values[sorted.get(0)][k];
      double hi = values[sorted.get(sorted.size() - 1)][k];
      crowd[sorted.get(0)] = Double.POSITIVE_INFINITY;
      crowd[sorted.get(sorted.size() - 1)] = Double.POSITIVE_INFINITY;
      if (hi == lo || !Double.isFinite(lo) || !Double.isFinite(hi)) {
        continue;
      }
      for (int s = 1; s < sorted.size() - 1; s++) {
        crowd[sorted.get(s)] += (values[sorted.get(s + 1)][k] - values[sorted.get(s - 1)][k]) / (hi - lo);
      }
    }
  }
}
