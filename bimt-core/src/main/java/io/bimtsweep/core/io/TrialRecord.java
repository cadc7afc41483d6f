package io.bimtsweep.core.io;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.io.Column.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial's row: configuration, provenance and metrics, under the same snake_case names in
 * result.json and in the sweep's Parquet dataset (schema version {@value #SCHEMA_VERSION}).
 */
public final class TrialRecord {
  /**
   * 2: the setting columns hold the values the trial trained with (its mode's effective values), every
   * setting has a column, and provenance names the engine. 1: setting columns held the configured
   * values (readers convert them, see the README).
   */
  public static final int SCHEMA_VERSION = 2;

  public static final List<Column> SCHEMA = schema();

  private static List<Column> schema() {
    List<Column> s = new ArrayList<>();
    s.add(c("schema_version", Type.INT, false, "version of this schema"));
    s.add(c("sweep_id", Type.STRING, true, "the sweep's name (null for a single run)"));
    s.add(c("trial_id", Type.STRING, false, "hash of the canonical configuration (as configured) and code_version"));
    s.add(c("replicate", Type.INT, true, "replicate number within the sweep (the seed derives from it)"));
    for (Setting<?> setting : Setting.all()) {
      s.add(settingColumn(setting));
    }
    s.addAll(List.of(
      c("steps_done", Type.INT, true, "steps taken (fewer if diverged)"),
      c("status", Type.STRING, false, "ok, diverged, failed or timeout; stopped for a trial that successive halving "
          + "ended early (its metrics are those at its last rung)"),
      c("error", Type.STRING, true, "what went wrong, for status other than ok"),
      c("diverged_at_step", Type.INT, true, "step whose loss was not finite"),
      c("train_loss", Type.DOUBLE, true, "final prediction loss on the training split"),
      c("test_loss", Type.DOUBLE, true, "final prediction loss on the test split"),
      c("test_accuracy", Type.DOUBLE, true, "test accuracy (null for regression)"),
      c("train_accuracy", Type.DOUBLE, true, "training accuracy (null for regression)"),
      c("modularity_q", Type.DOUBLE, true, "Newman Q of the best Leiden partition of the |w| graph"),
      c("modularity_q_null_mean", Type.DOUBLE, true, "mean Q of layer-wise shuffled copies"),
      c("modularity_q_null_std", Type.DOUBLE, true, "standard deviation of the shuffled Q"),
      c("modularity_z", Type.DOUBLE, true, "(Q - null mean) / null std; not a ranking of modularity: negative for "
          + "clearly modular sparse networks (README, Metrics)"),
      c("modularity_z_active", Type.DOUBLE, true, "z of Q against copies whose weights are shuffled only among the active "
          + "neurons (pruned at 1e-2 max|w|); closer to a ranking than modularity_z, but not one (README, Metrics)"),
      c("communities", Type.INT, true, "communities in the best partition"),
      c("community_sizes", Type.INT_ARRAY, true, "their sizes, largest first"),
      c("weight_fraction_1e2", Type.DOUBLE, true, "share of weights with |w| > 1e-2 max|w|"),
      c("weight_fraction_1e1", Type.DOUBLE, true, "share of weights with |w| > 1e-1 max|w|"),
      c("active_neurons", Type.INT, true, "neurons with a connection after pruning at 1e-2 max|w|"),
      c("active_neurons_per_layer", Type.INT_ARRAY, true, "the same, per layer"),
      c("components", Type.INT, true, "pruned components linking inputs to outputs"),
      c("modules", Type.MODULES, true, "each component's reach: {inputs, outputs}, 1-based original indices"),
      c("dependency_precision", Type.DOUBLE, true, "share of the input-output pairs the pruned network (1e-2 max|w|) "
          + "connects that the task's ground truth has (null: no ground truth, or nothing connected)"),
      c("dependency_recall", Type.DOUBLE, true, "share of the ground truth's input-output pairs the pruned network connects"),
      c("structure_exact", Type.BOOL, true, "whether the modules equal the true factorisation of the task"),
      c("prune_threshold_exact", Type.DOUBLE_ARRAY, true, "[from, to): the pruning thresholds (relative to max|w|) at "
          + "which the network's input-output reachability equals the ground truth; null if none does"),
      new Column("hidden_modules", Type.STRUCTS, true, "components of the pruned network without its output layer that "
          + "feed an output, largest first", List.of(
          c("inputs", Type.INT_ARRAY, false, "original inputs it touches, 1-based"),
          c("outputs", Type.INT_ARRAY, false, "original outputs it feeds, 1-based"),
          c("size", Type.INT, false, "hidden neurons in it"))),
      new Column("knockouts", Type.STRUCTS, true, "test loss and accuracy with each hidden module kept alone and removed "
          + "(outgoing weights zeroed); module 0 is all hidden modules together", List.of(
          c("module", Type.INT, false, "1-based index into hidden_modules; 0: all of them"),
          c("size", Type.INT, false, "hidden neurons"),
          c("kept_loss", Type.DOUBLE, true, "test loss with only this module"),
          c("kept_accuracy", Type.DOUBLE, true, "test accuracy with only this module"),
          c("removed_loss", Type.DOUBLE, true, "test loss without it"),
          c("removed_accuracy", Type.DOUBLE, true, "test accuracy without it"))),
      new Column("probes", Type.STRUCTS, true, "for each quantity the task names, the hidden neuron that correlates best "
          + "with it on the test set", List.of(
          c("name", Type.STRING, false, "the quantity"),
          c("layer", Type.INT, false, "hidden layer, 1-based"),
          c("neuron", Type.INT, false, "position in that layer, 0-based"),
          c("correlation", Type.DOUBLE, true, "Pearson correlation (sign kept)"))),
      c("centre_mass", Type.DOUBLE, true, "image tasks (layout grids): share of the first layer's |w| on the central "
          + "pixels, the middle half of rows and columns (0.25 when spread evenly; BIMT raises it)"),
      c("rung", Type.INT, true, "successive halving: the rung the trial ended at (0 first), null without halving"),
      c("budget_steps", Type.INT, true, "successive halving: the steps it was given at that rung"),
      c("last_position_mse", Type.DOUBLE, true, "sequence tasks: test MSE at the last target position (the in-context "
          + "figure: the prediction from all earlier examples)"),
      c("probe_w_r2", Type.DOUBLE, true, "in_context_regression: R^2 of the best linear probe of w from the residual "
          + "stream at the last position"),
      c("probe_w_neurons", Type.INT, true, "in_context_regression: residual neurons a greedy probe needs to come within "
          + "0.01 of that R^2"),
      c("probe_w_r2_greedy", Type.DOUBLE_ARRAY, true, "in_context_regression: the greedy probe's R^2 after 1, 2, ... "
          + "neurons (at least 8): how few neurons carry w"),
      c("connection_cost", Type.DOUBLE, true, "l_w + l_b + l_emb with the trial's geometry and reduction"),
      c("connection_cost_ref", Type.DOUBLE, true, "l_w with A = 1, y* = 0, L1, summed: comparable across A"),
      c("ncut", Type.DOUBLE, true, "Filan et al.'s n-cut of a 4-way spectral partition of the |w| graph (lower: more clusterable)"),
      c("ncut_null_mean", Type.DOUBLE, true, "mean n-cut of layer-wise shuffled copies"),
      c("ncut_z", Type.DOUBLE, true, "(ncut - null mean) / null std: negative means more clusterable than chance"),
      c("swaps", Type.INT, true, "neuron swaps that moved something"),
      c("input_permutation", Type.INT_ARRAY, true, "input position j holds original input (or embedding dimension) [j], 0-based"),
      c("output_permutation", Type.INT_ARRAY, true, "output unit o answers original target (or class) [o], 0-based"),
      c("wall_seconds", Type.DOUBLE, true, "training time"),
      c("swap_seconds", Type.DOUBLE, true, "of which choosing and making swaps"),
      c("metrics_seconds", Type.DOUBLE, true, "time to compute the metrics"),
      c("history_steps", Type.INT_ARRAY, true, "steps of the recorded loss curve"),
      c("history_train_loss", Type.DOUBLE_ARRAY, true, "training loss at those steps"),
      c("history_cost", Type.DOUBLE_ARRAY, true, "connection cost at those steps"),
      c("config_json", Type.STRING, false, "the configuration as the sweep file or command line gave it, canonical JSON"),
      c("network_json", Type.STRING, true, "the trained network, format bimt-network/1"),
      c("code_version", Type.STRING, false, "bimt-sweep version"),
      c("git_commit", Type.STRING, false, "commit the code was built from"),
      c("java_version", Type.STRING, false, "Java that ran the trial"),
      c("blas", Type.STRING, false, "BLAS the engine used for wide layers (none: none was used, as in float64 with the "
          + "Vector API, or the engine names none)"),
      c("engine_details", Type.STRING, false, "the engine's other facts, key=value (engine dl4j: DL4J and ND4J versions, "
          + "back end, threads, dtype; engine java: kernels=vector512, vector256 or scalar, the dense kernels that ran)"),
      c("host", Type.STRING, false, "machine that ran the trial"),
      c("started_at", Type.TIMESTAMP, false, "when the trial started (UTC)"),
      c("finished_at", Type.TIMESTAMP, false, "when it finished (UTC)")));
    return List.copyOf(s);
  }

  /** A setting's column: its name, its stored type, its doc; the value is the effective one. */
  private static Column settingColumn(Setting<?> s) {
    Type t = switch (s.kind()) {
      case STRING, MAP -> Type.STRING;
      case INT -> Type.INT;
      case LONG -> Type.LONG;
      case DOUBLE -> Type.DOUBLE;
      case BOOL -> Type.BOOL;
      case INT_LIST -> Type.INT_ARRAY;
    };
    String doc = s.kind() == Setting.Kind.MAP ? s.doc() + " (JSON)" : s.doc();
    return c(s.key(), t, false, doc);
  }

  private static final Map<String, Column> BY_NAME = new LinkedHashMap<>();

  static {
    for (Column c : SCHEMA) {
      BY_NAME.put(c.name(), c);
    }
  }

  private final Map<String, Object> values;

  public TrialRecord(Map<String, Object> values) {
    for (String k : values.keySet()) {
      check(BY_NAME.containsKey(k), "no column '%s' in schema version %d", k, SCHEMA_VERSION);
    }
    Map<String, Object> v = new LinkedHashMap<>();
    for (Column c : SCHEMA) {
      Object x = values.get(c.name());
      if (x instanceof Double d && !Double.isFinite(d)) {
        x = null; // NaN and infinities are "no value" in every consumer (Parquet, SQL, JSON)
      }
      check(x != null || c.nullable(), "column '%s' may not be null", c.name());
      v.put(c.name(), x);
    }
    this.values = Collections.unmodifiableMap(v);
  }

  private static Column c(String name, Type t, boolean nullable, String doc) {
    return new Column(name, t, nullable, doc);
  }

  /** Values in schema order; absent values are null. */
  public Map<String, Object> values() {
    return values;
  }

  public Object get(String column) {
    check(BY_NAME.containsKey(column), "no column '%s'", column);
    return values.get(column);
  }

  /** The same row with some values replaced (e.g. the status of a trial that halving stops). */
  public TrialRecord with(Map<String, Object> changes) {
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.putAll(changes);
    return new TrialRecord(v);
  }

  public String trialId() { return (String) values.get("trial_id"); }
  public String status() { return (String) values.get("status"); }
}
