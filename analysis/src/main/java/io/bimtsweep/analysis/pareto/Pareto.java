package io.bimtsweep.analysis.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pareto fronts: pure functions of a set of candidates, independent of their order.
 *
 * <p>a dominates b when a is at least as good in every objective and better in one. Equal points
 * do not dominate each other, so duplicates are all members. Candidates with a missing or
 * non-finite value in any objective are excluded and counted.
 */
public final class Pareto {
  private Pareto() {}

  public static boolean dominates(Candidate a, Candidate b, List<Objective> obj) {
    boolean better = false;
    for (int i = 0; i < obj.size(); i++) {
      double x = obj.get(i).oriented(a.value(i));
      double y = obj.get(i).oriented(b.value(i));
      if (x < y) {
        return false;
      }
      if (x > y) {
        better = true;
      }
    }
    return better;
  }

  /** The non-dominated subset (no ordering guarantees; see {@link #fronts} for sorted results). */
  public static List<Candidate> nonDominated(List<Candidate> candidates, List<Objective> obj) {
    // sort by the first objective (best first) so a dominator comes before what it dominates
    List<Candidate> sorted = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.finite()) {
        sorted.add(c);
      }
    }
    sorted.sort(order(obj));
    List<Candidate> front = new ArrayList<>();
    for (Candidate c : sorted) {
      boolean dominated = false;
      for (Candidate f : front) {
        if (dominates(f, c, obj)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(c);
      }
    }
    return front;
  }

  /** Best first in every objective in turn, then by id: a total, order-independent order. */
  static Comparator<Candidate> order(List<Objective> obj) {
    return (a, b) -> {
      for (int i = 0; i < obj.size(); i++) {
        int c = Double.compare(obj.get(i).oriented(b.value(i)), obj.get(i).oriented(a.value(i)));
        if (c != 0) {
          return c;
        }
      }
      return a.id().compareTo(b.id());
    };
  }

  /**
   * One front per group (task), with hypervolume and knee.
   *
   * @param reference per group, the reference point; a missing group uses the worst finite value
   *     of each objective among that group's candidates
   */
  public static Map<String, Front> fronts(List<Candidate> all, List<Objective> obj, Map<String, double[]> reference) {
    Map<String, List<Candidate>> byGroup = new TreeMap<>();
    Map<String, Integer> excluded = new TreeMap<>();
    for (Candidate c : all) {
      if (c.values().length != obj.size()) {
        throw new IllegalArgumentException("candidate " + c.id() + " has " + c.values().length + " values for "
            + obj.size() + " objectives");
      }
      byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>());
      if (c.finite()) {
        byGroup.get(c.group()).add(c);
      } else {
        excluded.merge(c.group(), 1, Integer::sum);
      }
    }
    Map<String, Front> out = new LinkedHashMap<>();
    for (var e : byGroup.entrySet()) {
      List<Candidate> cs = e.getValue();
      List<Candidate> members = nonDominated(cs, obj);
      members.sort(order(obj));
      double[] ref = reference != null && reference.containsKey(e.getKey()) ? reference.get(e.getKey()) : worst(cs, obj);
      out.put(e.getKey(), new Front(e.getKey(), obj, members, cs.size(), excluded.getOrDefault(e.getKey(), 0), ref,
          members.isEmpty() ? 0 : Hypervolume.of(members, obj, ref), knee(members, obj)));
    }
    return out;
  }

  static double[] worst(List<Candidate> cs, List<Objective> obj) {
    double[] w = new double[obj.size()];
    for (int i = 0; i < w.length; i++) {
      double best = Double.NaN;
      for (Candidate c : cs) {
        double v = obj.get(i).oriented(c.value(i));
        best = Double.isNaN(best) ? v : Math.min(best, v);
      }
      w[i] = Double.isNaN(best) ? Double.NaN : obj.get(i).oriented(best);
    }
    return w;
  }

  /** The member closest (Euclidean) to the ideal point after scaling each objective to [0, 1] over the front. */
  static Candidate knee(List<Candidate> members, List<Objective> obj) {
    if (members.isEmpty()) {
      return null;
    }
    int d = obj.size();
    double[] lo = new double[d];
    double[] hi = new double[d];
    java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (Candidate c : members) {
      for (int i = 0; i < d; i++) {
        double v = obj.get(i).oriented(c.value(i));
        lo[i] = Math.min(lo[i], v);
        hi[i] = Math.max(hi[i], v);
      }
    }
    Candidate best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (Candidate c : members) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        double range = hi[i] - lo[i];
        double gap = range == 0 ? 0 : (hi[i] - obj.get(i).oriented(c.value(i))) / range;
        s += gap * gap;
      }
      if (s < bestDistance) {
        bestDistance = s;
        best = c;
      }
    }
    return best;
  }
}
