package io.bimtsweep.core.io;

import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.metrics.Interpretability;
import io.bimtsweep.core.metrics.NetworkMetrics;
import io.bimtsweep.core.train.TrainingResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a trial's row. The setting columns hold the <em>effective</em> configuration (what the
 * trial trained with: a {@code none} trial has lambda 0); {@code config_json} and {@code trial_id}
 * keep the configuration as given.
 */
public final class TrialRecords {
  private final Map<String, Object> values = new LinkedHashMap<>();

  private TrialRecords(TrialConfig config, String sweepId, Integer replicate, TrialProvenance p, Instant started) {
    TrialConfig effective = config.effective();
    values.put("schema_version", TrialRecord.SCHEMA_VERSION);
    values.put("sweep_id", sweepId);
    values.put("trial_id", TrialIds.of(config));
    values.put("replicate", replicate);
    for (Setting<?> s : Setting.all()) {
      values.put(s.key(), column(s, effective));
    }
    values.put("config_json", config.canonicalJson());
    values.put("code_version", p.codeVersion());
    values.put("git_commit", p.gitCommit());
    values.put("java_version", p.javaVersion());
    values.put("engine", p.engine());
    values.put("blas", p.blas());
    values.put("engine_details", p.engineDetails());
    values.put("host", p.host());
    values.put("started_at", Timestamp.from(started));
  }

  /** The common part of a trial's row: ids, effective settings, provenance, start time. */
  public static TrialRecords start(TrialConfig config, String sweepId, Integer replicate, TrialProvenance p,
      Instant started) {
    return new TrialRecords(config, sweepId, replicate, p, started);
  }

  /** A row for a trial that did not train: status failed or timeout, and why. */
  public TrialRecord failed(String status, String error) {
    values.put("status", status);
    values.put("error", error);
    return finish();
  }

  /**
   * A row for a trial that trained: ok with its metrics, or diverged with the step (metrics and
   * network are then null).
   */
  public TrialRecord trained(TrainingResult r, NetworkMetrics m, String networkJson) {
    return trained(r, m, null, networkJson);
  }

  /** As {@link #trained(TrainingResult, NetworkMetrics, String)}, with structure recovery, hidden modules, knockouts and probes. */
  public TrialRecord trained(TrainingResult r, NetworkMetrics m, Interpretability in, String networkJson) {
    values.put("steps_done", r.stepsDone());
    values.put("swaps", r.swaps());
    values.put("wall_seconds", r.wallSeconds());
    values.put("swap_seconds", r.swapSeconds());
    values.put("history_steps", r.historySteps());
    values.put("history_train_loss", r.historyTrainLoss());
    values.put("history_cost", r.historyCost());
    values.put("input_permutation", r.network().inputPermutation().clone());
    values.put("output_permutation", r.network().outputPermutation().clone());
    if (r.status() == TrainingResult.Status.DIVERGED) {
      values.put("status", "diverged");
      values.put("diverged_at_step", r.divergedAtStep());
      values.put("error", "loss became non-finite (NaN or infinite) at step " + r.divergedAtStep());
      return finish();
    }
    values.put("status", "ok");
    values.put("train_loss", r.trainLoss());
    values.put("test_loss", r.testLoss());
    values.put("test_accuracy", r.testAccuracy());
    values.put("train_accuracy", r.trainAccuracy());
    putMetrics(m);
    if (in != null) {
      putInterpretability(in);
    }
    values.put("network_json", networkJson);
    return finish();
  }

  /** Successive halving: the rung this row is from and its budget. */
  public TrialRecords rung(int rung, int budgetSteps) {
    values.put("rung", rung);
    values.put("budget_steps", budgetSteps);
    return this;
  }

  /** The first layer's central share ({@link io.bimtsweep.core.metrics.ReceptiveField}); NaN leaves it empty. */
  public TrialRecords centreMass(double share) {
    if (!Double.isNaN(share)) {
      values.put("centre_mass", share);
    }
    return this;
  }

  /**
   * A sequence task's figures: the last target position's test MSE, and for in-context regression
   * the probe of w from the residual stream (null when the task has no w to probe).
   */
  public TrialRecords sequenceFigures(double lastPositionMse, io.bimtsweep.core.transformer.ResidualProbe probe) {
    if (Double.isFinite(lastPositionMse)) {
      values.put("last_position_mse", lastPositionMse);
    }
    if (probe != null && Double.isFinite(probe.r2())) {
      values.put("probe_w_r2", probe.r2());
      values.put("probe_w_neurons", probe.neuronsNeeded());
      values.put("probe_w_r2_greedy", probe.curve());
    }
    return this;
  }

  private TrialRecord finish() {
    values.put("finished_at", Timestamp.from(Instant.now()));
    return new TrialRecord(values);
  }

  private void putMetrics(NetworkMetrics m) {
    values.put("modularity_q", m.modularityQ());
    values.put("modularity_q_null_mean", m.modularityQNullMean());
    values.put("modularity_q_null_std", m.modularityQNullStd());
    values.put("modularity_z", m.modularityZ());
    values.put("modularity_z_active", m.modularityZActive());
    values.put("communities", m.communities());
    values.put("community_sizes", ints(m.communitySizes()));
    values.put("weight_fraction_1e2", m.weightFraction1e2());
    values.put("weight_fraction_1e1", m.weightFraction1e1());
    values.put("active_neurons", m.activeNeurons());
    values.put("active_neurons_per_layer", ints(m.activeNeuronsPerLayer()));
    values.put("components", m.components());
    List<Map<String, Object>> mods = new ArrayList<>();
    m.modules().forEach(x -> mods.add(ordered("inputs", x.inputs(), "outputs", x.outputs())));
    values.put("modules", mods);
    values.put("connection_cost", m.connectionCost());
    values.put("connection_cost_ref", m.connectionCostRef());
    values.put("ncut", m.spectral().ncut());
    values.put("ncut_null_mean", m.spectral().nullMean());
    values.put("ncut_z", m.spectral().z());
    values.put("metrics_seconds", m.seconds());
  }

  private void putInterpretability(Interpretability in) {
    if (in.recovery() != null) {
      values.put("dependency_precision", in.recovery().precision());
      values.put("dependency_recall", in.recovery().recall());
      values.put("prune_threshold_exact", in.recovery().exactSomewhere()
          ? new double[] {in.recovery().exactFrom(), in.recovery().exactTo()} : null);
    }
    values.put("structure_exact", in.structureExact());
    List<Map<String, Object>> hidden = new ArrayList<>();
    for (Interpretability.HiddenModule h : in.hiddenModules()) {
      hidden.add(ordered("inputs", ints(h.inputs()), "outputs", ints(h.outputs()), "size", h.size()));
    }
    values.put("hidden_modules", hidden);
    List<Map<String, Object>> ko = new ArrayList<>();
    for (Interpretability.Knockout k : in.knockouts()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("module", k.module());
      x.put("size", k.size());
      x.put("kept_loss", finite(k.keptLoss()));
      x.put("kept_accuracy", finite(k.keptAccuracy()));
      x.put("removed_loss", finite(k.removedLoss()));
      x.put("removed_accuracy", finite(k.removedAccuracy()));
      ko.add(x);
    }
    values.put("knockouts", ko);
    List<Map<String, Object>> probes = new ArrayList<>();
    for (Interpretability.Probe p : in.probes()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", p.name());
      x.put("layer", p.layer());
      x.put("neuron", p.neuron());
      x.put("correlation", finite(p.correlation()));
      probes.add(x);
    }
    values.put("probes", probes);
  }

  /** NaN and infinities are "no value" inside structs too. */
  /**
   * Keys in the order given: a Map.of's order changes from one JVM to the next, and with it the
   * text of result.json for the same trial.
   */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < keysAndValues.length; k += 2) {
      m.put((String) keysAndValues[k], keysAndValues[k + 1]);
    }
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** A setting's column value: plain data, with lists as int[] and mappings as canonical JSON. */
  static Object column(Setting<?> s, TrialConfig c) {
    Object p = c.plain(s);
    return switch (s.kind()) {
      case INT_LIST -> p instanceof List<?> l ? ints(l) : p;
      case MAP -> io.bimtsweep.core.config.Json.canonical(p);
      default -> p;
    };
  }

  private static int[] ints(List<?> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) l.get(i)).intValue();
    }
    return a;
  }
}
