package io.bimtsweep.analysis.pareto;

import java.util.Arrays;
import java.util.Map;

/**
 * One point that may be on a front: a trial (or a seed-aggregated configuration) with its
 * objective values, in the order of the objectives, and what to show about it.
 *
 * @param id trial_id, or the configuration key of an aggregate
 * @param group the front it belongs to (the task)
 * @param values objective values, raw (not oriented)
 * @param spread standard deviation of each value over seeds (0 for single trials)
 * @param count trials behind the point
 * @param settings settings to report (lambda, layout_width, ...)
 */
public record Candidate(String id, String group, double[] values, double[] spread, int count, Map<String, Object> settings)
    implements java.io.Serializable {

  public Candidate {
    values = values.clone();
    spread = spread == null ? new double[values.length] : spread.clone();
    settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  public static Candidate of(String id, String group, double... values) {
    return new Candidate(id, group, values, null, 1, Map.of());
  }

  public boolean finite() {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override public double[] values() { return values.clone(); }
  @Override public double[] spread() { return spread.clone(); }

  double value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Candidate c && c.id.equals(id) && c.group.equals(group) && Arrays.equals(c.values, values)
        && Arrays.equals(c.spread, spread) && c.count == count && c.settings.equals(settings);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return id + Arrays.toString(values);
  }
}
