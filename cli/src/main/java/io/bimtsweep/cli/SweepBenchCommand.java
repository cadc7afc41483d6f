package io.bimtsweep.cli;

import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.spark.Sparks;
import io.bimtsweep.spark.SweepJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bimt bench-sweep}: Spark's overhead and scaling on a sweep of short trials. */
@Command(name = "bench-sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the same sweep in local[1] and local[2]: wall times, speed-up, and where the executors' time "
        + "went per trial (training, metrics, claim, commit, the rest of the task, Spark's scheduling). Both modes "
        + "start warm: untimed trials run first (four of the sweep's and 96 of 100 steps, for the commit path), then "
        + "untimed passes of the whole sweep until HotSpot's compilers are nearly idle; each mode's line says how "
        + "much compiling still went on. The timed modes then run in rounds of alternating order, and the speed-up is "
        + "the ratio of their summed wall times.")
public final class SweepBenchCommand implements Callable<Integer> {
  @Option(names = "--trials", description = "trials in the sweep (default: ${DEFAULT-VALUE})", defaultValue = "48")
  int trials;

  /**
   * The preset's own run length. The default was 4,000 steps when a trial took 0.4 s; the Vector
   * API kernels made that 0.06 s, and a sweep of such trials measures Spark's and HotSpot's
   * per-trial costs more than how the slots scale. 20,000 steps take 0.3-0.35 s here.
   */
  @Option(names = "--steps", description = "steps per trial (default: ${DEFAULT-VALUE}, the independence preset's "
      + "run; far shorter trials measure Spark's per-trial costs more than how the slots scale)", defaultValue = "20000")
  int steps;

  @Option(names = "--warm-up-passes", paramLabel = "N", description = "at most this many untimed passes of the whole "
      + "sweep in local[2] before the timed modes, stopping early once a pass leaves the compilers nearly idle "
      + "(default: ${DEFAULT-VALUE}; 0: only the short warm-up trials)", defaultValue = "4")
  int warmUpPasses;

  @Option(names = "--rounds", paramLabel = "N", description = "timed rounds of both modes, in alternating order "
      + "(local[1] first, then local[2] first, ...); the speed-up is the ratio of the summed wall times "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "2")
  int rounds;

  @Option(names = "--pack", paramLabel = "N", description = "trials per Spark task, as in bimt sweep --pack "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "1")
  int pack;

  @Option(names = "--sweep", paramLabel = "FILE", description = "instead of the independence seeds: this sweep file "
      + "(e.g. examples/quickstart.yaml), run whole in each mode")
  Path sweepFile;

  @Override
  public Integer call() throws Exception {
    io.bimtsweep.core.Checks.check(trials >= 2, "--trials must be >= 2 (a slot each in local[2]), got %d", trials);
    io.bimtsweep.core.Checks.check(steps >= 1, "--steps must be >= 1, got %d", steps);
    io.bimtsweep.core.Checks.check(warmUpPasses >= 0, "--warm-up-passes must be >= 0, got %d", warmUpPasses);
    io.bimtsweep.core.Checks.check(rounds >= 1, "--rounds must be >= 1, got %d", rounds);
    io.bimtsweep.core.Checks.check(pack >= 1, "--pack must be >= 1, got %d", pack);
    SweepPlan spec;
    if (sweepFile != null) {
      spec = SweepGrid.expand(SweepFile.read(sweepFile));
      System.out.printf(Locale.ROOT, "bimt bench-sweep: %s, %d trials, %d cores%n", sweepFile, spec.trials().size(),
          Runtime.getRuntime().availableProcessors());
    } else {
      spec = SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping("""
          name: bench
          tasks: [independence]
          fixed: {steps: %d, swap_interval: 100}
          axes: {seeds: %d}
          """.formatted(steps, trials), "bench"), "bench"));
      System.out.printf(Locale.ROOT, "bimt bench-sweep: %d independence trials of %d steps, %d cores%n", trials, steps,
          Runtime.getRuntime().availableProcessors());
    }
    warmUp(spec);
    settle(spec, warmUpPasses, pack);
    double[][] wall = new double[rounds][2];
    for (int r = 0; r < rounds; r++) {
      for (int i : order(r)) {
        Pass pass = pass(spec, MASTERS[i], true, pack);
        wall[r][i] = pass.summary().wallSeconds();
        System.out.println(line(rounds > 1 ? "round " + (r + 1) + " " : "", MASTERS[i], i + 1, pass));
      }
    }
    System.out.println(speedUp(wall));
    return 0;
  }

  static final String[] MASTERS = {"local[1]", "local[2]"};

  /**
   * Which mode runs first in round r (0-based): local[1] in even rounds, local[2] in odd ones. Why:
   * HotSpot still compiles through the timed passes, less in each, and on two cores its compile
   * threads take their time from local[2]'s trials but not from local[1]'s; the mode that runs
   * first pays more of it. Alternating (local[1], local[2], local[2], local[1], ...) cancels that
   * drift to first order, as it does a machine that grows busier or quieter over the run.
   */
  static int[] order(int round) {
    return round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
  }

  /** The verdict line: the ratio of the summed walls, and each round's own ratio beside it. */
  static String speedUp(double[][] wall) {
    double one = 0;
    double two = 0;
    StringBuilder each = new StringBuilder();
    for (double[] w : wall) {
      one += w[0];
      two += w[1];
      each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", w[0] / w[1]));
    }
    return String.format(Locale.ROOT, "speed-up local[2] vs local[1]: %.2fx%s (slots' time = wall x slots; \"idle\" "
        + "includes the last trials, when one slot has nothing left)", one / two,
        wall.length > 1 ? " over " + wall.length + " rounds in alternating order; each round: " + each : "");
  }

  private static String line(String label, String master, int slots, Pass pass) {
    var s = pass.summary();
    SweepJob.TaskTimes t = s.times();
    double slotSeconds = s.wallSeconds() * slots;
    int n = Math.max(1, s.ran());
    double outside = slotSeconds - t.training() - t.metrics();
    return String.format(Locale.ROOT, "%s%-9s wall %6.2f s for %d trials; per trial, ms: training %.0f, metrics %.0f, "
            + "claim %.1f, commit %.1f, rest of the task %.1f, Spark scheduling and idle slots %.1f; outside training "
            + "and metrics %.1f%%; JIT compiling %.2f s of CPU (%.1f%% of the slots' time)",
        label, master, s.wallSeconds(), s.ran(), 1e3 * t.training() / n, 1e3 * t.metrics() / n, 1e3 * t.claim() / n,
        1e3 * t.commit() / n, 1e3 * t.rest() / n, 1e3 * Math.max(0, slotSeconds - t.tasks()) / n,
        100 * outside / slotSeconds, pass.compilerSeconds(), 100 * pass.compilerSeconds() / slotSeconds);
  }

  /**
   * CPU seconds HotSpot's compiler threads have spent so far (NaN where the JVM does not say).
   * Why it matters here: on two cores the compilers take their time from the trials of local[2],
   * while in local[1] they have the idle core to themselves.
   */
  static double compilerSeconds() {
    var c = java.lang.management.ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() / 1e3 : Double.NaN;
  }

  /** A pass leaving the compilers busier than this share of its slots' time is followed by another. */
  static final double QUIET_JIT_SHARE = 0.03;

  /**
   * Untimed passes of the whole sweep in local[2] until one leaves the compilers nearly idle, at
   * most {@code passes}. Why: measured with top -H and -XX:+PrintCompilation (2026-12-01), C2 still
   * compiled Spark's, Parquet's and Hadoop's per-trial code through both timed modes after the
   * short warm-up (about 1,000 compilations in local[2]'s 7 s, one compiler thread at 25-45% of a
   * core), which took a core's quarter from local[2]'s trials and none from local[1]'s.
   */
  private static void settle(SweepPlan spec, int passes, int pack) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int p = 1; p <= passes; p++) {
      Pass pass = pass(spec, "local[2]", false, pack);
      double share = pass.compilerSeconds() / (2 * pass.summary().wallSeconds());
      line.append(String.format(Locale.ROOT, "%s pass %d %.1f s (JIT %.1f%%)", p == 1 ? "" : ",", p,
          pass.summary().wallSeconds(), 100 * share));
      if (!(share > QUIET_JIT_SHARE)) {
        break;
      }
    }
    if (passes > 0) {
      System.out.printf(Locale.ROOT, "untimed warm-up in local[2]:%s%n", line);
    }
  }

  /** Short trials run untimed before the timed sweeps: enough commits for the JIT to compile the row's path. */
  static final int WARM_UP_COMMITS = 96;

  /**
   * Untimed, before either mode: four of the sweep's trials, so that the JIT has compiled the
   * engine, and {@value #WARM_UP_COMMITS} independence trials of 100 steps, so that it has
   * compiled the commit (Parquet's writer, the claims, Spark's task path), which only gets hot
   * after some 100 trials. With four trials alone, JFR showed C2 compiling Parquet's writer
   * (twenty compilations of 0.1-0.8 s) in the middle of the second timed mode, on the cores its
   * trials were using, and the measured local[2]/local[1] ratio then depended on which mode ran
   * second.
   */
  private static void warmUp(SweepPlan spec) throws Exception {
    List<io.bimtsweep.core.sweep.SweepTrial> trials = new java.util.ArrayList<>(spec.trials().subList(0, Math.min(4, spec.trials().size())));
    trials.addAll(SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping("""
        name: bench-warm-up
        tasks: [independence]
        fixed: {steps: 100, swap_interval: 50}
        axes: {seeds: %d}
        """.formatted(WARM_UP_COMMITS), "bench-warm-up"), "bench-warm-up")).trials());
    SweepPlan warm = new SweepPlan(spec.file(), trials, spec.warnings());
    pass(warm, "local[2]", false, 1);
  }

  /** One run of a sweep and the compilers' CPU seconds during it. */
  record Pass(SweepJob.Summary summary, double compilerSeconds) {}

  /**
   * Runs the plan once in a new Spark session of this master, into a temporary folder deleted
   * afterwards; with {@code warmSpark}, a throw-away job first, so that the timed modes start alike.
   */
  private static Pass pass(SweepPlan plan, String master, boolean warmSpark, int pack) throws java.io.IOException {
    Path out = Files.createTempDirectory("bimt-bench-");
    SparkSession spark = Sparks.session("bimt bench-sweep", master);
    try {
      if (warmSpark) {
        spark.sparkContext().parallelize(scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(1, 2)).toSeq(), 2,
            scala.reflect.ClassTag$.MODULE$.apply(Integer.class)).count();
      }
      double jit0 = compilerSeconds();
      var s = SweepJob.run(spark, plan, new SweepJob.Options(out.toString(), null, null, pack, 3600),
          new PrintStream(new ByteArrayOutputStream()));
      return new Pass(s, compilerSeconds() - jit0);
    } finally {
      spark.stop();
      try (var w = Files.walk(out)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
