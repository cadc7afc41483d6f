package io.bimtsweep.spark;

import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.config.Provenance;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import io.bimtsweep.core.sweep.TrialWork;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The sweep on Spark: take the expanded sweep (the core's), skip trials already committed, run the rest
 * one per Spark task (or a small pack per task), each task committing its own rows. Thin by
 * design: every decision about a trial is the core's.
 */
public final class SweepJob {

  /**
   * @param out dataset root (a path or a Hadoop URI)
   * @param maxFailures stop once more trials than this have failed (null: never)
   * @param trialTimeout per-trial limit (null: none)
   * @param pack trials per Spark task
   * @param progressEverySeconds how often to print progress
   * @param extend accept that the sweep's definition changed since its folder was written, and add to it
   * @param claimExpiry how long a claim on a trial outlives its holder's last heartbeat ({@link TrialClaims})
   */
  public record Options(String out, Integer maxFailures, Duration trialTimeout, int pack, int progressEverySeconds,
      boolean extend, Duration claimExpiry) {
    public Options {
      if (claimExpiry == null) {
        claimExpiry = Duration.ofMillis(TrialClaims.DEFAULT_EXPIRY_MILLIS);
      }
    }

    public Options(String out, Integer maxFailures, Duration trialTimeout, int pack, int progressEverySeconds,
        boolean extend) {
      this(out, maxFailures, trialTimeout, pack, progressEverySeconds, extend, null);
    }

    public Options(String out, Integer maxFailures, Duration trialTimeout, int pack, int progressEverySeconds) {
      this(out, maxFailures, trialTimeout, pack, progressEverySeconds, false, null);
    }
  }

  /**
   * What a sweep run did. {@code ran} counts the trials this run trained; {@code elsewhere} those it
   * left to another run of the same sweep that held or had committed them.
   */
  public record Summary(int total, int skipped, int ran, long ok, long diverged, long failed, long timedOut,
      double wallSeconds, double trialSeconds, boolean stoppedEarly, String dataset, long elsewhere, TaskTimes times) {
    public Summary(int total, int skipped, int ran, long ok, long diverged, long failed, long timedOut,
        double wallSeconds, double trialSeconds, boolean stoppedEarly, String dataset, long elsewhere) {
      this(total, skipped, ran, ok, diverged, failed, timedOut, wallSeconds, trialSeconds, stoppedEarly, dataset, elsewhere,
          TaskTimes.NONE);
    }

    public String line() {
      return String.format(Locale.ROOT,
          "%d trials: %d already done, %d run (%d ok, %d diverged, %d failed, %d timed out)%s in %.1f s wall, %.1f s in "
              + "trials%s; results in %s",
          total, skipped, ran, ok, diverged, failed, timedOut,
          elsewhere == 0 ? "" : ", " + elsewhere + " left to another run of this sweep (rerun later for any it does not finish)",
          wallSeconds, trialSeconds, stoppedEarly ? " (stopped early: failure budget exceeded)" : "", dataset);
    }
  }

  /**
   * Where executors spent their time, summed over the trials this run trained (seconds): training
   * and metrics (the rows' wall_seconds and metrics_seconds), claiming a trial and checking it is
   * not committed, committing its row (Parquet file and rename), and the rest of the task's time per
   * trial (decoding, data, the record). {@code tasks} is everything inside the tasks; what the
   * slots' wall time holds beyond it is Spark's scheduling.
   */
  public record TaskTimes(double training, double metrics, double claim, double commit, double tasks) {
    public static final TaskTimes NONE = new TaskTimes(0, 0, 0, 0, 0);

    /** Task time that is neither training, metrics, claim nor commit. */
    public double rest() {
      return Math.max(0, tasks - training - metrics - claim - commit);
    }
  }

  private SweepJob() {}

  /** What is shipped to an executor for one trial: its id, place in the sweep and configuration as plain data. */
  record Descriptor(String sweepId, int replicate, String trialId, Map<String, Object> config) {}

  /** A trial as text, for shipping to executors. */
  static String encode(SweepTrial t) {
    return Json.canonical(new Descriptor(t.sweepId(), t.replicate(), t.trialId(), t.config().toMap()));
  }

  /** The trial back, its configuration rebuilt through the settings' converters and its id checked. */
  static SweepTrial decode(String text) {
    try {
      Descriptor d = Json.MAPPER.readValue(text, Descriptor.class);
      TrialConfig c = TrialConfig.of(d.config());
      String actual = TrialIds.of(c);
      if (!d.trialId().equals(actual)) {
        throw new IllegalStateException("trial " + d.trialId() + " did not survive shipping to the executor (got " + actual
            + "): is the executor running another bimt-sweep version (" + Provenance.codeVersion() + ")?");
      }
      return new SweepTrial(d.sweepId(), c, d.replicate(), d.trialId());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("malformed trial descriptor: " + e.getMessage(), e);
    }
  }

  public static Summary run(SparkSession spark, SweepPlan plan, Options o, PrintStream log) {
    long start = System.nanoTime();
    var spec = plan.file();
    List<SweepTrial> trials = plan.trials();
    String root = TrialStore.normalise(o.out());
    TrialStore store = new TrialStore(root, spec.name());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String definition = definition(trials);
    checkDefinition(store, spec.name(), trials.size(), definition, o.extend(), hadoop);
    TrialStore.Scan scan = store.scan(hadoop);
    List<String> repairable = new ArrayList<>();
    for (String u : scan.unreadable()) {
      String n = new org.apache.hadoop.fs.Path(u).getName();
      if (n.startsWith("part-")) {
        repairable.add(u);
      } else {
        log.printf(Locale.ROOT, "[%s] not a result, left alone (readers skip it): %s%n", spec.name(), u);
      }
    }
    for (String moved : store.setAside(repairable, hadoop)) {
      log.printf(Locale.ROOT, "[%s] unreadable result set aside, its trial runs again: %s%n", spec.name(), moved);
    }
    Set<String> done = scan.committed();
    List<String> todo = new ArrayList<>();
    for (SweepTrial t : TrialWork.heaviestFirst(trials)) { // Spark starts tasks in this order
      if (!done.contains(t.trialId())) {
        todo.add(encode(t));
      }
    }
    int skipped = trials.size() - todo.size();
    store.writeText("_sweep.json", Json.pretty(Map.of("sweep_id", spec.name(), "source", spec.source(),
        "trials", trials.size(), "definition", definition, "code_version", Provenance.codeVersion(),
        "git_commit", Provenance.gitCommit())) + "\n", hadoop);
    if (spec.halving() != null) {
      return HalvingJob.run(spark, plan, o, log, store, start);
    }
    log.printf(Locale.ROOT, "[%s] %d trials, %d already committed, %d to run on %s (%d task slots)%s%n", spec.name(),
        trials.size(), skipped, todo.size(), spark.sparkContext().master(), spark.sparkContext().defaultParallelism(),
        spark.sparkContext().uiWebUrl().isDefined() ? "; Spark UI " + spark.sparkContext().uiWebUrl().get() : "");
    if (todo.isEmpty()) {
      return new Summary(trials.size(), skipped, 0, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9, 0, false, store.sweepDir(),
          0);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator ok = jsc.sc().longAccumulator("trials ok");
    LongAccumulator diverged = jsc.sc().longAccumulator("trials diverged");
    LongAccumulator failed = jsc.sc().longAccumulator("trials failed");
    LongAccumulator timedOut = jsc.sc().longAccumulator("trials timed out");
    LongAccumulator trialMillis = jsc.sc().longAccumulator("trial milliseconds");
    LongAccumulator elsewhere = jsc.sc().longAccumulator("trials left to another run");
    org.apache.spark.util.DoubleAccumulator trainingSeconds = jsc.sc().doubleAccumulator("training seconds");
    org.apache.spark.util.DoubleAccumulator metricsSeconds = jsc.sc().doubleAccumulator("metrics seconds");
    LongAccumulator claimNanos = jsc.sc().longAccumulator("claim nanoseconds");
    LongAccumulator commitNanos = jsc.sc().longAccumulator("commit nanoseconds");
    LongAccumulator taskNanos = jsc.sc().longAccumulator("task nanoseconds");
    TrialClaims claims = new TrialClaims(store.sweepDir(), TrialClaims.newRunId(), o.claimExpiry().toMillis());
    org.apache.spark.util.CollectionAccumulator<String> storageErrors = jsc.sc().collectionAccumulator("storage errors");
    String group = "bimt-sweep-" + spec.name() + "-" + System.nanoTime();
    jsc.setJobGroup(group, "bimt sweep " + spec.name(), true);
    int slices = Math.max(1, (todo.size() + o.pack() - 1) / o.pack());
    Progress progress = new Progress(spec.name(), todo.size(), o, jsc, group, ok, diverged, failed, timedOut, storageErrors, log);
    Thread monitor = new Thread(progress, "bimt-progress");
    monitor.setDaemon(true);
    monitor.start();
    final Duration timeout = o.trialTimeout();
    boolean cancelled = false;
    RunningTasks running = new RunningTasks(spec.name(), log);
    spark.sparkContext().addSparkListener(running);
    try {
      jsc.parallelize(todo, slices).foreachPartition((Iterator<String> it) -> {
        Configuration conf = ExecutorConf.get();
        TrialExecutor executor = new TrialExecutor();
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        while (it.hasNext()) {
          long t0 = System.nanoTime();
          SweepTrial t = decode(it.next());
          TrialRecord r;
          long claimed;
          long executed;
          // claim before running, so that another run of this sweep skips it; release after the commit
          try (TrialClaims.Claim claim = claims.tryClaim(t.trialId(), conf)) {
            if (claim == null || store.isCommitted(t.config().task(), t.trialId(), conf)) {
              elsewhere.add(1);
              continue;
            }
            claimed = System.nanoTime();
            r = executor.execute(t.config(), t.sweepId(), t.replicate(), timeout);
            if (Thread.currentThread().isInterrupted() || tc != null && tc.isInterrupted()) {
              throw new java.util.concurrent.CancellationException("task killed: trial " + t.trialId() + " not committed");
            }
            executed = System.nanoTime();
            store.commit(r, conf);
          } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a full disk or a lost mount is no reason for Spark to retry and log pages of traces:
            // record it, and the driver stops the sweep with one line
            storageErrors.add(e instanceof java.io.IOException ? "cannot claim trial " + t.trialId() + " under "
                + store.sweepDir() + ": " + TrialStore.rootMessage(e) : e.getMessage());
            return;
          }
          long end = System.nanoTime(); // the claim's release included
          claimNanos.add(claimed - t0);
          commitNanos.add(end - executed);
          taskNanos.add(end - t0);
          if (r.get("wall_seconds") instanceof Double w) {
            trainingSeconds.add(w);
          }
          if (r.get("metrics_seconds") instanceof Double m) {
            metricsSeconds.add(m);
          }
          // a trial's whole life: data, training, metrics and serialisation, not training alone
          trialMillis.add(((java.sql.Timestamp) r.get("finished_at")).getTime()
              - ((java.sql.Timestamp) r.get("started_at")).getTime());
          switch (r.status()) {
            case "ok" -> ok.add(1);
            case "diverged" -> diverged.add(1);
            case "timeout" -> timedOut.add(1);
            default -> failed.add(1);
          }
        }
      });
    } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared
      if (!progress.cancelled()) {
        throw new IllegalStateException("sweep " + spec.name() + " failed: " + e.getMessage()
            + " (committed trials are kept; rerun to continue)", e);
      }
      cancelled = true;
    } finally {
      progress.stop();
      jsc.clearJobGroup();
      running.awaitNone(Duration.ofSeconds(120));
      spark.sparkContext().removeSparkListener(running);
    }
    store.cleanTemporary(hadoop, o.claimExpiry().toMillis());
    if (!storageErrors.value().isEmpty()) {
      int kept = store.committed(hadoop).size();
      throw new java.io.UncheckedIOException(storageErrors.value().get(0) + " (" + kept + " of " + trials.size()
          + " trials are committed and kept; fix the storage and rerun to continue)", new java.io.IOException("storage"));
    }
    Summary s = new Summary(trials.size(), skipped, todo.size() - (int) (long) elsewhere.value(), ok.value(), diverged.value(), failed.value(),
        timedOut.value(), (System.nanoTime() - start) / 1e9, trialMillis.value() / 1000.0, cancelled, store.sweepDir(),
        elsewhere.value(), new TaskTimes(trainingSeconds.value(), metricsSeconds.value(), claimNanos.value() / 1e9,
            commitNanos.value() / 1e9, taskNanos.value() / 1e9));
    log.println("[" + spec.name() + "] " + s.line());
    return s;
  }

  /** A sweep's definition: the hash of its sorted trial ids (which hash every setting and the code version). */
  static String definition(List<SweepTrial> trials) {
    List<String> ids = new ArrayList<>();
    trials.forEach(t -> ids.add(t.trialId()));
    java.util.Collections.sort(ids);
    return TrialIds.hash(String.join("\n", ids));
  }

  /**
   * Refuses to mix two definitions of one sweep in one folder: rerunning an edited file into the
   * same folder would silently put old and new rows under one sweep_id.
   */
  static void checkDefinition(TrialStore store, String name, int trials, String definition, boolean extend,
      Configuration conf) {
    String existing = store.readText("_sweep.json", conf);
    if (existing == null || extend) {
      return;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode j = Json.MAPPER.readTree(existing);
      String before = j.path("definition").asText("");
      if (!before.isEmpty() && !before.equals(definition)) {
        throw new IllegalArgumentException("sweep '" + name + "' in " + store.sweepDir() + " was written from a different "
            + "definition (" + j.path("trials").asInt() + " trials; the file now gives " + trials + "): give the sweep a "
            + "new name to keep them apart, or rerun with --extend to add these trials to it");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // an unreadable _sweep.json is rewritten below
    }
  }

  /** One Hadoop configuration per executor JVM: building one parses XML resources, too slow per task. */
  static final class ExecutorConf {
    private static final Configuration CONF = new Configuration();

    private ExecutorConf() {}

    static Configuration get() {
      return CONF;
    }
  }

  /**
   * Counts running tasks, so a stopped sweep returns only once killed tasks have really ended; and
   * says when an executor is lost (Spark's own log is quiet unless --verbose).
   */
  private static final class RunningTasks extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    private final String name;
    private final PrintStream log;

    RunningTasks(String name, PrintStream log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved e) {
      log.printf(Locale.ROOT, "[%s] Lost executor %s (%s): its running trials are retried elsewhere%n", name,
          e.executorId(), e.reason());
    }

    @Override
    public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart e) {
      count.incrementAndGet();
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
      count.decrementAndGet();
    }

    void awaitNone(Duration limit) {
      long end = System.nanoTime() + limit.toNanos();
      while (count.get() > 0 && System.nanoTime() < end) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Prints progress and enforces the failure budget, from the driver's merged accumulators. */
  private static final class Progress implements Runnable {
    private final String name;
    private final int total;
    private final Options o;
    private final JavaSparkContext jsc;
    private final String group;
    private final LongAccumulator ok;
    private final LongAccumulator diverged;
    private final LongAccumulator failed;
    private final LongAccumulator timedOut;
    private final org.apache.spark.util.CollectionAccumulator<String> storageErrors;
    private final PrintStream log;
    private final long start = System.nanoTime();
    private volatile boolean running = true;
    private volatile boolean cancelled;

    Progress(String name, int total, Options o, JavaSparkContext jsc, String group, LongAccumulator ok,
        LongAccumulator diverged, LongAccumulator failed, LongAccumulator timedOut,
        org.apache.spark.util.CollectionAccumulator<String> storageErrors, PrintStream log) {
      this.name = name;
      this.total = total;
      this.o = o;
      this.jsc = jsc;
      this.group = group;
      this.ok = ok;
      this.diverged = diverged;
      this.failed = failed;
      this.timedOut = timedOut;
      this.storageErrors = storageErrors;
      this.log = log;
    }

    boolean cancelled() {
      return cancelled;
    }

    void stop() {
      running = false;
    }

    @Override
    public void run() {
      long lastDone = -1;
      long lastPrint = System.nanoTime();
      while (running) {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
        long bad = failed.value() + timedOut.value();
        long done = ok.value() + diverged.value() + bad;
        if (!storageErrors.value().isEmpty() && !cancelled) {
          cancelled = true;
          log.printf(Locale.ROOT, "[%s] cannot save results: stopping%n", name);
          jsc.cancelJobGroup(group);
        }
        if (o.maxFailures() != null && bad > o.maxFailures() && !cancelled) {
          cancelled = true;
          log.printf(Locale.ROOT, "[%s] %d trials failed, more than --max-failures %d: stopping (committed trials are kept)%n",
              name, bad, o.maxFailures());
          jsc.cancelJobGroup(group);
        }
        boolean due = (System.nanoTime() - lastPrint) / 1e9 >= o.progressEverySeconds();
        if (done != lastDone && due) {
          double elapsed = (System.nanoTime() - start) / 1e9;
          String eta = done == 0 ? "?" : formatSeconds(elapsed / done * (total - done));
          log.printf(Locale.ROOT, "[%s] %d/%d trials done, %d diverged, %d failed, %d timed out, elapsed %s, ETA %s%n",
              name, done, total, diverged.value(), failed.value(), timedOut.value(), formatSeconds(elapsed), eta);
          lastDone = done;
          lastPrint = System.nanoTime();
        }
      }
    }
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
        : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
