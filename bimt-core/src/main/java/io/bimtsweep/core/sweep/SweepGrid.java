package io.bimtsweep.core.sweep;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Expands a {@link SweepFile} into its trials: tasks, then the sampled points (one empty point for
 * a grid), then the list axes' product with the last axis fastest, then includes; duplicates by trial id removed. Each configuration is built and checked
 * against its task's data, so an impossible combination fails here, naming the file and the point,
 * not in a worker.
 */
public final class SweepGrid {
  private final SweepFile file;
  private final Map<List<Object>, TaskData> dataCache = new LinkedHashMap<>();
  private final List<SweepTrial> out = new ArrayList<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final Set<String> warnings = new LinkedHashSet<>();
  /** Problems already checked against their data: the same network recurs for every seed and lambda. */
  private final Set<List<Object>> checked = new java.util.HashSet<>();
  /** Bytes one trial may use: an executor's memory, or this JVM's heap in local mode. */
  private final long memoryBudget;

  private SweepGrid(SweepFile file, long memoryBudget) {
    this.file = file;
    this.memoryBudget = memoryBudget;
  }

  /** Every trial of the sweep file, refusing a grid above the file's max_trials (or the default) before building any. */
  public static SweepPlan expand(SweepFile file) {
    return expand(file, null, null);
  }

  /**
   * Every trial of the sweep file.
   *
   * @param maxTrials the largest grid to expand (null: the file's max_trials, else {@link SweepFile#DEFAULT_MAX_TRIALS})
   * @param memoryBudget bytes one trial may use (null: this JVM's heap, where local mode runs trials)
   */
  public static SweepPlan expand(SweepFile file, Long maxTrials, Long memoryBudget) {
    checkSize(file, maxTrials);
    SweepGrid g = new SweepGrid(file, memoryBudget != null ? memoryBudget : Runtime.getRuntime().maxMemory());
    g.expandAll();
    return new SweepPlan(file, g.out, List.copyOf(g.warnings));
  }

  /**
   * Refuses a grid above the limit from its size alone, before building any trial.
   *
   * @param maxTrials the largest grid to expand (null: the file's max_trials, else {@link SweepFile#DEFAULT_MAX_TRIALS})
   */
  public static void checkSize(SweepFile file, Long maxTrials) {
    long limit = maxTrials != null ? maxTrials : file.maxTrials() != null ? file.maxTrials() : SweepFile.DEFAULT_MAX_TRIALS;
    long size = file.gridSize();
    if (size > limit) {
      throw new IllegalArgumentException(file.source() + ": the grid has " + (size == Long.MAX_VALUE ? "more than "
          + Long.MAX_VALUE : String.format(java.util.Locale.ROOT, "%,d", size)) + " points, more than the limit of "
          + String.format(java.util.Locale.ROOT, "%,d", limit) + " trials: shrink an axis, or raise the limit with "
          + "max_trials in the file or --max-trials");
    }
  }

  private void expandAll() {
    Map<String, List<Object>> axes = file.axes();
    List<String> keys = new ArrayList<>(axes.keySet());
    int[] idx = new int[keys.size()];
    List<Map<String, Object>> tasks = file.tasks();
    List<Map<String, Object>> samples = file.points();
    for (int t = 0; t < tasks.size(); t++) {
      Map<String, Object> task = tasks.get(t);
      for (Map<String, Object> sample : samples) {
      Arrays.fill(idx, 0);
      while (true) {
        Map<String, Object> point = new LinkedHashMap<>(sample);
        for (int a = 0; a < keys.size(); a++) {
          point.put(keys.get(a), axes.get(keys.get(a)).get(idx[a]));
        }
        int taskIndex = t;
        Map<String, Object> at = point;
        add(taskIndex, task, point, () -> "tasks[" + taskIndex + "] x axes " + shown(at), true);
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
    }
    List<Map<String, Object>> include = file.include();
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
        int includeIndex = i;
        add(List.of("include", includeIndex, task), task, point, () -> "include[" + includeIndex + "]", false);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file.source() + ": the sweep has no trials (every point is excluded?)");
    }
  }

  private static Map<String, Object> shown(Map<String, Object> point) {
    Map<String, Object> m = new LinkedHashMap<>();
    point.forEach((k, v) -> m.put(k, SweepFile.plain(k, v)));
    return m;
  }

  /**
   * A point's configuration before its replicate's seed, with its canonical text split around the
   * seed. The replicates of a point (the seeds axis, usually the last and largest) share it, so a
   * million-trial sweep builds and checks each point once, not once per seed.
   */
  private static final class Base {
    final List<Object> key;
    final TrialConfig config;
    /** UTF-8 of the canonical text before and after the seed's value, and of the seed-free identity (seed 0). */
    final byte[] before;
    final byte[] after;
    final byte[] identity;
    boolean checked;

    Base(List<Object> key, TrialConfig config) {
      this.key = key;
      this.config = config;
      String[] around = config.canonicalJsonAround(Setting.SEED);
      this.before = around[0].getBytes(StandardCharsets.UTF_8);
      this.after = around[1].getBytes(StandardCharsets.UTF_8);
      this.identity = (around[0] + "0" + around[1]).getBytes(StandardCharsets.UTF_8);
    }
  }

  private Base last;

  private Base base(Object taskKey, Map<String, Object> task, Map<String, Object> point) {
    List<Object> key = new ArrayList<>(2 * point.size() + 1);
    key.add(taskKey);
    point.forEach((k, v) -> {
      if (!k.equals(SweepFile.REPLICATES)) {
        key.add(k);
        key.add(v);
      }
    });
    if (last != null && last.key.equals(key)) {
      return last;
    }
    String taskName = (String) task.get("task");
    Map<String, Object> overrides = new LinkedHashMap<>(file.fixed());
    if (task.get("set") instanceof Map<?, ?> set) {
      set.forEach((k, v) -> overrides.put(String.valueOf(k), v));
    }
    if (task.containsKey("task_options")) {
      overrides.put(Setting.TASK_OPTIONS.key(), task.get("task_options"));
    }
    point.forEach((k, v) -> {
      if (!k.equals(SweepFile.REPLICATES)) {
        overrides.put(k, v);
      }
    });
    last = new Base(key, Presets.config(taskName, overrides));
    return last;
  }

  /** Adds a point's trial, unless excluded or seen; {@code where} names the point in an error. */
  private void add(Object taskKey, Map<String, Object> task, Map<String, Object> point, Supplier<String> where,
      boolean applyExclude) {
    String taskName = (String) task.get("task");
    Object rep = point.get(SweepFile.REPLICATES);
    int replicate = rep == null ? 0 : ((Number) rep).intValue();
    TrialConfig c;
    Base base;
    try {
      base = base(taskKey, task, point);
      c = base.config;
      if (file.deriveSeeds()) {
        c = c.with(Setting.SEED, derivedSeed(base.identity, replicate));
      } else if (rep != null) {
        c = c.with(Setting.SEED, (long) replicate);
      }
      if (applyExclude && excluded(c, replicate)) {
        return;
      }
      if (!base.checked) {
        check(c); // the seed plays no part in these checks: once per point
        base.checked = true;
      }
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(file.source() + ": " + where.get() + " (task " + taskName + "): " + ex.getMessage());
    }
    String id = TrialIds.ofCanonicalAround(base.before, c.seed(), base.after);
    if (seen.add(id)) {
      out.add(new SweepTrial(file.name(), c, replicate, id));
    }
  }

  /** That the trial can run: swaps that can happen, memory within the budget, a network that fits the task's data. */
  private void check(TrialConfig c) {
    checkPossible(c);
    TrialConfig e = c.effective();
    TrialSetup.checkMemory(e, memoryBudget); // the network alone, before any data is made for it
    List<Object> dataKey = List.of(c.task(), e.taskOptions(), e.dataSeed());
    TaskData data = dataCache.computeIfAbsent(dataKey, k -> Tasks.get(c.task()).generate(e.taskOptions(), e.dataSeed()));
    TrialSetup.checkMemory(e, data, memoryBudget);
    if (data.sequences()) {
      TrialSetup.checkTransformerEngine(e);
    }
    TrialSetup.ProblemSpec spec = TrialSetup.ProblemSpec.of(e);
    if (checked.add(List.of(dataKey, spec))) {
      data.warnings().forEach(w -> warnings.add(file.source() + ": task " + c.task() + ": " + w));
      TrialSetup.checkFits(spec, data);
    }
  }

  /** Whether a rule of exclude matches the trial: every key's value equals the trial's (a list: any of them). */
  private boolean excluded(TrialConfig c, int replicate) {
    for (Map<String, Object> rule : file.exclude()) {
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
    if (key.equals(SweepFile.REPLICATES)) {
      return ((Number) want).intValue() == replicate;
    }
    // rule values were converted by the same setting when the file was read, so 1e-3 equals 0.001
    return c.get(Setting.of(key)).equals(want);
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
   * A trial's seed from the sweep seed, the trial's configuration (its seed aside: the UTF-8 of its
   * canonical text with seed 0) and its replicate, as sha256 of "sweep seed \n replicate \n identity":
   * independent of the order of expansion and of every other trial.
   */
  private long derivedSeed(byte[] identity, int replicate) {
    String h = TrialIds.hash(file.seed() + "\n" + replicate + "\n", identity);
    return Long.parseUnsignedLong(h, 16) & Long.MAX_VALUE;
  }
}
