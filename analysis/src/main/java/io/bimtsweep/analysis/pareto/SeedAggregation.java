package io.bimtsweep.analysis.pareto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Noise-aware fronts: trials that differ only in seed are one configuration; its point is the
 * mean of each objective, with the standard deviation as its spread. A configuration with a
 * non-finite value in any seed is kept out (as its trials would be).
 */
public final class SeedAggregation {
  private SeedAggregation() {}

  /**
   * @param configKey for each candidate (by id), the key of its configuration without the seed
   */
  public static List<Candidate> aggregate(List<Candidate> trials, Map<String, String> configKey) {
    Map<String, List<Candidate>> groups = new TreeMap<>();
    for (Candidate c : trials) {
      String key = configKey.get(c.id());
      if (key == null) {
        throw new IllegalArgumentException("no configuration key for trial " + c.id());
      }
      groups.computeIfAbsent(c.group() + "\u0000" + key, k -> new ArrayList<>()).add(c);
    }
    List<Candidate> out = new ArrayList<>();
    for (var e : groups.entrySet()) {
      List<Candidate> cs = e.getValue();
      int d = cs.get(0).values().length;
      double[] mean = new double[d];
      double[] sd = new double[d];
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (Candidate c : cs) {
          s += c.value(i);
        }
        mean[i] = s / cs.size();
        double ss = 0;
        for (Candidate c : cs) {
          ss += (c.value(i) - mean[i]) * (c.value(i) - mean[i]);
        }
        sd[i] = cs.size() > 1 ? Math.sqrt(ss / (cs.size() - 1)) : 0;
      }
      Map<String, Object> settings = new LinkedHashMap<>(cs.get(0).settings());
      settings.remove("seed");
      settings.remove("replicate");
      String key = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
      out.add(new Candidate(key, cs.get(0).group(), mean, sd, cs.size(), settings));
    }
    return out;
  }
}
