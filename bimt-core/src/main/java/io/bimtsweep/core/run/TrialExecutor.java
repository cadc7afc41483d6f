package io.bimtsweep.core.run;

import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.engine.Engines;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.transformer.ResidualProbe;
import io.bimtsweep.core.transformer.TransformerNet;
import io.bimtsweep.core.transformer.TransformerPass;
import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.io.TrialProvenance;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.io.TrialRecords;
import io.bimtsweep.core.metrics.Interpretability;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.metrics.NetworkMetrics;
import io.bimtsweep.core.task.Task;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.TrainingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one trial end to end into its row: {@link TrialSetup} trains it, the metrics are computed
 * and {@link TrialRecords} builds the row. Never throws for the trial's own problems: a bad
 * configuration, an exception in training or metrics, a diverged loss or a timeout become a row
 * with that status and the error, so a sweep goes on.
 */
public final class TrialExecutor {

  /** Runs a single trial (no sweep) in this thread. */
  public TrialRecord execute(TrialConfig config, String sweepId) {
    return execute(config, sweepId, null, null);
  }

  /**
   * Runs the trial, interrupting it after {@code timeout} (null: no limit). If this thread is
   * interrupted, throws CancellationException and produces no row.
   *
   * @param replicate the replicate number within a sweep, or null
   */
  public TrialRecord execute(TrialConfig config, String sweepId, Integer replicate, Duration timeout) {
    return execute(config, sweepId, replicate, timeout, null).row();
  }

  /** A rung of successive halving: the trial's row at that point, and the checkpoint to go on from (null if it ended). */
  public record Rung(TrialRecord row, io.bimtsweep.core.train.TrainingCheckpoint checkpoint) {}

  /**
   * Runs the trial up to {@code budget} steps from {@code from} (null: the start) and builds its
   * row there, marked with the rung; otherwise as {@link #execute(TrialConfig, String, Integer, Duration)}.
   */
  public Rung executeRung(TrialConfig config, String sweepId, Integer replicate, Duration timeout,
      io.bimtsweep.core.train.TrainingCheckpoint from, int budget, int rung) {
    return execute(config, sweepId, replicate, timeout, new RungSpec(from, budget, rung));
  }

  private record RungSpec(io.bimtsweep.core.train.TrainingCheckpoint from, int budget, int rung) {}

  private Rung execute(TrialConfig config, String sweepId, Integer replicate, Duration timeout, RungSpec rung) {
    Instant started = Instant.now();
    if (timeout == null) {
      return run(config, sweepId, replicate, started, rung);
    }
    ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bimt-trial");
      t.setDaemon(true);
      return t;
    });
    Future<Rung> f = ex.submit(() -> run(config, sweepId, replicate, started, rung));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Rung(marked(records(config, sweepId, replicate, started), rung).failed("timeout",
          "trial exceeded the time limit of " + timeout.toSeconds() + " s"), null);
    } catch (InterruptedException e) {
      // cancelled from outside (a stopped sweep): no result, so a rerun runs the trial again
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("trial " + TrialIds.of(config) + " interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CancellationException c) {
        throw c;
      }
      return new Rung(marked(records(config, sweepId, replicate, started), rung).failed("failed",
          describe(e.getCause())), null);
    } finally {
      ex.shutdownNow();
    }
  }

  private static TrialRecords marked(TrialRecords row, RungSpec rung) {
    return rung == null ? row : row.rung(rung.rung(), rung.budget());
  }

  private Rung run(TrialConfig config, String sweepId, Integer replicate, Instant started, RungSpec rung) {
    try {
      TrialSetup.Outcome o = rung == null ? TrialSetup.train(config)
          : TrialSetup.train(config, rung.from(), rung.budget());
      TrialRecord row = row(config, sweepId, replicate, started, o, rung);
      return new Rung(row, o.checkpoint());
    } catch (CancellationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("interrupted");
      }
      return new Rung(marked(records(config, sweepId, replicate, started), rung).failed("failed", describe(e)), null);
    }
  }

  private TrialRecord row(TrialConfig config, String sweepId, Integer replicate, Instant started, TrialSetup.Outcome o,
      RungSpec rung) {
    TrainingResult r = o.result();
    TrialRecords row = marked(TrialRecords.start(config, sweepId, replicate, TrialProvenance.current(o.engine()),
        started), rung);
    if (r.status() == TrainingResult.Status.DIVERGED) {
      return row.trained(r, null, null);
    }
    if (o.transformer() != null) {
      return transformerRow(config, o, row);
    }
    NetworkMetrics m = MetricsCalculator.defaults(config.seed())
        .compute(r.network(), o.problem().geometry(), o.effective().reduction());
    Task task = Tasks.get(config.task());
    Interpretability in = Interpretability.compute(r.network(), o.problem().loss(), o.problem().test(),
        task.dependencies(config.taskOptions()), m.modules(), task.probes(config.taskOptions(), o.data()),
        MetricsCalculator.PRUNE);
    row.centreMass(io.bimtsweep.core.metrics.ReceptiveField.centreShare(r.network(),
        o.problem().geometry().layers().get(0)));
    return row.trained(r, m, in, NetworkJson.write(r.network(), o.problem().geometry(), o.data().inputNames(),
        o.data().outputNames()));
  }

  /**
   * A transformer's row: graph metrics of its layered view ({@link TransformerView}) with the
   * model's own connection cost, the last position's test MSE and the probe of w.
   */
  private static TrialRecord transformerRow(TrialConfig config, TrialSetup.Outcome o, TrialRecords row) {
    TrainingResult r = o.result();
    var sp = o.sequenceProblem();
    int[] widths = sp.shape().widths().stream().mapToInt(Integer::intValue).toArray();
    Geometry view = Geometry.lines(widths, 1, sp.layoutWidth(), sp.layerDistance(), sp.norm());
    NetworkMetrics m = MetricsCalculator.defaults(config.seed()).compute(r.network(), view, o.effective().reduction());
    m = new NetworkMetrics(m.modularityQ(), m.modularityQNullMean(), m.modularityQNullStd(), m.modularityZ(),
        m.communities(), m.communitySizes(), m.weightFraction1e2(), m.weightFraction1e1(), m.activeNeurons(),
        m.activeNeuronsPerLayer(), m.components(), m.modules(), r.connectionCost(), m.connectionCostRef(), m.spectral(),
        m.modularityZActive(), m.seconds());
    Task task = Tasks.get(config.task());
    double[] w = task.probes(config.taskOptions(), o.data()).get("w");
    ResidualProbe probe = null;
    if (w != null) {
      TransformerNet net = o.transformer().net();
      TransformerPass pass = TransformerPass.of(sp, o.effective().activation());
      probe = ResidualProbe.fit(pass.residualAt(net, sp.test(), sp.length() - 1), w);
    }
    row.sequenceFigures(o.transformer().test().last(), probe);
    return row.trained(r, m, null, NetworkJson.write(r.network(), view, o.data().inputNames(), o.data().outputNames(),
        io.bimtsweep.core.transformer.TransformerView.rowNames(sp.shape())));
  }

  private static TrialRecords records(TrialConfig config, String sweepId, Integer replicate, Instant started) {
    Engine engine;
    try {
      engine = TrialSetup.engine(config.effective());
    } catch (IllegalArgumentException e) { // the failure being recorded may be this one: the row names the plain engine
      engine = Engines.get(config.engine());
    }
    return TrialRecords.start(config, sweepId, replicate, TrialProvenance.current(engine), started);
  }

  private static String describe(Throwable e) {
    if (e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
