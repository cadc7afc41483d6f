package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.cost.Regularizer;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Layout;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed setting of a trial, as Spark MLlib's {@code Param[T]}: its snake_case name (the same in
 * YAML, on the command line, in result.json and as a Parquet column), its doc, the one converter
 * from a raw value (YAML scalar, list or mapping, or command-line text) to {@code T}, and its
 * validator. {@link TrialConfig} reads and writes only through these keys, and the CLI help, the
 * README table and the Parquet setting columns are generated from {@link #all()}; so a setting is
 * added in one place.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {

  /** How a value is stored in plain data (JSON, Parquet). */
  public enum Kind { STRING, INT, LONG, DOUBLE, BOOL, INT_LIST, MAP }

  private final String key;
  private final Class<T> type;
  private final Kind kind;
  private final String doc;
  private final String expected;
  private final Function<Object, T> parse;
  private final Function<T, Object> plain;
  private final Consumer<T> validate;
  private final boolean modeDependent;
  private final T addedWithDefault;
  /** Position in {@link #all()}: a configuration keeps its values in an array by this index. */
  private int index = -1;

  private Setting(String key, Class<T> type, Kind kind, String doc, String expected, Function<Object, T> parse,
      Function<T, Object> plain, Consumer<T> validate, boolean modeDependent) {
    this(key, type, kind, doc, expected, parse, plain, validate, modeDependent, null);
  }

  private Setting(String key, Class<T> type, Kind kind, String doc, String expected, Function<Object, T> parse,
      Function<T, Object> plain, Consumer<T> validate, boolean modeDependent, T addedWithDefault) {
    this.key = key;
    this.type = type;
    this.kind = kind;
    this.doc = doc;
    this.expected = expected;
    this.parse = parse;
    this.plain = plain;
    this.validate = validate;
    this.modeDependent = modeDependent;
    this.addedWithDefault = addedWithDefault;
  }

  // ---------------------------------------------------------------------------------------------
  // The settings, in the order of the help, the README and the Parquet columns.

  public static final Setting<String> TASK = word("task", "task name (see `bimt tasks`)", t -> Tasks.get(t));
  public static final Setting<Map<String, Object>> TASK_OPTIONS = mapping("task_options",
      "the task's own options, e.g. {modulus: 59}");
  public static final Setting<List<Integer>> WIDTHS = intList("widths", "neurons per layer, input first, e.g. [4,20,20,2]",
      w -> check(w.size() >= 2, "widths need at least an input and an output layer, got %s", w));
  public static final Setting<Activation> ACTIVATION = choice("activation", Activation.class,
      "hidden activation: silu, tanh, relu, gelu", Activation::parse);
  public static final Setting<Integer> EMBEDDING_DIM = integer("embedding_dim",
      "embedding dimension for token tasks (input width = tokens x dim)", 0);
  public static final Setting<Loss> LOSS = choice("loss", Loss.class, "mse or cross_entropy", Loss::parse);
  public static final Setting<Integer> STEPS = integer("steps", "optimiser steps", 1);
  public static final Setting<Double> LEARNING_RATE = number("learning_rate", "AdamW learning rate", 0, false);
  public static final Setting<Integer> BATCH_SIZE = integer("batch_size", "examples per step, 0 = full batch", 0);
  /** Not stored: the initial value of {@link #LAMBDA_SCHEDULE}; setting it rescales the schedule. */
  public static final Setting<Double> LAMBDA = new Setting<>("lambda", Double.class, Kind.DOUBLE,
      "initial lambda; setting it rescales the whole schedule (effective: 0 in mode none)", "a number",
      raw -> toDouble("lambda", raw), d -> d, d -> check(d >= 0, "negative lambda: lambda must be a finite number >= 0, got %s", d), true);
  public static final Setting<LambdaSchedule> LAMBDA_SCHEDULE = new Setting<>("lambda_schedule", LambdaSchedule.class,
      Kind.STRING, "lambda over the run, e.g. \"1e-3, x10@25%, x0.1@75%\" or \"0.1, =1@5000\" (effective: 0 in mode none)",
      "a schedule such as \"1e-3, x10@25%\"", raw -> LambdaSchedule.parse(single("lambda_schedule", raw)),
      LambdaSchedule::toString, s -> { }, true);
  public static final Setting<Double> LAYOUT_WIDTH = new Setting<>("layout_width", Double.class, Kind.DOUBLE,
      "A: scale of in-plane distances, 0 = plain L1 (effective: 0 in modes none, l1, l1_swap)", "a number",
      raw -> toDouble("layout_width", raw), d -> d, d -> check(d >= 0, "layout_width (A) must be >= 0, got %s", d), true);
  public static final Setting<Double> LAYER_DISTANCE = number("layer_distance", "y*: distance between consecutive layers",
      0, true);
  public static final Setting<DistanceNorm> NORM = choice("norm", DistanceNorm.class, "distance norm: L1 or L2",
      DistanceNorm::parse);
  public static final Setting<Reduction> REDUCTION = choice("reduction", Reduction.class,
      "per-layer cost reduction: sum or mean", Reduction::parse);
  public static final Setting<Double> BIAS_PENALTY_FROM = new Setting<>("bias_penalty_from", Double.class, Kind.DOUBLE,
      "fraction of the run before which biases are not penalised", "a number", raw -> toDouble("bias_penalty_from", raw), d -> d,
      d -> check(d >= 0 && d <= 1, "bias_penalty_from must be in [0, 1], got %s", d), false);
  public static final Setting<Boolean> DISTANCE_IN_LAST_LAYER = bool("distance_in_last_layer",
      "false drops the last layer's distance term in training");
  public static final Setting<Integer> SWAP_INTERVAL = new Setting<>("swap_interval", Integer.class, Kind.INT,
      "swap every S steps; 0 or \"never\" = no swaps (effective: 0 in modes none, l1, l1_local)",
      "an integer or \"never\"", raw -> "never".equalsIgnoreCase(String.valueOf(raw).trim()) ? 0
          : (int) integral("swap_interval", raw, Integer.MIN_VALUE, Integer.MAX_VALUE),
      i -> i, i -> check(i >= 0, "swap_interval must be >= 0 (0 = never), got %d", i), true);
  public static final Setting<Integer> TOP_K = new Setting<>("top_k", Integer.class, Kind.INT,
      "neurons per layer considered for swaps (effective: 0 when the mode has no swaps)", "an integer",
      raw -> (int) integral("top_k", raw, Integer.MIN_VALUE, Integer.MAX_VALUE), i -> i,
      i -> check(i >= 0, "top_k must be >= 0, got %d", i), true);
  public static final Setting<Boolean> PERMUTE_OPTIMIZER_STATE = bool("permute_optimizer_state",
      "permute AdamW moments with swapped weights");
  public static final Setting<Double> WEIGHT_DECAY = number("weight_decay", "AdamW decoupled weight decay", 0, true);
  public static final Setting<Mode> MODE = choice("mode", Mode.class, "training mode: none, l1, l1_local, l1_swap, bimt",
      Mode::parse);
  public static final Setting<Long> SEED = longInteger("seed", "seed of the network's initialisation and mini-batches");
  public static final Setting<Long> DATA_SEED = longInteger("data_seed", "seed of the task's data and split");
  public static final Setting<String> ENGINE = word("engine", "training engine (see `bimt tasks`): java, or dl4j (Deeplearning4j, layered tasks; module bimt-dl4j)",
      e -> io.bimtsweep.core.engine.Engines.get(e));
  public static final Setting<Regularizer> REGULARIZER = choice("regularizer", Regularizer.class,
      "spatial regulariser: bimt (|w| x length) or sernn (|w| x length x communicability)", Regularizer::parse)
      .addedLater(Regularizer.BIMT);
  public static final Setting<Integer> COMMUNICABILITY_INTERVAL = integer("communicability_interval",
      "with regularizer sernn: recompute the communicability every this many steps (and after swaps)", 1)
      .addedLater(10);

  public static final Setting<Layout> LAYOUT = choice("layout", Layout.class,
      "where neurons sit: lines (the notebooks') or grids (MNIST: square grids, outputs on a ring)", Layout::parse)
      .addedLater(Layout.LINES);
  public static final Setting<Boolean> SWAP_INPUTS = bool("swap_inputs",
      "false keeps input neurons in place during swaps (MNIST: pixels stay where they are)").addedLater(true);
  public static final Setting<io.bimtsweep.core.train.Dtype> DTYPE = choice("dtype", io.bimtsweep.core.train.Dtype.class,
      "number type of training: float64 or float32", io.bimtsweep.core.train.Dtype::parse)
      .addedLater(io.bimtsweep.core.train.Dtype.FLOAT64);

  private static final List<Setting<?>> ALL = List.of(TASK, TASK_OPTIONS, WIDTHS, ACTIVATION, EMBEDDING_DIM, LOSS, STEPS,
      LEARNING_RATE, BATCH_SIZE, LAMBDA, LAMBDA_SCHEDULE, LAYOUT_WIDTH, LAYER_DISTANCE, NORM, REDUCTION, BIAS_PENALTY_FROM,
      DISTANCE_IN_LAST_LAYER, SWAP_INTERVAL, TOP_K, PERMUTE_OPTIMIZER_STATE, WEIGHT_DECAY, MODE, SEED, DATA_SEED, ENGINE,
      REGULARIZER, COMMUNICABILITY_INTERVAL, LAYOUT, SWAP_INPUTS, DTYPE);
  private static final Map<String, Setting<?>> BY_KEY = new LinkedHashMap<>();

  static {
    for (int i = 0; i < ALL.size(); i++) {
      BY_KEY.put(ALL.get(i).key, ALL.get(i));
      ALL.get(i).index = i;
    }
  }

  /** Every setting, in documentation order. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /** The setting with this name; an unknown name is an error listing the known ones. */
  public static Setting<?> of(String key) {
    Setting<?> s = BY_KEY.get(key);
    if (s == null) {
      throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + String.join(", ", BY_KEY.keySet()) + ")");
    }
    return s;
  }

  public static boolean isKnown(String key) {
    return BY_KEY.containsKey(key);
  }

  // ---------------------------------------------------------------------------------------------

  public String key() { return key; }
  int index() { return index; }
  public Class<T> type() { return type; }
  public Kind kind() { return kind; }
  public String doc() { return doc; }
  /** What a valid value looks like, for messages: "an integer", "true or false". */
  public String expected() { return expected; }
  /** Whether the training mode can override this setting (its column then holds the effective value). */
  public boolean modeDependent() { return modeDependent; }
  /**
   * A setting added after trial ids were first handed out: at this default it is left out of the
   * canonical configuration, so adding it changed no trial id, and a configuration written before
   * it existed reads with this value.
   */
  private Setting<T> addedLater(T defaultValue) {
    return new Setting<>(key, type, kind, doc, expected, parse, plain, validate, modeDependent, defaultValue);
  }

  /** The default of a setting added later ({@link #addedLater}), or null for an original setting. */
  public T addedWithDefault() {
    return addedWithDefault;
  }

  /** Whether the value is stored in a configuration, rather than derived from another setting (lambda). */
  public boolean stored() { return this != LAMBDA; }

  /** Converts and validates a raw value (YAML scalar, list or mapping, or command-line text). */
  public T convert(Object raw) {
    check(raw != null, "setting '%s' has no value (expected %s)", key, expected);
    T v;
    try {
      // an already typed scalar is only validated; lists and mappings are always rebuilt, element by element
      v = type.isInstance(raw) && kind != Kind.INT_LIST && kind != Kind.MAP && type != String.class
          ? type.cast(raw) : parse.apply(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' expects " + expected + ", got '" + raw + "'");
    }
    if (v instanceof Double d && !Double.isFinite(d)) {
      throw new IllegalArgumentException(key + " must be a finite number, got " + d + " (NaN and infinities are not allowed)");
    }
    validate.accept(v);
    return v;
  }

  /** The value as plain data (String, Integer, Long, Double, Boolean, List, Map) for JSON and Parquet. */
  public Object plain(T value) {
    return plain.apply(value);
  }

  /** {@link #plain} of a value already converted by this setting. */
  public Object plainOf(Object value) {
    return plain(type.cast(value));
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return key;
  }

  // ---------------------------------------------------------------------------------------------
  // Factories and converters.

  private static Setting<String> word(String key, String doc, Consumer<String> validate) {
    return new Setting<>(key, String.class, Kind.STRING, doc, "a word", raw -> single(key, raw), s -> s, validate, false);
  }

  private static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, String doc, Function<String, E> parse) {
    return new Setting<>(key, type, Kind.STRING, doc, doc.replaceFirst("^[^:]*: ", ""),
        raw -> parse.apply(single(key, raw)), e -> e instanceof Mode m ? m.label() : e instanceof Regularizer r ? r.label() : e instanceof Layout l ? l.label()
            : e instanceof DistanceNorm ? e.name() : e.name().toLowerCase(Locale.ROOT), e -> { }, false);
  }

  private static Setting<Integer> integer(String key, String doc, int min) {
    return new Setting<>(key, Integer.class, Kind.INT, doc, "an integer",
        raw -> (int) integral(key, raw, Integer.MIN_VALUE, Integer.MAX_VALUE), i -> i,
        i -> check(i >= min, "%s must be >= %d, got %d", key, min, i), false);
  }

  private static Setting<Long> longInteger(String key, String doc) {
    return new Setting<>(key, Long.class, Kind.LONG, doc, "an integer", raw -> integral(key, raw, Long.MIN_VALUE,
        Long.MAX_VALUE), l -> l, l -> { }, false);
  }

  private static Setting<Double> number(String key, String doc, double min, boolean inclusive) {
    return new Setting<>(key, Double.class, Kind.DOUBLE, doc, "a number", raw -> toDouble(key, raw), d -> d,
        d -> check(inclusive ? d >= min : d > min, "%s must be %s %s, got %s", key, inclusive ? ">=" : ">",
            min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min), d), false);
  }

  private static Setting<Boolean> bool(String key, String doc) {
    return new Setting<>(key, Boolean.class, Kind.BOOL, doc, "true or false", raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      String t = raw.toString().trim().toLowerCase(Locale.ROOT);
      check(t.equals("true") || t.equals("false"), "setting '%s' expects true or false, got '%s'", key, raw);
      return Boolean.parseBoolean(t);
    }, b -> b, b -> { }, false);
  }

  private static Setting<List<Integer>> intList(String key, String doc, Consumer<List<Integer>> validate) {
    @SuppressWarnings("unchecked")
    Class<List<Integer>> type = (Class<List<Integer>>) (Class<?>) List.class;
    return new Setting<>(key, type, Kind.INT_LIST, doc, "a list of positive integers", raw -> {
      List<Integer> out = new ArrayList<>();
      if (raw instanceof List<?> l) {
        for (Object o : l) {
          out.add((int) integral(key, o, 1, Integer.MAX_VALUE));
        }
      } else {
        check(!(raw instanceof Map), "setting '%s' expects a list of positive integers, got %s", key, raw);
        for (String p : raw.toString().trim().replace("[", "").replace("]", "").split("[,\\s]+")) {
          if (!p.isEmpty()) {
            out.add((int) integral(key, p, 1, Integer.MAX_VALUE));
          }
        }
      }
      return List.copyOf(out);
    }, l -> l, validate, false);
  }

  private static Setting<Map<String, Object>> mapping(String key, String doc) {
    @SuppressWarnings("unchecked")
    Class<Map<String, Object>> type = (Class<Map<String, Object>>) (Class<?>) Map.class;
    return new Setting<>(key, type, Kind.MAP, doc, "a mapping such as {modulus: 59}", raw -> {
      Object r = raw;
      if (r instanceof String text) {
        r = text.isBlank() ? Map.of() : YamlFiles.parseMapping(text, "setting '" + key + "'");
      }
      check(r instanceof Map, "setting '%s' expects a mapping such as {modulus: 59}, got '%s'", key, raw);
      Map<String, Object> m = new TreeMap<>();
      ((Map<?, ?>) r).forEach((k, v) -> m.put(String.valueOf(k), v));
      return Collections.unmodifiableMap(m);
    }, m -> m, m -> { }, false);
  }

  private static String single(String key, Object raw) {
    check(!(raw instanceof List) && !(raw instanceof Map), "setting '%s' expects a single value, got %s", key, raw);
    return raw.toString().trim();
  }

  private static Double toDouble(String key, Object raw) {
    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(single(key, raw));
    check(Double.isFinite(d), "%s must be a finite number, got %s (NaN and infinities are not allowed)", key, raw);
    return d;
  }

  private static long integral(String key, Object raw, long min, long max) {
    double d;
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short) {
      long v = ((Number) raw).longValue();
      check(v >= min && v <= max, "%s is out of range (%s)", raw, v > max ? "at most " + max : "at least " + min);
      return v;
    }
    if (raw instanceof Number n) {
      d = n.doubleValue();
    } else {
      String t = single(key, raw);
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        d = Double.parseDouble(t);
      }
    }
    check(d == Math.rint(d), "setting '%s' expects an integer, got %s", key, raw);
    check(d >= min && d <= max, "%s is out of range (%s)", raw, d > max ? "at most " + max : "at least " + min);
    return (long) d;
  }
}
