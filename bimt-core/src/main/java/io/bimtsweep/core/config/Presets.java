package io.bimtsweep.core.config;

import io.bimtsweep.core.task.Task;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each task's notebook settings, as data: {@code presets/default.yaml} plus the task's own
 * {@code presets/TASK.yaml} on the classpath (a plugin task ships its own beside its
 * {@code META-INF/services} entry), read through the same typed settings as any sweep file. A
 * trial's configuration is its task's preset with overrides on top.
 *
 * <p>In a preset's widths, {@code inputs} and {@code outputs} stand for the task's input width
 * (tokens x embedding_dim for token inputs) and output width, so modular addition's preset follows
 * its modulus and a formula task's follows its formulas; for a sequence task both are the token width.
 */
public final class Presets {
  private static final String DIR = "presets/";
  private static final Map<String, Map<String, Object>> FILES = new ConcurrentHashMap<>();
  /** Task shapes by task and options: resolving "inputs"/"outputs" generates the data once. */
  private static final Map<String, int[]> SHAPES = new ConcurrentHashMap<>();
  /** Built presets by task and early overrides: a sweep asks for the same few once per trial. */
  private static final Map<String, TrialConfig> BUILT = new ConcurrentHashMap<>();
  private static final int BUILT_LIMIT = 10_000;

  private Presets() {}

  /**
   * The preset for a task, then the overrides (raw values by setting name, in order). task_options
   * and embedding_dim among the overrides are applied before the preset's widths are resolved, since
   * the widths follow from them.
   */
  public static TrialConfig config(String task, Map<String, ?> overrides) {
    Map<String, ?> o = overrides == null ? Map.of() : overrides;
    Map<String, Object> early = new LinkedHashMap<>();
    for (Setting<?> s : List.of(Setting.TASK_OPTIONS, Setting.EMBEDDING_DIM)) {
      if (o.containsKey(s.key())) {
        early.put(s.key(), o.get(s.key()));
      }
    }
    TrialConfig c = built(task, early);
    Map<String, Object> rest = new LinkedHashMap<>(o);
    rest.keySet().removeAll(early.keySet());
    rest.remove(Setting.TASK.key());
    return c.with(rest);
  }

  /** The preset for a task with these task options. */
  public static TrialConfig preset(String task, Map<String, Object> taskOptions) {
    return build(task, taskOptions == null ? Map.of() : Map.of(Setting.TASK_OPTIONS.key(), taskOptions));
  }

  private static TrialConfig built(String task, Map<String, ?> early) {
    String key = early.isEmpty() ? task : task + "\n" + Json.canonical(early);
    TrialConfig c = BUILT.get(key);
    if (c == null) {
      c = build(task, early);
      if (BUILT.size() >= BUILT_LIMIT) {
        BUILT.clear();
      }
      BUILT.put(key, c);
    }
    return c;
  }

  private static TrialConfig build(String task, Map<String, ?> early) {
    Task t = Tasks.get(task);
    Map<String, Object> raw = new LinkedHashMap<>(file("default"));
    Map<String, Object> own = ownFile(task);
    if (own == null) {
      // a plugin without a preset: the data says its loss and whether it has token inputs
      Object options = early.get(Setting.TASK_OPTIONS.key());
      TaskData d = data(t, Setting.TASK_OPTIONS.convert(options == null ? Map.of() : options));
      raw.put(Setting.LOSS.key(), d.loss().name());
      raw.put(Setting.EMBEDDING_DIM.key(), d.tokens() ? 32 : 0);
    } else {
      raw.putAll(own);
    }
    raw.put(Setting.TASK.key(), task);
    raw.put(Setting.TASK_OPTIONS.key(), Map.of());
    raw.putAll(early);
    String source = DIR + (own == null ? "default" : task) + ".yaml";
    Map<String, Object> taskOptions = Setting.TASK_OPTIONS.convert(raw.get(Setting.TASK_OPTIONS.key()));
    int embeddingDim = Setting.EMBEDDING_DIM.convert(raw.get(Setting.EMBEDDING_DIM.key()));
    raw.put(Setting.WIDTHS.key(), resolveWidths(t, taskOptions, embeddingDim, raw.get(Setting.WIDTHS.key())));
    try {
      return TrialConfig.of(raw);
    } catch (IllegalArgumentException e) {
      // an override's mistake is the user's; anything else is the preset file's
      if (early.isEmpty()) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static Object resolveWidths(Task t, Map<String, Object> taskOptions, int embeddingDim, Object widths) {
    if (!(widths instanceof List<?> list) || list.stream().noneMatch(w -> w instanceof String)) {
      return widths;
    }
    int[] shape = SHAPES.computeIfAbsent(t.name() + Json.canonical(taskOptions), k -> {
      TaskData d = data(t, taskOptions);
      if (d.sequences()) { // a transformer reads and writes tokens
        return new int[] {d.sequence().tokenWidth(), 0, d.sequence().tokenWidth()};
      }
      return new int[] {d.tokens() ? d.train().tokensPerExample() : d.train().features(), d.tokens() ? 1 : 0,
          d.train().outputWidth()};
    });
    List<Object> out = new ArrayList<>();
    for (Object w : list) {
      if ("inputs".equals(w)) {
        out.add(shape[1] == 1 ? shape[0] * embeddingDim : shape[0]);
      } else if ("outputs".equals(w)) {
        out.add(shape[2]);
      } else {
        out.add(w);
      }
    }
    return out;
  }

  private static TaskData data(Task t, Map<String, Object> taskOptions) {
    return t.generate(taskOptions, 0);
  }

  /** The task's own preset file, or null if it ships none. */
  private static Map<String, Object> ownFile(String task) {
    if (FILES.containsKey(task)) {
      return FILES.get(task);
    }
    if (Presets.class.getClassLoader().getResource(DIR + task + ".yaml") == null) {
      return null;
    }
    return file(task);
  }

  private static Map<String, Object> file(String name) {
    return FILES.computeIfAbsent(name, n -> {
      String path = DIR + n + ".yaml";
      try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("no preset " + path + " on the classpath");
        }
        Map<String, Object> m = YamlFiles.parseMapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        for (String k : m.keySet()) {
          if (!Setting.isKnown(k) || k.equals(Setting.TASK.key())) {
            throw new IllegalStateException(path + ": '" + k + "' is not a setting a preset may hold");
          }
        }
        return Map.copyOf(m);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
      }
    });
  }
}
