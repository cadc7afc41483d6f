package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.cost.Regularizer;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines one trial: a value for every stored {@link Setting}. Immutable; built
 * from a task's preset ({@link Presets}) plus overrides, always through a setting's converter, so
 * each value is converted and validated in one place. Read with {@link #get(Setting)} or the named
 * accessors.
 */
public final class TrialConfig {
  private final Map<Setting<?>, Object> values;

  private TrialConfig(Map<Setting<?>, Object> values) {
    Map<Setting<?>, Object> v = new LinkedHashMap<>();
    for (Setting<?> s : Setting.all()) {
      if (s.stored()) {
        Object x = values.get(s);
        if (x == null) {
          x = s.addedWithDefault();
        }
        check(x != null, "missing setting '%s'", s.key());
        v.put(s, s.cast(x));
      }
    }
    this.values = Collections.unmodifiableMap(v);
  }

  /**
   * A configuration from a complete set of raw values by key (as {@link #toMap} gives, or a preset
   * file): every stored setting must be there, and each is converted.
   */
  public static TrialConfig of(Map<String, ?> raw) {
    Map<Setting<?>, Object> v = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      Setting<?> s = Setting.of(e.getKey());
      if (s.stored()) {
        v.put(s, s.convert(e.getValue()));
      }
    }
    TrialConfig c = new TrialConfig(v);
    if (raw.containsKey(Setting.LAMBDA.key())) {
      c = c.with(Setting.LAMBDA.key(), raw.get(Setting.LAMBDA.key()));
    }
    return c;
  }

  /** The value of a setting. */
  public <T> T get(Setting<T> s) {
    if (s == Setting.LAMBDA) {
      return s.cast(lambdaSchedule().initial());
    }
    return s.cast(values.get(s));
  }

  /** A copy with one setting changed to an already typed value (validated again). */
  public <T> TrialConfig with(Setting<T> s, T value) {
    check(value != null, "setting '%s' has no value", s.key());
    Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
    if (s == Setting.LAMBDA) {
      Double d = Setting.LAMBDA.convert(value);
      v.put(Setting.LAMBDA_SCHEDULE, lambdaSchedule().withInitial(d));
    } else {
      v.put(s, s.convert(value));
    }
    return new TrialConfig(v);
  }

  /** A copy with one setting changed from a raw value (YAML or text), converted by the setting. */
  public TrialConfig with(String key, Object raw) {
    return withRaw(Setting.of(key), raw);
  }

  private <T> TrialConfig withRaw(Setting<T> s, Object raw) {
    return with(s, s.convert(raw));
  }

  /** A copy with several settings changed, applied in the map's order. */
  public TrialConfig with(Map<String, ?> overrides) {
    TrialConfig c = this;
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      c = c.with(e.getKey(), e.getValue());
    }
    return c;
  }

  /**
   * What this mode actually trains: lambda, A and swaps switched off as the mode says. Its values
   * are what a result row's setting columns hold.
   */
  public TrialConfig effective() {
    TrialConfig e = this;
    if (!mode().usesLambda()) {
      e = e.with(Setting.LAMBDA_SCHEDULE, LambdaSchedule.constant(0));
    }
    if (!mode().usesLocality()) {
      e = e.with(Setting.LAYOUT_WIDTH, 0.0);
    }
    if (!mode().usesSwaps()) {
      e = e.with(Setting.SWAP_INTERVAL, 0).with(Setting.TOP_K, 0);
    }
    return e;
  }

  /** Every setting by key as plain data, in the order of {@link Setting#all()}; lambda included. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Setting<?> s : Setting.all()) {
      m.put(s.key(), plain(s));
    }
    return m;
  }

  /** One setting's value as plain data. */
  public <T> Object plain(Setting<T> s) {
    return s.plain(get(s));
  }

  /**
   * The canonical text of this configuration: keys sorted, numbers in one spelling. Equal
   * configurations have equal text, so it can be hashed into a trial id.
   */
  public String canonicalJson() {
    Map<String, Object> m = new TreeMap<>(toMap());
    for (Setting<?> s : Setting.all()) {
      if (s.addedWithDefault() != null && s.addedWithDefault().equals(get(s))) {
        m.remove(s.key());
      }
    }
    return Json.canonical(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialConfig c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return canonicalJson();
  }

  // Named accessors, for code that reads a configuration.
  public String task() { return get(Setting.TASK); }
  public Map<String, Object> taskOptions() { return get(Setting.TASK_OPTIONS); }
  public List<Integer> widths() { return get(Setting.WIDTHS); }
  public Activation activation() { return get(Setting.ACTIVATION); }
  public int embeddingDim() { return get(Setting.EMBEDDING_DIM); }
  public Loss loss() { return get(Setting.LOSS); }
  public int steps() { return get(Setting.STEPS); }
  public double learningRate() { return get(Setting.LEARNING_RATE); }
  public int batchSize() { return get(Setting.BATCH_SIZE); }
  public double lambda() { return get(Setting.LAMBDA); }
  public LambdaSchedule lambdaSchedule() { return get(Setting.LAMBDA_SCHEDULE); }
  public double layoutWidth() { return get(Setting.LAYOUT_WIDTH); }
  public double layerDistance() { return get(Setting.LAYER_DISTANCE); }
  public DistanceNorm norm() { return get(Setting.NORM); }
  public Reduction reduction() { return get(Setting.REDUCTION); }
  public double biasPenaltyFrom() { return get(Setting.BIAS_PENALTY_FROM); }
  public boolean distanceInLastLayer() { return get(Setting.DISTANCE_IN_LAST_LAYER); }
  public int swapInterval() { return get(Setting.SWAP_INTERVAL); }
  public int topK() { return get(Setting.TOP_K); }
  public boolean permuteOptimizerState() { return get(Setting.PERMUTE_OPTIMIZER_STATE); }
  public double weightDecay() { return get(Setting.WEIGHT_DECAY); }
  public Mode mode() { return get(Setting.MODE); }
  public long seed() { return get(Setting.SEED); }
  public long dataSeed() { return get(Setting.DATA_SEED); }
  public String engine() { return get(Setting.ENGINE); }
  public Regularizer regularizer() { return get(Setting.REGULARIZER); }
  public int communicabilityInterval() { return get(Setting.COMMUNICABILITY_INTERVAL); }
}
