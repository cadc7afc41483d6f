package io.bimtsweep.core.io;

import io.bimtsweep.core.config.Provenance;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialRunner;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.metrics.NetworkMetrics;
import io.bimtsweep.core.train.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one trial to a {@link TrialRecord}. Never throws for the trial's own problems: a bad
 * configuration, an exception in training or metrics, a diverged loss or a timeout become a row
 * with that status and the error, so a sweep goes on.
 */
public final class TrialExecutor {

  /** sha256 of the canonical configuration and the code version, first 16 hex digits. */
  public static String trialId(TrialConfig config) {
    return hash(config.canonicalJson() + "\n" + Provenance.codeVersion());
  }

  public static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the trial in this thread. */
  public TrialRecord execute(TrialConfig config, String sweepId) {
    return execute(config, sweepId, null);
  }

  /** Runs one trial of a sweep, with its replicate number recorded. */
  public TrialRecord execute(io.bimtsweep.core.sweep.SweepTrial trial, Duration timeout) {
    TrialRecord r = execute(trial.config(), trial.sweepId(), timeout);
    Map<String, Object> v = new LinkedHashMap<>(r.values());
    v.put("replicate", trial.replicate());
    return new TrialRecord(v);
  }

  /**
   * Runs the trial, interrupting it after {@code timeout} (null: no limit). If this thread is
   * interrupted, throws CancellationException and produces no row.
   */
  public TrialRecord execute(TrialConfig config, String sweepId, Duration timeout) {
    Instant started = Instant.now();
    if (timeout == null) {
      return run(config, sweepId, started);
    }
    ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bimt-trial");
      t.setDaemon(true);
      return t;
    });
    Future<TrialRecord> f = ex.submit(() -> run(config, sweepId, started));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return failure(config, sweepId, started, "timeout", "trial exceeded the time limit of " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      // cancelled from outside (a stopped sweep): no result, so a rerun runs the trial again
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("trial " + trialId(config) + " interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CancellationException c) {
        throw c;
      }
      return failure(config, sweepId, started, "failed", describe(e.getCause()));
    } finally {
      ex.shutdownNow();
    }
  }

  private TrialRecord run(TrialConfig config, String sweepId, Instant started) {
    try {
      TrialRunner.Outcome o = new TrialRunner().run(config);
      TrainingResult r = o.result();
      Map<String, Object> v = base(config, sweepId, started);
      v.put("steps_done", r.stepsDone());
      v.put("swaps", r.swaps());
      v.put("wall_seconds", r.wallSeconds());
      v.put("swap_seconds", r.swapSeconds());
      v.put("history_steps", r.historySteps());
      v.put("history_train_loss", r.historyTrainLoss());
      v.put("history_cost", r.historyCost());
      v.put("input_permutation", r.network().inputPermutation().clone());
      v.put("output_permutation", r.network().outputPermutation().clone());
      if (r.status() == TrainingResult.Status.DIVERGED) {
        v.put("status", "diverged");
        v.put("diverged_at_step", r.divergedAtStep());
        v.put("error", "loss became non-finite (NaN or infinite) at step " + r.divergedAtStep());
      } else {
        v.put("status", "ok");
        v.put("train_loss", r.trainLoss());
        v.put("test_loss", r.testLoss());
        v.put("test_accuracy", r.testAccuracy());
        v.put("train_accuracy", r.trainAccuracy());
        NetworkMetrics m = MetricsCalculator.defaults(config.seed())
            .compute(r.network(), o.problem().geometry(), o.effective().reduction());
        putMetrics(v, m);
        v.put("network_json", NetworkJson.write(r.network(), o.problem().geometry(), o.data().inputNames(),
            o.data().outputNames()));
      }
      v.put("finished_at", Timestamp.from(Instant.now()));
      return new TrialRecord(v);
    } catch (CancellationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("interrupted");
      }
      return failure(config, sweepId, started, "failed", describe(e));
    }
  }

  static void putMetrics(Map<String, Object> v, NetworkMetrics m) {
    v.put("modularity_q", m.modularityQ());
    v.put("modularity_q_null_mean", m.modularityQNullMean());
    v.put("modularity_q_null_std", m.modularityQNullStd());
    v.put("modularity_z", m.modularityZ());
    v.put("communities", m.communities());
    v.put("community_sizes", m.communitySizes().stream().mapToInt(Integer::intValue).toArray());
    v.put("weight_fraction_1e2", m.weightFraction1e2());
    v.put("weight_fraction_1e1", m.weightFraction1e1());
    v.put("active_neurons", m.activeNeurons());
    v.put("active_neurons_per_layer", m.activeNeuronsPerLayer().stream().mapToInt(Integer::intValue).toArray());
    v.put("components", m.components());
    List<Map<String, Object>> mods = new ArrayList<>();
    m.modules().forEach(x -> mods.add(Map.of("inputs", x.inputs(), "outputs", x.outputs())));
    v.put("modules", mods);
    v.put("connection_cost", m.connectionCost());
    v.put("connection_cost_ref", m.connectionCostRef());
    v.put("ncut", m.spectral().ncut());
    v.put("ncut_null_mean", m.spectral().nullMean());
    v.put("ncut_z", m.spectral().z());
    v.put("metrics_seconds", m.seconds());
  }

  private static Map<String, Object> base(TrialConfig c, String sweepId, Instant started) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schema_version", TrialRecord.SCHEMA_VERSION);
    v.put("sweep_id", sweepId);
    v.put("trial_id", trialId(c));
    v.put("task", c.task());
    v.put("seed", c.seed());
    v.put("data_seed", c.dataSeed());
    v.put("lambda", c.lambda());
    v.put("lambda_schedule", c.lambdaSchedule().toString());
    v.put("layout_width", c.layoutWidth());
    v.put("layer_distance", c.layerDistance());
    v.put("norm", c.norm().name());
    v.put("reduction", c.reduction().name().toLowerCase(java.util.Locale.ROOT));
    v.put("swap_interval", c.swapInterval());
    v.put("top_k", c.topK());
    v.put("mode", c.mode().label());
    v.put("widths", c.widths().stream().mapToInt(Integer::intValue).toArray());
    v.put("learning_rate", c.learningRate());
    v.put("steps", c.steps());
    v.put("engine", c.engine());
    v.put("config_json", c.canonicalJson());
    v.put("code_version", Provenance.codeVersion());
    v.put("git_commit", Provenance.gitCommit());
    v.put("java_version", Provenance.javaVersion());
    v.put("blas", io.bimtsweep.core.train.Engines.blasImplementation());
    v.put("host", host());
    v.put("started_at", Timestamp.from(started));
    return v;
  }

  private static TrialRecord failure(TrialConfig c, String sweepId, Instant started, String status, String error) {
    Map<String, Object> v = base(c, sweepId, started);
    v.put("status", status);
    v.put("error", error);
    v.put("finished_at", Timestamp.from(Instant.now()));
    return new TrialRecord(v);
  }

  private static String describe(Throwable e) {
    if (e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
