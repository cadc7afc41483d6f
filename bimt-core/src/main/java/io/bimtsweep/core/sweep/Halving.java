package io.bimtsweep.core.sweep;

import io.bimtsweep.core.io.Column;
import io.bimtsweep.core.io.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multi-objective successive halving: every trial first trains to {@code minSteps}; at each rung
 * the trials of a task are ranked by NSGA-II's order ({@link NsgaRanking}) on their objectives at
 * that rung, the first 1/eta (rounded up) go on to eta times the budget, and the rest stop there.
 * The last rung is each trial's own {@code steps}. Replicates of one configuration are ranked on
 * their mean and move together.
 *
 * @param objectives result columns with their direction, e.g. test_loss:min, modularity_q:max
 */
public record Halving(List<String> columns, List<Boolean> maximise, int minSteps, int eta) implements java.io.Serializable {

  public Halving {
    columns = List.copyOf(columns);
    maximise = List.copyOf(maximise);
  }

  /** Parses {@code {type: halving, objectives: [...], min_steps: N, eta: K}}; throws naming the key. */
  static Halving parse(Object raw, java.util.function.BiFunction<String, String, IllegalArgumentException> error) {
    if (!(raw instanceof java.util.Map<?, ?> m)) {
      throw error.apply("scheduler", "expected {type: halving, objectives: [test_loss:min, modularity_q:max], "
          + "min_steps: 2000, eta: 3}, got " + raw);
    }
    for (Object k : m.keySet()) {
      if (!List.of("type", "objectives", "min_steps", "eta").contains(String.valueOf(k))) {
        throw error.apply("scheduler." + k, "unknown key (expected type, objectives, min_steps, eta)");
      }
    }
    if (!"halving".equals(m.get("type"))) {
      throw error.apply("scheduler.type", "expected halving, got " + m.get("type"));
    }
    if (!(m.get("objectives") instanceof List<?> objs) || objs.isEmpty()) {
      throw error.apply("scheduler.objectives", "expected a list such as [test_loss:min, modularity_q:max]");
    }
    List<String> cols = new ArrayList<>();
    List<Boolean> max = new ArrayList<>();
    List<String> numeric = new ArrayList<>();
    for (Column c : TrialRecord.SCHEMA) {
      if (c.type() == Column.Type.DOUBLE || c.type() == Column.Type.INT || c.type() == Column.Type.LONG) {
        numeric.add(c.name());
      }
    }
    for (int i = 0; i < objs.size(); i++) {
      String o = String.valueOf(objs.get(i)).trim();
      String[] parts = o.split(":");
      if (parts.length != 2 || !List.of("min", "max").contains(parts[1].toLowerCase(Locale.ROOT))) {
        throw error.apply("scheduler.objectives[" + i + "]", "expected COLUMN:min or COLUMN:max, got " + o);
      }
      if (!numeric.contains(parts[0])) {
        throw error.apply("scheduler.objectives[" + i + "]", "'" + parts[0] + "' is not a numeric result column");
      }
      cols.add(parts[0]);
      max.add(parts[1].equalsIgnoreCase("max"));
    }
    int minSteps = positiveInt(m.get("min_steps"), "scheduler.min_steps", error);
    Object e = m.containsKey("eta") ? m.get("eta") : 3;
    int eta = positiveInt(e, "scheduler.eta", error);
    if (eta < 2) {
      throw error.apply("scheduler.eta", "expected at least 2 (the share that goes on is 1/eta), got " + eta);
    }
    return new Halving(cols, max, minSteps, eta);
  }

  private static int positiveInt(Object v, String key,
      java.util.function.BiFunction<String, String, IllegalArgumentException> error) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0
        && n.longValue() <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw error.apply(key, "expected a whole number > 0, got " + v);
  }

  /** The budgets of a trial of {@code steps} steps: minSteps, minSteps * eta, ... below steps, then steps. */
  public List<Integer> budgets(int steps) {
    List<Integer> b = new ArrayList<>();
    long x = minSteps;
    while (x < steps) {
      b.add((int) x);
      x *= eta;
    }
    b.add(steps);
    return b;
  }

  /** How many of n go on from a rung: 1/eta of them, rounded up. */
  public int survivors(int n) {
    return (n + eta - 1) / eta;
  }

  public boolean[] maximiseArray() {
    boolean[] a = new boolean[maximise.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = maximise.get(i);
    }
    return a;
  }
}
