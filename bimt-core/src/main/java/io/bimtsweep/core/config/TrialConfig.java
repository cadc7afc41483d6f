package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines one trial. Built from a task's preset plus overrides (command line,
 * YAML, a sweep's axes), always through {@link #with(String, Object)} so every value is converted
 * and validated in one place. Field names are the snake_case keys of {@link Setting}.
 */
public record TrialConfig(
    String task, Map<String, Object> taskOptions, List<Integer> widths, Activation activation, int embeddingDim,
    Loss loss, int steps, double learningRate, int batchSize, LambdaSchedule lambdaSchedule,
    double layoutWidth, double layerDistance, DistanceNorm norm, Reduction reduction, double biasPenaltyFrom,
    boolean distanceInLastLayer, int swapInterval, int topK, boolean permuteOptimizerState, double weightDecay,
    Mode mode, long seed, long dataSeed, String engine) {

  public static final String ENGINE_JAVA = "java";

  public TrialConfig {
    Tasks.get(task);
    taskOptions = java.util.Collections.unmodifiableMap(new TreeMap<>(taskOptions));
    widths = List.copyOf(widths);
    check(widths.size() >= 2, "widths need at least an input and an output layer, got %s", widths);
    check(steps > 0, "steps must be > 0, got %d", steps);
    check(learningRate > 0, "learning_rate must be > 0, got %s", learningRate);
    check(batchSize >= 0, "batch_size must be >= 0 (0 = full batch), got %d", batchSize);
    check(layoutWidth >= 0, "layout_width (A) must be >= 0, got %s", layoutWidth);
    check(layerDistance >= 0, "layer_distance (y*) must be >= 0, got %s", layerDistance);
    check(biasPenaltyFrom >= 0 && biasPenaltyFrom <= 1, "bias_penalty_from must be in [0, 1], got %s", biasPenaltyFrom);
    check(swapInterval >= 0, "swap_interval must be >= 0 (0 = never), got %d", swapInterval);
    check(topK >= 0, "top_k must be >= 0, got %d", topK);
    check(weightDecay >= 0, "weight_decay must be >= 0, got %s", weightDecay);
    check(embeddingDim >= 0, "embedding_dim must be >= 0, got %d", embeddingDim);
    check(ENGINE_JAVA.equals(engine), "unknown engine '%s' (known: %s)", engine, ENGINE_JAVA);
  }

  /** lambda at the start of the run (the value a sweep's lambda axis sets). */
  public double lambda() {
    return lambdaSchedule.initial();
  }

  /** The configuration this mode actually trains: lambda, A and swaps switched off as the mode says. */
  public TrialConfig effective() {
    Map<String, Object> m = toMap();
    if (!mode.usesLambda()) {
      m.put("lambda_schedule", LambdaSchedule.constant(0).toString());
    }
    if (!mode.usesLocality()) {
      m.put("layout_width", 0.0);
    }
    if (!mode.usesSwaps()) {
      m.put("swap_interval", 0);
    }
    return fromMap(m);
  }

  /** A copy with one setting changed; the value is converted and validated. */
  public TrialConfig with(String key, Object raw) {
    Setting s = Setting.of(key);
    Map<String, Object> m = toMap();
    Object v = s.convert(raw);
    if (s == Setting.LAMBDA) {
      m.put("lambda_schedule", lambdaSchedule.withInitial((Double) v).toString());
    } else {
      m.put(key, v);
    }
    return fromMap(m);
  }

  /** A copy with several settings changed, applied in the map's order. */
  public TrialConfig with(Map<String, ?> overrides) {
    TrialConfig c = this;
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      c = c.with(e.getKey(), e.getValue());
    }
    return c;
  }

  /** Every setting by key, in the order of {@link Setting}; values are JSON-friendly. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", task);
    m.put("task_options", taskOptions);
    m.put("widths", widths);
    m.put("activation", activation.name().toLowerCase(java.util.Locale.ROOT));
    m.put("embedding_dim", embeddingDim);
    m.put("loss", loss.name().toLowerCase(java.util.Locale.ROOT));
    m.put("steps", steps);
    m.put("learning_rate", learningRate);
    m.put("batch_size", batchSize);
    m.put("lambda", lambda());
    m.put("lambda_schedule", lambdaSchedule.toString());
    m.put("layout_width", layoutWidth);
    m.put("layer_distance", layerDistance);
    m.put("norm", norm.name());
    m.put("reduction", reduction.name().toLowerCase(java.util.Locale.ROOT));
    m.put("bias_penalty_from", biasPenaltyFrom);
    m.put("distance_in_last_layer", distanceInLastLayer);
    m.put("swap_interval", swapInterval);
    m.put("top_k", topK);
    m.put("permute_optimizer_state", permuteOptimizerState);
    m.put("weight_decay", weightDecay);
    m.put("mode", mode.label());
    m.put("seed", seed);
    m.put("data_seed", dataSeed);
    m.put("engine", engine);
    return m;
  }

  /** Builds a configuration from a complete map of converted values (as {@link #toMap} gives). */
  @SuppressWarnings("unchecked")
  public static TrialConfig fromMap(Map<String, Object> m) {
    for (Setting s : Setting.values()) {
      check(m.containsKey(s.key()), "missing setting '%s'", s.key());
    }
    return new TrialConfig(
        (String) m.get("task"),
        (Map<String, Object>) Setting.TASK_OPTIONS.convert(m.get("task_options")),
        (List<Integer>) Setting.WIDTHS.convert(m.get("widths")),
        Activation.parse((String) Setting.ACTIVATION.convert(m.get("activation"))),
        (Integer) Setting.EMBEDDING_DIM.convert(m.get("embedding_dim")),
        Loss.parse((String) Setting.LOSS.convert(m.get("loss"))),
        (Integer) Setting.STEPS.convert(m.get("steps")),
        (Double) Setting.LEARNING_RATE.convert(m.get("learning_rate")),
        (Integer) Setting.BATCH_SIZE.convert(m.get("batch_size")),
        LambdaSchedule.parse((String) Setting.LAMBDA_SCHEDULE.convert(m.get("lambda_schedule"))),
        (Double) Setting.LAYOUT_WIDTH.convert(m.get("layout_width")),
        (Double) Setting.LAYER_DISTANCE.convert(m.get("layer_distance")),
        DistanceNorm.parse((String) Setting.NORM.convert(m.get("norm"))),
        Reduction.parse((String) Setting.REDUCTION.convert(m.get("reduction"))),
        (Double) Setting.BIAS_PENALTY_FROM.convert(m.get("bias_penalty_from")),
        (Boolean) Setting.DISTANCE_IN_LAST_LAYER.convert(m.get("distance_in_last_layer")),
        (Integer) Setting.SWAP_INTERVAL.convert(m.get("swap_interval")),
        (Integer) Setting.TOP_K.convert(m.get("top_k")),
        (Boolean) Setting.PERMUTE_OPTIMIZER_STATE.convert(m.get("permute_optimizer_state")),
        (Double) Setting.WEIGHT_DECAY.convert(m.get("weight_decay")),
        Mode.parse((String) Setting.MODE.convert(m.get("mode"))),
        (Long) Setting.SEED.convert(m.get("seed")),
        (Long) Setting.DATA_SEED.convert(m.get("data_seed")),
        (String) Setting.ENGINE.convert(m.get("engine")));
  }

  /**
   * The canonical text of this configuration: keys sorted, numbers in one spelling. Equal
   * configurations have equal text, so it can be hashed into a trial id.
   */
  public String canonicalJson() {
    return Json.canonical(new TreeMap<>(toMap()));
  }
}
