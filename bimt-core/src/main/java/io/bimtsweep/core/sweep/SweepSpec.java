package io.bimtsweep.core.sweep;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialRunner;
import io.bimtsweep.core.io.TrialExecutor;
import io.bimtsweep.core.io.YamlFiles;
import io.bimtsweep.core.task.Tasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file, parsed and validated: tasks (presets with overrides), fixed settings, axes whose
 * cartesian product is taken, exclude and include rules, and where results go. Every problem is
 * reported before anything runs, naming the file, the key and what was expected.
 *
 * <pre>
 * name: quickstart                 # the sweep_id (letters, digits, - and _)
 * output: results                  # dataset folder (--out overrides)
 * seed: 42                         # sweep seed: trial seeds derive from it and the trial
 * tasks: [independence, {task: two_moons, set: {steps: 3000}}]
 * fixed: {steps: 2000}             # settings for every trial
 * axes: {lambda: [1e-4, 1e-3], norm: [L1, L2], seeds: [0, 1]}
 * exclude: [{layout_width: 0, norm: L2}]
 * include: [{task: independence, lambda: 0.1}]
 * trial_timeout: 600               # seconds
 * max_failures: 10
 * </pre>
 */
public final class SweepSpec {
  static final Set<String> TOP_KEYS = new LinkedHashSet<>(List.of("name", "description", "output", "seed", "derive_seeds",
      "tasks", "fixed", "axes", "exclude", "include", "trial_timeout", "max_failures"));
  static final Set<String> TASK_KEYS = Set.of("task", "set", "task_options");
  static final String REPLICATES = "seeds";

  private final String source;
  private final String name;
  private final String output;
  private final long seed;
  private final boolean deriveSeeds;
  private final List<Map<String, Object>> tasks;
  private final Map<String, Object> fixed;
  private final Map<String, List<Object>> axes;
  private final List<Map<String, Object>> exclude;
  private final List<Map<String, Object>> include;
  private final Long trialTimeoutSeconds;
  private final Integer maxFailures;

  private SweepSpec(String source, Map<String, Object> m) {
    this.source = source;
    for (String k : m.keySet()) {
      if (!TOP_KEYS.contains(k)) {
        throw error(k, "unknown key (expected one of: " + String.join(", ", TOP_KEYS) + ")");
      }
    }
    Object n = m.get("name");
    if (!(n instanceof String s) || !s.matches("[A-Za-z0-9_-]{1,64}")) {
      throw error("name", "expected a sweep name of 1-64 letters, digits, '-' or '_', got " + describe(n));
    }
    name = s;
    Object out = m.get("output");
    if (out != null && !(out instanceof String)) {
      throw error("output", "expected a folder path, got " + describe(out));
    }
    output = (String) out;
    seed = m.containsKey("seed") ? integer("seed", m.get("seed")) : 0L;
    Object ds = m.getOrDefault("derive_seeds", true);
    if (!(ds instanceof Boolean)) {
      throw error("derive_seeds", "expected true or false, got " + describe(ds));
    }
    deriveSeeds = (Boolean) ds;
    tasks = parseTasks(m.get("tasks"));
    fixed = settings("fixed", m.getOrDefault("fixed", Map.of()));
    axes = parseAxes(m.getOrDefault("axes", Map.of()));
    exclude = rules("exclude", m.getOrDefault("exclude", List.of()), true);
    include = rules("include", m.getOrDefault("include", List.of()), false);
    trialTimeoutSeconds = m.containsKey("trial_timeout") ? positive("trial_timeout", m.get("trial_timeout")) : null;
    maxFailures = m.containsKey("max_failures") ? (int) nonNegative("max_failures", m.get("max_failures")) : null;
  }

  public static SweepSpec read(Path file) {
    return parse(YamlFiles.readMapping(file), file.toString());
  }

  public static SweepSpec parse(Map<String, Object> yaml, String source) {
    return new SweepSpec(source, yaml);
  }

  public String name() { return name; }
  public String source() { return source; }
  public String output() { return output; }
  public long seed() { return seed; }
  public Long trialTimeoutSeconds() { return trialTimeoutSeconds; }
  public Integer maxFailures() { return maxFailures; }
  public Map<String, List<Object>> axes() { return axes; }

  private IllegalArgumentException error(String key, String what) {
    return new IllegalArgumentException(source + ": " + key + ": " + what);
  }

  private static String describe(Object o) {
    if (o == null) {
      return "nothing";
    }
    String t = o instanceof Map ? "a mapping" : o instanceof List ? "a list" : o instanceof String ? "text" : o instanceof Boolean
        ? "a boolean" : "a number";
    return t + " (" + o + ")";
  }

  private long integer(String key, Object v) {
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      return num.longValue();
    }
    throw error(key, "expected an integer, got " + describe(v));
  }

  private long positive(String key, Object v) {
    long x = integer(key, v);
    if (x <= 0) {
      throw error(key, "expected a number > 0, got " + x);
    }
    return x;
  }

  private long nonNegative(String key, Object v) {
    long x = integer(key, v);
    if (x < 0) {
      throw error(key, "expected a number >= 0, got " + x);
    }
    return x;
  }

  private List<Map<String, Object>> parseTasks(Object raw) {
    if (raw == null) {
      throw error("tasks", "missing: list at least one task, e.g. tasks: [independence]");
    }
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw error("tasks", "expected a non-empty list of tasks, got " + describe(raw));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object t = list.get(i);
      String key = "tasks[" + i + "]";
      Map<String, Object> entry = new LinkedHashMap<>();
      if (t instanceof String s) {
        entry.put("task", s);
      } else if (t instanceof Map<?, ?> mm) {
        for (var e : mm.entrySet()) {
          if (!TASK_KEYS.contains(String.valueOf(e.getKey()))) {
            throw error(key + "." + e.getKey(), "unknown key (expected task, set, task_options)");
          }
          entry.put(String.valueOf(e.getKey()), e.getValue());
        }
        if (!(entry.get("task") instanceof String)) {
          throw error(key + ".task", "expected a task name, got " + describe(entry.get("task")));
        }
        entry.put("set", settings(key + ".set", entry.getOrDefault("set", Map.of())));
        if (entry.containsKey("task_options") && !(entry.get("task_options") instanceof Map)) {
          throw error(key + ".task_options", "expected a mapping, got " + describe(entry.get("task_options")));
        }
      } else {
        throw error(key, "expected a task name or {task: NAME, set: {...}}, got " + describe(t));
      }
      try {
        Tasks.get((String) entry.get("task"));
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
      out.add(entry);
    }
    return out;
  }

  private Map<String, Object> settings(String key, Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw error(key, "expected a mapping of settings, got " + describe(raw));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (var e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      check(key + "." + k, k, e.getValue());
      out.put(k, e.getValue());
    }
    return out;
  }

  /** Checks that k is a setting and v converts to its type. */
  private void check(String where, String k, Object v) {
    if (k.equals("task")) {
      throw error(where, "the task is chosen under tasks:, not here");
    }
    if (!Setting.isKnown(k)) {
      throw error(where, "unknown setting (known: " + String.join(", ", settingNames()) + ")");
    }
    try {
      Setting.of(k).convert(v);
    } catch (IllegalArgumentException e) {
      throw error(where, "expected " + Setting.of(k).expected() + ", got " + describe(v));
    }
  }

  private static List<String> settingNames() {
    List<String> names = new ArrayList<>();
    for (Setting s : Setting.values()) {
      names.add(s.key());
    }
    return names;
  }

  private Map<String, List<Object>> parseAxes(Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw error("axes", "expected a mapping of setting -> list of values, got " + describe(raw));
    }
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (var e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      String where = "axes." + k;
      Object v = e.getValue();
      if (!k.equals(REPLICATES) && !Setting.isKnown(k)) {
        throw error(where, "unknown setting (known: " + String.join(", ", settingNames()) + ", seeds)");
      }
      List<Object> values;
      if (k.equals(REPLICATES) && v instanceof Number count) {
        long c = integer(where, count);
        if (c <= 0) {
          throw error(where, "expected a number of replicates > 0 or a list of replicate numbers, got " + c);
        }
        values = new ArrayList<>();
        for (int i = 0; i < c; i++) {
          values.add(i);
        }
      } else if (v instanceof List<?> l) {
        if (l.isEmpty()) {
          throw error(where, "empty axis: give at least one value");
        }
        values = new ArrayList<>(l);
      } else {
        throw error(where, "expected a list of values, got " + describe(v));
      }
      if (new LinkedHashSet<>(values).size() != values.size()) {
        throw error(where, "repeated values " + values);
      }
      for (int i = 0; i < values.size(); i++) {
        if (k.equals(REPLICATES)) {
          integer(where + "[" + i + "]", values.get(i));
        } else {
          check(where + "[" + i + "]", k, values.get(i));
        }
      }
      out.put(k, values);
    }
    return out;
  }

  private List<Map<String, Object>> rules(String key, Object raw, boolean valuesMayBeLists) {
    if (!(raw instanceof List<?> l)) {
      throw error(key, "expected a list of rules, each a mapping of setting -> value, got " + describe(raw));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      String where = key + "[" + i + "]";
      if (!(l.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
        throw error(where, "expected a non-empty mapping of setting -> value, got " + describe(l.get(i)));
      }
      Map<String, Object> rule = new LinkedHashMap<>();
      for (var e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        Object v = e.getValue();
        if (k.equals("task")) {
          if (!(v instanceof String) && !(valuesMayBeLists && v instanceof List)) {
            throw error(where + ".task", "expected a task name, got " + describe(v));
          }
        } else if (k.equals(REPLICATES) && !valuesMayBeLists) {
          integer(where + "." + k, v);
        } else if (!k.equals(REPLICATES)) {
          if (valuesMayBeLists && v instanceof List<?> vs) {
            for (Object x : vs) {
              check(where + "." + k, k, x);
            }
          } else {
            check(where + "." + k, k, v);
          }
        }
        rule.put(k, v);
      }
      out.add(rule);
    }
    return out;
  }

  /**
   * Every trial of the sweep, in file order (tasks, then the axes' product with the last axis
   * fastest, then includes), duplicates by trial_id removed. Each configuration is built and
   * checked against its task's data, so an impossible combination fails here, not in a worker.
   */
  public List<SweepTrial> expand() {
    List<SweepTrial> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> keys = new ArrayList<>(axes.keySet());
    int[] idx = new int[keys.size()];
    TrialRunner runner = new TrialRunner();
    Map<String, io.bimtsweep.core.task.TaskData> dataCache = new LinkedHashMap<>();
    for (int t = 0; t < tasks.size(); t++) {
      Map<String, Object> task = tasks.get(t);
      java.util.Arrays.fill(idx, 0);
      while (true) {
        Map<String, Object> point = new LinkedHashMap<>();
        for (int a = 0; a < keys.size(); a++) {
          point.put(keys.get(a), axes.get(keys.get(a)).get(idx[a]));
        }
        add(out, seen, task, point, "tasks[" + t + "] x axes " + point, runner, dataCache, true);
        int a = keys.size() - 1;
        while (a >= 0 && ++idx[a] == axes.get(keys.get(a)).size()) {
          idx[a] = 0;
          a--;
        }
        if (a < 0) {
          break;
        }
      }
    }
    for (int i = 0; i < include.size(); i++) {
      Map<String, Object> point = new LinkedHashMap<>(include.get(i));
      Object taskName = point.remove("task");
      List<Map<String, Object>> targets = new ArrayList<>();
      for (Map<String, Object> task : tasks) {
        if (taskName == null || taskName.equals(task.get("task"))) {
          targets.add(task);
        }
      }
      if (targets.isEmpty()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("task", taskName);
        t.put("set", Map.of());
        targets.add(t);
      }
      for (Map<String, Object> task : targets) {
        add(out, seen, task, point, "include[" + i + "]", runner, dataCache, false);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(source + ": the sweep has no trials (every point is excluded?)");
    }
    return out;
  }

  /** Whether a rule of exclude matches the trial: every key's value equals the trial's (a list: any of them). */
  private boolean excluded(TrialConfig c, int replicate) {
    for (Map<String, Object> rule : exclude) {
      boolean all = true;
      for (var e : rule.entrySet()) {
        if (!matches(c, replicate, e.getKey(), e.getValue())) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(TrialConfig c, int replicate, String key, Object want) {
    boolean anyOf = want instanceof List<?> l && (!key.equals("widths") || !l.isEmpty() && l.get(0) instanceof List);
    if (anyOf) {
      for (Object w : (List<?>) want) {
        if (matches(c, replicate, key, w)) {
          return true;
        }
      }
      return false;
    }
    if (key.equals("task")) {
      return c.task().equals(String.valueOf(want));
    }
    if (key.equals(REPLICATES)) {
      return String.valueOf(replicate).equals(String.valueOf(want));
    }
    // compare through the same conversion, so "l2" matches L2 and 1e-3 matches 0.001
    return c.with(key, want).toMap().get(key).equals(c.toMap().get(key));
  }

  private void add(List<SweepTrial> out, Set<String> seen, Map<String, Object> task, Map<String, Object> point,
      String where, TrialRunner runner, Map<String, io.bimtsweep.core.task.TaskData> dataCache, boolean applyExclude) {
    String taskName = (String) task.get("task");
    Map<String, Object> overrides = new LinkedHashMap<>(fixed);
    @SuppressWarnings("unchecked")
    Map<String, Object> set = (Map<String, Object>) task.getOrDefault("set", Map.of());
    overrides.putAll(set);
    if (task.containsKey("task_options")) {
      overrides.put("task_options", task.get("task_options"));
    }
    int replicate = 0;
    for (var e : point.entrySet()) {
      if (e.getKey().equals(REPLICATES)) {
        replicate = (int) integer(where, e.getValue());
      } else {
        overrides.put(e.getKey(), e.getValue());
      }
    }
    TrialConfig c;
    try {
      c = Presets.config(taskName, overrides);
      if (deriveSeeds) {
        c = c.with("seed", derivedSeed(c, replicate));
      } else if (point.containsKey(REPLICATES)) {
        c = c.with("seed", (long) replicate);
      }
      if (applyExclude && excluded(c, replicate)) {
        return;
      }
      checkPossible(c);
      TrialConfig e = c.effective();
      String dataKey = taskName + e.taskOptions() + e.dataSeed();
      var data = dataCache.computeIfAbsent(dataKey, k -> io.bimtsweep.core.task.Tasks.get(taskName)
          .generate(e.taskOptions(), e.dataSeed()));
      runner.problem(e, data);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(source + ": " + where + " (task " + taskName + "): " + ex.getMessage());
    }
    String id = TrialExecutor.trialId(c);
    if (seen.add(id)) {
      out.add(new SweepTrial(name, c, replicate, id));
    }
  }

  private static void checkPossible(TrialConfig c) {
    if (c.mode().usesSwaps() && c.swapInterval() > c.steps()) {
      throw new IllegalArgumentException("swap_interval " + c.swapInterval() + " is larger than steps " + c.steps()
          + ": no swap would ever run (use mode l1 or l1_local, or swap_interval: never)");
    }
    if (c.mode().usesSwaps() && c.swapInterval() > 0 && c.topK() == 0) {
      throw new IllegalArgumentException("top_k 0 with swaps on: no neuron would ever move");
    }
  }

  /**
   * A trial's seed from the sweep seed, the trial's configuration (its seed aside) and its
   * replicate: independent of the order of expansion and of every other trial.
   */
  long derivedSeed(TrialConfig c, int replicate) {
    String identity = c.with("seed", 0L).canonicalJson();
    String h = TrialExecutor.hash(seed + "\n" + replicate + "\n" + identity);
    return Long.parseUnsignedLong(h, 16) & Long.MAX_VALUE;
  }

  /** A short description for --dry-run. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("sweep ").append(name).append(" (").append(source).append(")\n");
    b.append("  tasks: ");
    List<String> names = new ArrayList<>();
    tasks.forEach(t -> names.add((String) t.get("task")));
    b.append(String.join(", ", names)).append('\n');
    axes.forEach((k, v) -> b.append("  axis ").append(k).append(": ").append(v).append('\n'));
    if (!fixed.isEmpty()) {
      b.append("  fixed: ").append(fixed).append('\n');
    }
    if (!exclude.isEmpty()) {
      b.append("  exclude: ").append(exclude).append('\n');
    }
    if (!include.isEmpty()) {
      b.append("  include: ").append(include).append('\n');
    }
    return b.toString();
  }
}
