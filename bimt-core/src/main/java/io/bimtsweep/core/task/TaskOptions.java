package io.bimtsweep.core.task;

import static io.bimtsweep.core.Checks.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A task's options: read with a default, and every key must be one the task knows. */
public final class TaskOptions {
  private final String task;
  private final Map<String, Object> values;

  public TaskOptions(String task, Map<String, Object> values, Set<String> known) {
    this.task = task;
    this.values = new TreeMap<>(values == null ? Map.of() : values);
    for (String k : this.values.keySet()) {
      check(known.contains(k), "task '%s' has no option '%s' (its options: %s)", task, k,
          known.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(known)));
    }
  }

  public String string(String key, String dflt) {
    Object v = values.get(key);
    if (v == null) {
      return dflt;
    }
    check(v instanceof String s && !s.isBlank(), "task '%s' option '%s' expects text, got '%s'", task, key, v);
    return (String) v;
  }

  public int integer(String key, int dflt, int min) {
    Object v = values.get(key);
    if (v == null) {
      return dflt;
    }
    int r;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      r = n.intValue();
    } else {
      try {
        r = Integer.parseInt(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("task '" + task + "' option '" + key + "' expects an integer, got '" + v + "'");
      }
    }
    check(r >= min, "task '%s' option '%s' must be >= %d, got %d", task, key, min, r);
    return r;
  }

  public double number(String key, double dflt) {
    Object v = values.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
      check(Double.isFinite(d), "task '%s' option '%s' must be finite", task, key);
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("task '" + task + "' option '" + key + "' expects a number, got '" + v + "'");
    }
  }

  public boolean flag(String key, boolean dflt) {
    Object v = values.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String t = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
    check(t.equals("true") || t.equals("false"), "task '%s' option '%s' expects true or false, got '%s'", task, key, v);
    return t.equals("true");
  }

  public List<String> strings(String key, List<String> dflt) {
    Object v = values.get(key);
    if (v == null) {
      return dflt;
    }
    List<String> r = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        r.add(String.valueOf(o));
      }
    } else {
      for (String s : v.toString().split(";")) {
        if (!s.isBlank()) {
          r.add(s.trim());
        }
      }
    }
    check(!r.isEmpty(), "task '%s' option '%s' needs at least one entry", task, key);
    return r;
  }
}
