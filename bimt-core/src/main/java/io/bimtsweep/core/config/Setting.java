package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a trial, by its snake_case name: the same name in YAML, on the command line,
 * in result.json and in the Parquet columns. Each carries its doc and converts (and so validates
 * the type of) a raw value from YAML or from text.
 */
public enum Setting {
  TASK("task", Kind.STRING, "task name (see `bimt tasks`)"),
  TASK_OPTIONS("task_options", Kind.MAP, "the task's own options, e.g. {modulus: 59}"),
  WIDTHS("widths", Kind.INT_LIST, "neurons per layer, input first, e.g. [4,20,20,2]"),
  ACTIVATION("activation", Kind.STRING, "hidden activation: silu, tanh, relu, gelu"),
  EMBEDDING_DIM("embedding_dim", Kind.INT, "embedding dimension for token tasks (input width = tokens x dim)"),
  LOSS("loss", Kind.STRING, "mse or cross_entropy"),
  STEPS("steps", Kind.INT, "optimiser steps"),
  LEARNING_RATE("learning_rate", Kind.DOUBLE, "AdamW learning rate"),
  BATCH_SIZE("batch_size", Kind.INT, "examples per step, 0 = full batch"),
  LAMBDA("lambda", Kind.DOUBLE, "initial lambda; setting it rescales the whole schedule"),
  LAMBDA_SCHEDULE("lambda_schedule", Kind.STRING, "lambda over the run, e.g. \"1e-3, x10@25%, x0.1@75%\" or \"0.1, =1@5000\""),
  LAYOUT_WIDTH("layout_width", Kind.DOUBLE, "A: scale of in-plane distances (0 = plain L1)"),
  LAYER_DISTANCE("layer_distance", Kind.DOUBLE, "y*: distance between consecutive layers"),
  NORM("norm", Kind.STRING, "distance norm: L1 or L2"),
  REDUCTION("reduction", Kind.STRING, "per-layer cost reduction: sum or mean"),
  BIAS_PENALTY_FROM("bias_penalty_from", Kind.DOUBLE, "fraction of the run before which biases are not penalised"),
  DISTANCE_IN_LAST_LAYER("distance_in_last_layer", Kind.BOOL, "false drops the last layer's distance term in training"),
  SWAP_INTERVAL("swap_interval", Kind.INT, "swap every S steps; 0 or \"never\" = no swaps"),
  TOP_K("top_k", Kind.INT, "neurons per layer considered for swaps"),
  PERMUTE_OPTIMIZER_STATE("permute_optimizer_state", Kind.BOOL, "permute AdamW moments with swapped weights"),
  WEIGHT_DECAY("weight_decay", Kind.DOUBLE, "AdamW decoupled weight decay"),
  MODE("mode", Kind.STRING, "training mode: none, l1, l1_local, l1_swap, bimt"),
  SEED("seed", Kind.LONG, "seed of the network's initialisation and mini-batches"),
  DATA_SEED("data_seed", Kind.LONG, "seed of the task's data and split"),
  ENGINE("engine", Kind.STRING, "training engine: java");

  /** Value types of settings. */
  public enum Kind { STRING, INT, LONG, DOUBLE, BOOL, INT_LIST, MAP }

  private final String key;
  private final Kind kind;
  private final String doc;

  Setting(String key, Kind kind, String doc) {
    this.key = key;
    this.kind = kind;
    this.doc = doc;
  }

  public String key() { return key; }
  public Kind kind() { return kind; }
  public String doc() { return doc; }

  private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

  static {
    for (Setting s : values()) {
      BY_KEY.put(s.key, s);
    }
  }

  public static Setting of(String key) {
    Setting s = BY_KEY.get(key);
    if (s == null) {
      throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + String.join(", ", BY_KEY.keySet()) + ")");
    }
    return s;
  }

  public static boolean isKnown(String key) {
    return BY_KEY.containsKey(key);
  }

  /** Converts a raw value (from YAML: String, Number, Boolean, List, Map; or command-line text). */
  public Object convert(Object raw) {
    check(raw != null, "setting '%s' has no value (expected %s)", key, expected());
    try {
      return switch (kind) {
        case STRING -> {
          check(!(raw instanceof List) && !(raw instanceof Map), "setting '%s' expects a single value, got %s", key, raw);
          yield raw.toString().trim();
        }
        case INT -> {
          if (this == SWAP_INTERVAL && raw.toString().trim().equalsIgnoreCase("never")) {
            yield 0;
          }
          yield (int) integral(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        case LONG -> integral(raw, Long.MIN_VALUE, Long.MAX_VALUE);
        case DOUBLE -> {
          double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
          check(Double.isFinite(d), "setting '%s' expects a finite number, got %s", key, raw);
          yield d;
        }
        case BOOL -> {
          if (raw instanceof Boolean b) {
            yield b;
          }
          String t = raw.toString().trim().toLowerCase(Locale.ROOT);
          check(t.equals("true") || t.equals("false"), "setting '%s' expects true or false, got '%s'", key, raw);
          yield Boolean.parseBoolean(t);
        }
        case INT_LIST -> {
          List<Integer> out = new ArrayList<>();
          if (raw instanceof List<?> l) {
            for (Object o : l) {
              out.add((int) integral(o, 1, Integer.MAX_VALUE));
            }
          } else {
            String t = raw.toString().trim().replace("[", "").replace("]", "");
            for (String p : t.split("[,\\s]+")) {
              if (!p.isEmpty()) {
                out.add((int) integral(p, 1, Integer.MAX_VALUE));
              }
            }
          }
          yield List.copyOf(out);
        }
        case MAP -> {
          if (raw instanceof String text) {
            raw = text.isBlank() ? Map.of() : io.bimtsweep.core.io.YamlFiles.parseMapping(text, "setting '" + key + "'");
          }
          check(raw instanceof Map, "setting '%s' expects a mapping such as {modulus: 59}, got '%s'", key, raw);
          Map<String, Object> m = new java.util.TreeMap<>();
          ((Map<?, ?>) raw).forEach((k, v) -> m.put(String.valueOf(k), v));
          yield java.util.Collections.unmodifiableMap(m);
        }
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' expects " + expected() + ", got '" + raw + "'");
    }
  }

  private long integral(Object raw, long min, long max) {
    double d;
    if (raw instanceof Number n) {
      d = n.doubleValue();
      if (raw instanceof Long || raw instanceof Integer) {
        long v = n.longValue();
        check(v >= min && v <= max, "setting '%s' expects %s, got %s", key, expected(), raw);
        return v;
      }
    } else {
      String t = raw.toString().trim();
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        d = Double.parseDouble(t);
      }
    }
    check(d == Math.rint(d) && d >= min && d <= max, "setting '%s' expects %s, got %s", key, expected(), raw);
    return (long) d;
  }

  public String expected() {
    return switch (kind) {
      case STRING -> "a word";
      case INT, LONG -> this == SWAP_INTERVAL ? "an integer or \"never\"" : "an integer";
      case DOUBLE -> "a number";
      case BOOL -> "true or false";
      case INT_LIST -> "a list of positive integers";
      case MAP -> "a mapping";
    };
  }
}
