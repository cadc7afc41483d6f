package io.bimtsweep.cli;

import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import io.bimtsweep.spark.Sparks;
import io.bimtsweep.spark.SweepJob;
import io.bimtsweep.spark.TrialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt sweep}: the main job. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a sweep file's trials on Spark (local mode by default) and write one Parquet row per trial.",
        "Rerunning the same file runs only the trials not yet committed."},
    footer = {"%nExamples:", "  bimt sweep examples/quickstart.yaml",
        "  bimt sweep --dry-run examples/paper-modes.yaml",
        "  bimt sweep examples/search-sobol.yaml        (sampled axes: search: {strategy: sobol, samples: N})",
        "  bimt sweep examples/halving.yaml             (successive halving on two objectives)",
        "  bimt sweep examples/quickstart.yaml --master spark://127.0.0.1:7077 --out /shared/results"})
public final class SweepCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SPEC.yaml", description = "the sweep file")
  Path spec;

  @Option(names = "--out", paramLabel = "DIR", description = "dataset root (default: the file's output:, else results)")
  String out;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: the one spark-submit gives, else "
      + Sparks.DEFAULT_MASTER + ")")
  String master;

  @Option(names = "--dry-run", description = "print the number of trials and a sample, run nothing")
  boolean dryRun;

  @Option(names = "--resume", description = "skip committed trials (always on: a rerun never duplicates a trial)")
  boolean resume;

  @Option(names = "--max-failures", paramLabel = "N", description = "stop after more than N failed or timed-out trials "
      + "(default: the file's max_failures, else no limit)")
  Integer maxFailures;

  @Option(names = "--trial-timeout", paramLabel = "SECONDS", description = "stop a trial that runs longer "
      + "(default: the file's trial_timeout, else none)")
  Long trialTimeout;

  @Option(names = "--extend", description = "add to a sweep folder written from a different definition of this sweep "
      + "(default: refuse, so that edited files do not mix rows under one sweep_id)")
  boolean extend;

  @Option(names = "--max-trials", paramLabel = "N", description = "refuse a grid of more points (default: the file's "
      + "max_trials, else " + io.bimtsweep.core.sweep.SweepFile.DEFAULT_MAX_TRIALS + ")")
  Long maxTrials;

  @Option(names = "--pack", paramLabel = "N", description = "trials per Spark task, for very short trials (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int pack;

  @Option(names = "--claim-expiry", paramLabel = "SECONDS", description = "a trial being run holds a claim that other "
      + "runs of this sweep respect; a claim whose holder stopped renewing it this long ago is taken over (a run killed "
      + "on this machine releases its claims at once) (default: ${DEFAULT-VALUE})", defaultValue = "60")
  long claimExpirySeconds;

  @Option(names = "--progress", paramLabel = "SECONDS", description = "seconds between progress lines (default: ${DEFAULT-VALUE})",
      defaultValue = "5")
  int progressSeconds;

  /** A grid's values as written (0.001), a sampled one's in four digits (0.01462, not 0.014623382310512082). */
  static String shortNumber(double v) {
    String plain = Double.toString(v);
    return plain.length() <= 8 ? plain : String.format(Locale.ROOT, "%.4g", v);
  }

  @Override
  public Integer call() {
    SweepFile s = SweepFile.read(spec);
    if (pack < 1) {
      throw new IllegalArgumentException("--pack must be >= 1, got " + pack);
    }
    if (maxFailures != null && maxFailures < 0) {
      throw new IllegalArgumentException("--max-failures must be >= 0, got " + maxFailures);
    }
    if (trialTimeout != null && trialTimeout <= 0) {
      throw new IllegalArgumentException("--trial-timeout must be > 0 seconds, got " + trialTimeout);
    }
    if (claimExpirySeconds < 1) {
      throw new IllegalArgumentException("--claim-expiry must be >= 1 second, got " + claimExpirySeconds);
    }
    if (maxTrials != null && maxTrials < 1) {
      throw new IllegalArgumentException("--max-trials must be >= 1, got " + maxTrials);
    }
    SweepGrid.checkSize(s, maxTrials); // before anything else starts: a huge grid is refused at once
    String root = out != null ? out : s.output() != null ? s.output() : "results";
    if (!dryRun && TrialStore.normalise(root).startsWith("file:")) {
      // a results folder that cannot be written is found now, not after the first trial trained
      io.bimtsweep.core.io.ResultFiles.checkOutputDir(java.nio.file.Path.of(java.net.URI.create(TrialStore.normalise(root))),
          "the sweep's results");
    }
    // the one expansion of this sweep: the job runs this plan
    SweepPlan plan = SweepGrid.expand(s, maxTrials, Sparks.trialMemory(master));
    List<SweepTrial> trials = plan.trials();
    plan.warnings().forEach(w -> System.err.println("warning: " + w));

    if (dryRun) {
      System.out.print(s.describe());
      System.out.printf(Locale.ROOT, "%d trials, results would go to %s%n", trials.size(),
          new TrialStore(TrialStore.normalise(root), s.name()).sweepDir());
      int step = Math.max(1, trials.size() / 5);
      for (int i = 0; i < trials.size(); i += step) {
        var c = trials.get(i).config();
        System.out.printf(Locale.ROOT, "  %s %-16s lambda %-8s A %-4s %s swap %-5s top_k %-3d mode %-8s seed %d (replicate %d)%n",
            trials.get(i).trialId(), c.task(), shortNumber(c.lambda()), shortNumber(c.layoutWidth()), c.norm(), c.swapInterval() == 0 ? "never"
                : Integer.toString(c.swapInterval()), c.topK(), c.mode().label(), c.seed(), trials.get(i).replicate());
      }
      return 0;
    }
    Integer budget = maxFailures != null ? maxFailures : s.maxFailures();
    Long limit = trialTimeout != null ? trialTimeout : s.trialTimeoutSeconds();
    SparkSession spark = Sparks.session("bimt sweep " + s.name(), master);
    // Ctrl-C (SIGINT) ends the JVM with 130: say what is kept, and that a rerun resumes
    TrialStore store = new TrialStore(TrialStore.normalise(root), s.name());
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    Thread onInterrupt = new Thread(() -> System.err.printf(Locale.ROOT,
        "%ninterrupted: %d of %d trials of sweep %s are committed in %s; rerun the same command to run the rest%n",
        committedQuietly(store, conf), trials.size(), s.name(), store.sweepDir()), "bimt-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      var summary = SweepJob.run(spark, plan, new SweepJob.Options(root, budget, limit == null ? null : Duration.ofSeconds(limit),
          pack, progressSeconds, extend, Duration.ofSeconds(claimExpirySeconds)), System.out);
      removeHook(onInterrupt);
      return summary.stoppedEarly() ? 4 : 0;
    } catch (RuntimeException e) {
      if (spark.sparkContext().isStopped()) {
        // Spark stops the context itself when the master refuses or never answers
        throw new IllegalArgumentException("lost the Spark master " + spark.sparkContext().master()
            + ": it refused or did not answer (is the cluster running, the URL right, and BIMT_SPARK_SECRET_FILE the "
            + "cluster's secret?); committed trials are kept, rerun to continue");
      }
      throw e;
    } finally {
      removeHook(onInterrupt);
      spark.stop();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running
    }
  }

  private static int committedQuietly(TrialStore store, org.apache.hadoop.conf.Configuration conf) {
    try {
      return store.committed(conf).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
