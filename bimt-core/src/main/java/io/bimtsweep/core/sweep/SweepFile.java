package io.bimtsweep.core.sweep;

import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.task.Tasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file, parsed and validated, immutable: tasks (presets with overrides), fixed settings, axes whose
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
 *   # or sampled: lambda: {loguniform: [1e-4, 1e-1]}, layout_width: {uniform: [0, 4]},
 *   # swap_interval: {choice: [never, 50, 200]}, top_k: {int_uniform: [5, 30]}
 * search: {strategy: sobol, samples: 64}   # grid (default) | random | sobol: the sampled axes'
 *                                  # points, crossed with the list axes (which stay a grid)
 * exclude: [{layout_width: 0, norm: L2}]
 * include: [{task: independence, lambda: 0.1}]
 * trial_timeout: 600               # seconds
 * max_trials: 100000               # refuse a larger grid (default {@value #DEFAULT_MAX_TRIALS})
 * max_failures: 10
 * </pre>
 *
 * <p>Setting values are converted to their typed values here, once; {@link SweepGrid} expands the
 * file into trials.
 */
public final class SweepFile {
  static final Set<String> TOP_KEYS = new LinkedHashSet<>(List.of("name", "description", "output", "seed", "derive_seeds",
      "tasks", "fixed", "axes", "search", "scheduler", "exclude", "include", "trial_timeout", "max_failures", "max_trials"));
  static final Set<String> DISTRIBUTIONS = new LinkedHashSet<>(List.of("uniform", "loguniform", "int_uniform", "choice"));
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
  private final Map<String, Distribution> sampled = new LinkedHashMap<>();
  private final SearchPoints.Strategy strategy;
  private final int samples;
  private List<Map<String, Object>> points;
  private final Halving halving;
  private final List<Map<String, Object>> exclude;
  private final List<Map<String, Object>> include;
  private final Long trialTimeoutSeconds;
  private final Integer maxFailures;
  private final Long maxTrials;

  /**
   * The largest grid expanded without being asked for more. Each trial is built and fitted against
   * its data before Spark starts (about a millisecond each here, so 100,000 take a minute or two),
   * and even one-second trials would keep a 2-core machine busy for 14 hours: a larger grid is more
   * often a typo than a plan, and random or Sobol sampling covers such a space better.
   */
  public static final long DEFAULT_MAX_TRIALS = 100_000;

  private SweepFile(String source, Map<String, Object> m) {
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
    Object search = m.get("search");
    SearchPoints.Strategy st = SearchPoints.Strategy.GRID;
    int sampleCount = 0;
    if (search != null) {
      if (!(search instanceof Map<?, ?> sm)) {
        throw error("search", "expected {strategy: grid | random | sobol, samples: N}, got " + describe(search));
      }
      for (Object k : sm.keySet()) {
        if (!List.of("strategy", "samples").contains(String.valueOf(k))) {
          throw error("search." + k, "unknown key (expected strategy, samples)");
        }
      }
      Object sv = sm.get("strategy");
      try {
        st = SearchPoints.Strategy.valueOf(String.valueOf(sv).trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw error("search.strategy", "expected grid, random or sobol, got " + describe(sv));
      }
      if (st != SearchPoints.Strategy.GRID) {
        if (!sm.containsKey("samples")) {
          throw error("search.samples", "missing: how many points to sample, e.g. samples: 64");
        }
        long c = positive("search.samples", sm.get("samples"));
        if (c > Integer.MAX_VALUE) {
          throw error("search.samples", "expected at most " + Integer.MAX_VALUE + ", got " + c);
        }
        sampleCount = (int) c;
      } else if (sm.containsKey("samples")) {
        throw error("search.samples", "a grid takes no samples: use strategy random or sobol");
      }
    }
    if (st == SearchPoints.Strategy.GRID && !sampled.isEmpty()) {
      throw error("axes." + sampled.keySet().iterator().next(), "a distribution needs a sampled search: add search: "
          + "{strategy: sobol, samples: N} (or random), or give the axis a list of values");
    }
    if (st != SearchPoints.Strategy.GRID && sampled.isEmpty()) {
      throw error("search", "strategy " + st.name().toLowerCase(java.util.Locale.ROOT) + " samples the axes that are "
          + "distributions, and there are none: give an axis {uniform: [lo, hi]}, {loguniform: [lo, hi]}, "
          + "{int_uniform: [lo, hi]} or {choice: [...]}");
    }
    strategy = st;
    samples = sampleCount;
    halving = m.containsKey("scheduler") ? Halving.parse(m.get("scheduler"), this::error) : null;
    exclude = rules("exclude", m.getOrDefault("exclude", List.of()), true);
    include = rules("include", m.getOrDefault("include", List.of()), false);
    trialTimeoutSeconds = m.containsKey("trial_timeout") ? positive("trial_timeout", m.get("trial_timeout")) : null;
    maxFailures = m.containsKey("max_failures") ? (int) nonNegative("max_failures", m.get("max_failures")) : null;
    maxTrials = m.containsKey("max_trials") ? positive("max_trials", m.get("max_trials")) : null;
  }

  public static SweepFile read(Path file) {
    return parse(YamlFiles.readMapping(file), file.toString());
  }

  public static SweepFile parse(Map<String, Object> yaml, String source) {
    return new SweepFile(source, yaml);
  }

  public String name() { return name; }
  public String source() { return source; }
  public String output() { return output; }
  public long seed() { return seed; }
  public Long trialTimeoutSeconds() { return trialTimeoutSeconds; }
  public Integer maxFailures() { return maxFailures; }
  /** The file's max_trials, or null for the default. */
  public Long maxTrials() { return maxTrials; }

  /**
   * How many points the grid has before excludes and duplicates are removed: each task's product
   * of axis sizes, plus each include once per task it applies to. Arithmetic only, so it answers at
   * once for any size; Long.MAX_VALUE when it overflows.
   */
  public long gridSize() {
    long total = 0;
    try {
      long product = strategy == SearchPoints.Strategy.GRID ? 1 : samples;
      for (List<Object> values : axes.values()) {
        product = Math.multiplyExact(product, values.size());
      }
      total = Math.multiplyExact(product, tasks.size());
      for (Map<String, Object> rule : include) {
        Object t = rule.get("task");
        long targets = t == null ? tasks.size() : Math.max(1, tasks.stream().filter(x -> t.equals(x.get("task"))).count());
        total = Math.addExact(total, targets);
      }
      return total;
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
  public Map<String, List<Object>> axes() { return axes; }

  /** The axes that are sampled, by setting, in file order (empty for a grid). */
  public Map<String, Distribution> sampledAxes() { return java.util.Collections.unmodifiableMap(sampled); }

  /** The successive-halving scheduler, or null when every trial simply runs to its end. */
  public Halving halving() { return halving; }

  /** grid, random or sobol. */
  public String strategy() { return strategy.name().toLowerCase(java.util.Locale.ROOT); }

  /** Points sampled (0 for a grid). */
  public int samples() { return samples; }

  /**
   * The sampled points, typed: point i gives each sampled axis its value. A grid has one empty
   * point. The first N points do not depend on how many are asked for.
   */
  public synchronized List<Map<String, Object>> points() {
    if (points == null) {
      if (strategy == SearchPoints.Strategy.GRID) {
        points = List.of(Map.of());
      } else {
        List<Map<String, Object>> typed = new ArrayList<>(samples);
        int i = 0;
        for (Map<String, Object> raw : SearchPoints.points(strategy, samples, sampled, seed)) {
          Map<String, Object> t = new LinkedHashMap<>();
          for (var e : raw.entrySet()) {
            t.put(e.getKey(), check("axes." + e.getKey() + " (sample " + i + ": " + e.getValue() + ")", e.getKey(),
                e.getValue()));
          }
          typed.add(java.util.Collections.unmodifiableMap(t));
          i++;
        }
        points = List.copyOf(typed);
      }
    }
    return points;
  }
  boolean deriveSeeds() { return deriveSeeds; }
  List<Map<String, Object>> tasks() { return tasks; }
  Map<String, Object> fixed() { return fixed; }
  List<Map<String, Object>> exclude() { return exclude; }
  List<Map<String, Object>> include() { return include; }

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
      out.put(k, check(key + "." + k, k, e.getValue()));
    }
    return out;
  }

  /** Checks that k is a setting and v converts to its type; returns the typed value. */
  private Object check(String where, String k, Object v) {
    if (k.equals("task")) {
      throw error(where, "the task is chosen under tasks:, not here");
    }
    if (!Setting.isKnown(k)) {
      throw error(where, "unknown setting (known: " + String.join(", ", settingNames()) + ")");
    }
    try {
      return Setting.of(k).convert(v);
    } catch (IllegalArgumentException e) {
      // a wrong type reads best in the file's terms; a value out of range in the setting's own words
      String m = e.getMessage();
      throw error(where, m != null && !m.startsWith("setting '") ? m
          : "expected " + Setting.of(k).expected() + ", got " + describe(v));
    }
  }

  private static List<String> settingNames() {
    List<String> names = new ArrayList<>();
    for (Setting<?> s : Setting.all()) {
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
        if (c > Integer.MAX_VALUE) {
          throw error(where, "expected at most " + Integer.MAX_VALUE + " replicates, got " + c);
        }
        // replicates 0..c-1, never materialised: a huge count is refused by the grid's size, at once
        out.put(k, replicates((int) c));
        continue;
      } else if (v instanceof List<?> l) {
        if (l.isEmpty()) {
          throw error(where, "empty axis: give at least one value");
        }
        values = new ArrayList<>(l);
      } else if (v instanceof Map<?, ?> dm && !k.equals(REPLICATES)) {
        sampled.put(k, distribution(where, k, dm));
        continue;
      } else {
        throw error(where, "expected a list of values" + (k.equals(REPLICATES) ? " or a number of replicates"
            : " or a distribution ({uniform: [lo, hi]}, {loguniform: [lo, hi]}, {int_uniform: [lo, hi]}, {choice: [...]})")
            + ", got " + describe(v));
      }
      if (new LinkedHashSet<>(values).size() != values.size()) {
        throw error(where, "repeated values " + values);
      }
      List<Object> typed = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        if (k.equals(REPLICATES)) {
          typed.add((int) integer(where + "[" + i + "]", values.get(i)));
        } else {
          typed.add(check(where + "[" + i + "]", k, values.get(i)));
        }
      }
      if (new LinkedHashSet<>(typed).size() != typed.size()) {
        throw error(where, "repeated values " + values);
      }
      out.put(k, List.copyOf(typed));
    }
    return out;
  }

  /** A sampled axis: one of {@link #DISTRIBUTIONS} with its bounds or choices, each checked against the setting. */
  private Distribution distribution(String where, String k, Map<?, ?> m) {
    if (m.size() != 1 || !DISTRIBUTIONS.contains(String.valueOf(m.keySet().iterator().next()))) {
      throw error(where, "expected one of {uniform: [lo, hi]}, {loguniform: [lo, hi]}, {int_uniform: [lo, hi]}, "
          + "{choice: [...]}, got " + describe(m));
    }
    String kind = String.valueOf(m.keySet().iterator().next());
    Object arg = m.values().iterator().next();
    String at = where + "." + kind;
    if (!(arg instanceof List<?> l) || l.isEmpty()) {
      throw error(at, "expected a list, got " + describe(arg));
    }
    Setting.Kind sk = Setting.of(k).kind();
    if (kind.equals("choice")) {
      if (new LinkedHashSet<>(l).size() != l.size()) {
        throw error(at, "repeated values " + l);
      }
      for (int i = 0; i < l.size(); i++) {
        check(at + "[" + i + "]", k, l.get(i));
      }
      return new Distribution(Distribution.Kind.CHOICE, 0, 0, new ArrayList<>(l), false);
    }
    if (sk != Setting.Kind.INT && sk != Setting.Kind.LONG && sk != Setting.Kind.DOUBLE && !k.equals("lambda")) {
      throw error(at, "setting " + k + " takes " + Setting.of(k).expected() + ": sample it with {choice: [...]}");
    }
    if (l.size() != 2 || !(l.get(0) instanceof Number lo) || !(l.get(1) instanceof Number hi)
        || !Double.isFinite(lo.doubleValue()) || !Double.isFinite(hi.doubleValue())) {
      throw error(at, "expected [low, high] as two numbers, got " + describe(arg));
    }
    double a = lo.doubleValue();
    double b = hi.doubleValue();
    if (!(a < b)) {
      throw error(at, "expected low < high, got [" + a + ", " + b + "]");
    }
    boolean integer = sk == Setting.Kind.INT || sk == Setting.Kind.LONG;
    Distribution d;
    switch (kind) {
      case "loguniform" -> {
        if (a <= 0) {
          throw error(at, "a log-uniform range needs low > 0, got " + a);
        }
        d = new Distribution(Distribution.Kind.LOGUNIFORM, a, b, null, integer);
      }
      case "int_uniform" -> {
        if (a != Math.rint(a) || b != Math.rint(b)) {
          throw error(at, "expected two integers, got [" + a + ", " + b + "]");
        }
        d = new Distribution(Distribution.Kind.INT_UNIFORM, a, b, null, true);
      }
      default -> d = new Distribution(Distribution.Kind.UNIFORM, a, b, null, integer);
    }
    // both ends must be values the setting accepts (e.g. layout_width >= 0)
    check(at + "[0]", k, d.at(0.0));
    check(at + "[1]", k, kind.equals("int_uniform") ? (Object) (long) b : integer ? (Object) Math.round(b) : (Object) b);
    return d;
  }

  /** The replicate numbers 0..count-1 as a list that holds nothing. */
  private static List<Object> replicates(int count) {
    return new java.util.AbstractList<>() {
      @Override
      public Object get(int i) {
        java.util.Objects.checkIndex(i, count);
        return i;
      }

      @Override
      public int size() {
        return count;
      }
    };
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
          rule.put(k, v);
        } else if (k.equals(REPLICATES)) {
          if (valuesMayBeLists && v instanceof List<?> vs) {
            List<Object> typed = new ArrayList<>();
            for (Object x : vs) {
              typed.add((int) integer(where + "." + k, x));
            }
            rule.put(k, typed);
          } else {
            rule.put(k, (int) integer(where + "." + k, v));
          }
        } else if (valuesMayBeLists && v instanceof List<?> vs && !(k.equals("widths") && !vs.isEmpty()
            && !(vs.get(0) instanceof List))) {
          // a list of values matches any of them (for widths: a list of lists)
          List<Object> typed = new ArrayList<>();
          for (Object x : vs) {
            typed.add(check(where + "." + k, k, x));
          }
          rule.put(k, typed);
        } else {
          rule.put(k, check(where + "." + k, k, v));
        }
      }
      out.add(rule);
    }
    return out;
  }

  /** Values as the file spells them (L1, bimt, 0.001), for messages. */
  static Object plain(String key, Object value) {
    if (!Setting.isKnown(key)) {
      return value;
    }
    if (value instanceof List<?> l && Setting.of(key).kind() != Setting.Kind.INT_LIST) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(Setting.of(key).plainOf(x)));
      return out;
    }
    return Setting.of(key).plainOf(value);
  }

  /**
   * How evenly a sampled axis is covered: counts per choice, per value of a small integer range,
   * or in 10 equal bins (of the logarithm for log-uniform), with the range reached.
   */
  static String coverage(Distribution d, List<Object> values) {
    StringBuilder b = new StringBuilder();
    if (d.kind() == Distribution.Kind.CHOICE) {
      b.append("counts");
      for (Object c : d.choices()) {
        b.append(' ').append(c).append('=').append(values.stream().filter(c::equals).count());
      }
      return b.toString();
    }
    double lo = d.low();
    double hi = d.high();
    boolean log = d.kind() == Distribution.Kind.LOGUNIFORM;
    long span = (long) hi - (long) lo + 1;
    int bins = d.kind() == Distribution.Kind.INT_UNIFORM && span <= 10 ? (int) span : 10;
    long[] count = new long[bins];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Object o : values) {
      double v = ((Number) o).doubleValue();
      min = Math.min(min, v);
      max = Math.max(max, v);
      double f = d.kind() == Distribution.Kind.INT_UNIFORM && span <= 10 ? (v - lo) / span
          : log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
      count[Math.max(0, Math.min(bins - 1, (int) Math.floor(f * bins)))]++;
    }
    b.append(String.format(java.util.Locale.ROOT, "drawn %.4g..%.4g; per %s: ", min, max,
        bins == span && d.kind() == Distribution.Kind.INT_UNIFORM ? "value" : log ? "tenth of the log range"
            : "tenth of the range"));
    for (int i = 0; i < bins; i++) {
      b.append(i == 0 ? "" : " ").append(count[i]);
    }
    return b.toString();
  }

  /** A short description for --dry-run. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("sweep ").append(name).append(" (").append(source).append(")\n");
    b.append("  tasks: ");
    List<String> names = new ArrayList<>();
    tasks.forEach(t -> names.add((String) t.get("task")));
    b.append(String.join(", ", names)).append('\n');
    axes.forEach((k, v) -> b.append("  axis ").append(k).append(": ").append(plain(k, v)).append('\n'));
    if (strategy != SearchPoints.Strategy.GRID) {
      b.append("  search: ").append(strategy()).append(", ").append(samples).append(" points, crossed with the list axes\n");
      List<Map<String, Object>> raw = SearchPoints.points(strategy, samples, sampled, seed);
      sampled.forEach((k, d) -> b.append("  sampled ").append(k).append(": ").append(d.describe()).append("; ")
          .append(coverage(d, raw.stream().map(p -> p.get(k)).toList())).append('\n'));
    }
    if (halving != null) {
      List<String> objs = new ArrayList<>();
      for (int i = 0; i < halving.columns().size(); i++) {
        objs.add(halving.columns().get(i) + (halving.maximise().get(i) ? ":max" : ":min"));
      }
      b.append("  scheduler: successive halving on ").append(objs).append(", min_steps ").append(halving.minSteps())
          .append(", eta ").append(halving.eta()).append(" (rungs at min_steps x eta^k steps, then each trial's own "
              + "steps; the best 1/eta of each task's configurations go on at each rung)\n");
    }
    if (!fixed.isEmpty()) {
      Map<String, Object> shown = new LinkedHashMap<>();
      fixed.forEach((k, v) -> shown.put(k, plain(k, v)));
      b.append("  fixed: ").append(shown).append('\n');
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
