package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.cost.Regularizer;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines one trial: a value for every stored {@link Setting}. Immutable; built
 * from a task's preset ({@link Presets}) plus overrides, always through a setting's converter, so
 * each value is converted and validated in one place. Read with {@link #get(Setting)} or the named
 * accessors.
 */
public final class TrialConfig {
  /**
   * Values by {@link Setting#index()}; lambda's slot is empty (it is the schedule's initial value).
   * An array, not a map: a sweep builds a configuration per trial, a million of them for a large
   * grid, and each change copies the values once.
   */
  private final Object[] values;

  private TrialConfig(Object[] values) {
    this.values = values;
  }

  /** From converted values by setting: every stored setting present, or added later with a default. */
  private static TrialConfig complete(Map<Setting<?>, Object> given) {
    List<Setting<?>> all = Setting.all();
    Object[] v = new Object[all.size()];
    for (Setting<?> s : all) {
      if (s.stored()) {
        Object x = given.get(s);
        if (x == null) {
          x = s.addedWithDefault();
        }
        check(x != null, "missing setting '%s'", s.key());
        v[s.index()] = s.cast(x);
      }
    }
    return new TrialConfig(v);
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
    TrialConfig c = complete(v);
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
    return s.cast(values[s.index()]);
  }

  /** A copy with one setting changed to an already typed value (validated again). */
  public <T> TrialConfig with(Setting<T> s, T value) {
    Object[] v = values.clone();
    put(v, s, value);
    return new TrialConfig(v);
  }

  private static <T> void put(Object[] v, Setting<T> s, Object value) {
    check(value != null, "setting '%s' has no value", s.key());
    if (s == Setting.LAMBDA) {
      Double d = Setting.LAMBDA.convert(value);
      v[Setting.LAMBDA_SCHEDULE.index()] = ((LambdaSchedule) v[Setting.LAMBDA_SCHEDULE.index()]).withInitial(d);
    } else {
      v[s.index()] = s.convert(value);
    }
  }

  /** A copy with one setting changed from a raw value (YAML or text), converted by the setting. */
  public TrialConfig with(String key, Object raw) {
    return with(Map.of(key, raw));
  }

  /** A copy with several settings changed from raw values, applied in the map's order (lambda after its schedule). */
  public TrialConfig with(Map<String, ?> overrides) {
    Object[] v = values.clone();
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      put(v, Setting.of(e.getKey()), e.getValue());
    }
    return new TrialConfig(v);
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
    String[] parts = canonicalJsonAround(null);
    return parts[0];
  }

  /**
   * The canonical text split around one setting's value, {before, after}: the text is
   * before + value + after. A sweep builds the text once per trial and fills in two seeds (the
   * seed-free identity a seed derives from, and the trial's own for its id).
   *
   * @param split the setting to leave out (an original setting, always in the text), or null for the whole text in [0]
   */
  public String[] canonicalJsonAround(Setting<?> split) {
    StringBuilder b = new StringBuilder(512).append('{');
    String before = null;
    boolean first = true;
    for (Setting<?> s : SORTED) {
      Object v = get(s);
      if (s.addedWithDefault() != null && s.addedWithDefault().equals(v)) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append('"').append(s.key()).append("\":");
      if (s == split) {
        before = b.toString();
        b.setLength(0);
      } else {
        b.append(fragment(s, v));
      }
    }
    b.append('}');
    if (split == null) {
      return new String[] {b.toString()};
    }
    check(before != null, "setting '%s' is not in the canonical text", split.key());
    return new String[] {before, b.toString()};
  }

  /** Settings in the order of their keys: the canonical text's order, as {@link Json#MAPPER} sorts a map. */
  private static final List<Setting<?>> SORTED = Setting.all().stream()
      .sorted(java.util.Comparator.comparing(Setting::key)).toList();
  /** JSON text of values already written, by setting: a sweep repeats its few values over many trials. */
  private static final java.util.concurrent.ConcurrentHashMap<List<Object>, String> FRAGMENTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Per thread, the last value written for each setting and its text: consecutive trials share most values. */
  private static final ThreadLocal<Object[][]> LAST = ThreadLocal.withInitial(
      () -> new Object[][] {new Object[Setting.all().size()], new Object[Setting.all().size()]});

  private static <T> String fragment(Setting<T> s, Object value) {
    if (value instanceof Long || value instanceof Integer) {
      Object p = s.plain(s.cast(value));
      if (p instanceof Long || p instanceof Integer) {
        return p.toString(); // as Jackson writes an integer; seeds are too many to keep
      }
    }
    Object[][] last = LAST.get();
    Object seen = last[0][s.index()];
    if (seen != null && (seen == value || seen.equals(value))) {
      return (String) last[1][s.index()];
    }
    List<Object> key = List.of(s, value);
    String f = FRAGMENTS.get(key);
    if (f == null) {
      f = Json.canonical(s.plain(s.cast(value)));
      if (FRAGMENTS.size() > 10_000) {
        FRAGMENTS.clear();
      }
      FRAGMENTS.put(key, f);
    }
    last[0][s.index()] = value;
    last[1][s.index()] = f;
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialConfig c && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
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
  public io.bimtsweep.core.geometry.Layout layout() { return get(Setting.LAYOUT); }
  public boolean swapInputs() { return get(Setting.SWAP_INPUTS); }
  public io.bimtsweep.core.train.Dtype dtype() { return get(Setting.DTYPE); }
}
