package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SweepJobTest {
  private final SparkSession spark = SharedSpark.get();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  public static final String SMALL = """
      name: small
      seed: 3
      tasks: [independence, {task: two_moons, set: {steps: 150}}]
      fixed: {steps: 120, swap_interval: 40}
      axes:
        lambda: [0.0001, 0.001, 0.01]
        norm: [L1, L2]
        seeds: 2
      """;

  static SweepPlan spec(String yaml) {
    return SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping(yaml, "test.yaml"), "test.yaml"));
  }

  private SweepJob.Summary run(SweepPlan s, Path out) {
    return SweepJob.run(spark, s, new SweepJob.Options(out.toString(), null, null, 1, 60), quiet);
  }

  /**
   * The file lists the long trial last; started there, it would run alone while the other slot
   * idles. Spark starts tasks in the order given, so with two slots the heaviest trial must be
   * among the first two to start, and the lightest among the last two.
   */
  @Test
  void theHeaviestTrialStartsFirstWhereverTheFileListsIt(@TempDir Path out) {
    SweepPlan s = spec("""
        name: heavy-last
        seed: 5
        tasks:
          - {task: independence, set: {steps: 40}}
          - {task: independence, set: {steps: 60}}
          - {task: independence, set: {steps: 80}}
          - {task: independence, set: {steps: 100}}
          - {task: independence, set: {steps: 120}}
          - {task: independence, set: {steps: 1200}}
        fixed: {swap_interval: 20}
        """);
    assertEquals(1200, s.trials().get(5).config().steps(), "the file's last trial is its heaviest");
    assertEquals(6, run(s, out).ok());
    List<Row> byStart = spark.read().parquet(out.toString()).orderBy("started_at").select("steps").collectAsList();
    List<Integer> steps = byStart.stream().map(r -> r.getInt(0)).toList();
    assertTrue(steps.subList(0, 2).contains(1200), "started first: " + steps);
    assertTrue(steps.subList(4, 6).contains(40), "started last: " + steps);
  }

  @Test
  void aSmallSweepWritesExactlyItsTrialsAndSqlReadsThem(@TempDir Path out) throws java.io.IOException {
    SweepPlan s = spec(SMALL);
    Set<String> expected = s.trials().stream().map(SweepTrial::trialId).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(2 * 3 * 2 * 2, expected.size());
    var summary = run(s, out);
    assertEquals(24, summary.ran());
    assertEquals(24, summary.ok());
    // where the executors' time went: the parts are measured, and they fit inside the tasks' time
    SweepJob.TaskTimes t = summary.times();
    assertTrue(t.training() > 0 && t.metrics() > 0 && t.claim() > 0 && t.commit() > 0, t.toString());
    assertTrue(t.tasks() >= t.training() + t.metrics() + t.claim() + t.commit(), t.toString());
    assertTrue(t.tasks() <= summary.wallSeconds() * spark.sparkContext().defaultParallelism(), t + " within the slots' time");
    spark.read().parquet(out.toString()).createOrReplaceTempView("trials");
    // no Hadoop checksum twin is left beside the rows
    try (var files = java.nio.file.Files.walk(out)) {
      assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".crc")).count());
    }
    Dataset<Row> rows = spark.sql("SELECT trial_id, task, sweep_id, status, modularity_q, norm, replicate FROM trials");
    List<Row> all = rows.collectAsList();
    assertEquals(24, all.size());
    assertEquals(expected, all.stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(all.stream().allMatch(r -> r.getString(2).equals("small") && r.getString(3).equals("ok")));
    Row byTask = spark.sql("SELECT count(*), count(DISTINCT trial_id), min(modularity_q) FROM trials WHERE task = 'two_moons'").first();
    assertEquals(12L, byTask.getLong(0));
    assertEquals(12L, byTask.getLong(1));
    assertTrue(byTask.getDouble(2) > 0);
    // nested columns come back typed
    Row m = spark.sql("SELECT modules[0].inputs, size(history_steps), started_at FROM trials LIMIT 1").first();
    assertFalse(m.getList(0).isEmpty());
    assertTrue(m.getInt(1) > 0);
    assertTrue(m.getTimestamp(2).getTime() > 0);
    // interpretability columns: ground truth for both tasks, structs readable by SQL
    Row in = spark.sql("SELECT min(dependency_recall), max(dependency_precision), count(structure_exact), "
        + "min(hidden_modules[0].size), min(knockouts[0].module), count(prune_threshold_exact), "
        + "max(size(probes)) FROM trials").first();
    assertTrue(in.getDouble(0) >= 0 && in.getDouble(0) <= 1, "recall " + in.get(0));
    assertTrue(in.getDouble(1) > 0 && in.getDouble(1) <= 1, "precision " + in.get(1));
    assertEquals(24L, in.getLong(2), "every trial has a ground truth here");
    assertTrue(in.getInt(3) >= 1, "hidden modules have neurons");
    assertEquals(0, in.getInt(4), "knockouts start with all modules together");
    assertEquals(0, in.getInt(6), "these tasks name no probe quantities");
  }

  @Test
  void rerunningAFinishedSweepRunsNothing(@TempDir Path out) {
    SweepPlan s = spec(SMALL);
    assertEquals(24, run(s, out).ran());
    var again = run(s, out);
    assertEquals(0, again.ran());
    assertEquals(24, again.skipped());
    assertEquals(24, spark.read().parquet(out.toString()).count());
  }

  /** An edited file is refused into the same folder unless asked to extend it; extended, only new trials run. */
  @Test
  void aChangedSweepIsRefusedUnlessExtendedAndThenRunsOnlyTheNewTrials(@TempDir Path out) {
    assertEquals(24, run(spec(SMALL), out).ran());
    SweepPlan grown = spec(SMALL.replace("[0.0001, 0.001, 0.01]", "[0.0001, 0.001, 0.01, 0.1]"));
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> run(grown, out));
    assertTrue(e.getMessage().contains("was written from a different definition (24 trials; the file now gives 32)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--extend"), e.getMessage());
    assertEquals(24, spark.read().parquet(out.toString()).count(), "nothing ran");
    var extended = SweepJob.run(spark, grown, new SweepJob.Options(out.toString(), null, null, 1, 60, true), quiet);
    assertEquals(8, extended.ran());
    assertEquals(32, spark.read().parquet(out.toString()).count());
    assertEquals(0, run(grown, out).ran(), "the extended definition is now the folder's");
  }

  /**
   * A truncated row, a stray temporary file and a foreign Parquet file: the truncated trial runs
   * again (its file set aside, named), the stray file is set aside, the foreign one is left and named.
   */
  @Test
  void unreadableResultsAreSetAsideAndRunAgain(@TempDir Path out) throws Exception {
    SweepPlan s = spec(SMALL);
    run(s, out);
    Path task = out.resolve("sweep_id=small/task=independence");
    Path victim;
    try (var files = Files.list(task)) {
      victim = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.writeString(task.resolve("part-x.parquet.tmp"), "half");
    Files.write(task.resolve("foreign.parquet"), whole); // valid Parquet, but not a result's name
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    var again = SweepJob.run(spark, s, new SweepJob.Options(out.toString(), null, null, 1, 60),
        new PrintStream(log, true));
    String text = log.toString();
    assertEquals(1, again.ran(), text);
    assertTrue(text.contains("unreadable result set aside, its trial runs again: ") && text.contains(
        victim.getFileName().toString()), text);
    assertTrue(text.contains("part-x.parquet.tmp"), text);
    assertTrue(text.contains("not a result, left alone (readers skip it): ") && text.contains("foreign.parquet"), text);
    assertTrue(Files.exists(task.resolve("foreign.parquet")));
    byte[] now = Files.readAllBytes(victim);
    assertTrue(now.length > whole.length / 2 && new String(now, now.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)
        .equals("PAR1"), "the trial's row is whole again");
    assertEquals(24, new TrialStore(TrialStore.normalise(out.toString()), "small").committed(
        new org.apache.hadoop.conf.Configuration()).size());
  }

  @Test
  void failingAndDivergingTrialsBecomeRowsWithTheirStatus(@TempDir Path out) {
    SweepPlan s = spec("""
        name: broken
        tasks:
          - {task: formula, task_options: {outputs: ["x1*x2"]}}
          - {task: independence, set: {learning_rate: 1e100}}
        fixed: {steps: 100, swap_interval: 50}
        axes: {seeds: 1}
        """);
    var summary = run(s, out);
    assertEquals(1, summary.ok());
    assertEquals(1, summary.diverged());
    Row d = spark.read().parquet(out.toString()).filter("status = 'diverged'").first();
    assertTrue(d.<String>getAs("error").contains("non-finite"));
    assertTrue(d.<Integer>getAs("diverged_at_step") >= 0);
  }

  @Test
  void aTrialThatThrowsInTheWorkerIsAFailedRowAndTheSweepGoesOn(@TempDir Path out) {
    SweepPlan s = spec("""
        name: throws
        tasks: [throws_in_worker, independence]
        fixed: {steps: 60, swap_interval: 30}
        axes: {seeds: 2}
        """);
    var summary = run(s, out);
    assertEquals(2, summary.failed());
    assertEquals(2, summary.ok());
    Row f = spark.read().parquet(out.toString()).filter("status = 'failed'").first();
    assertEquals("throws_in_worker", f.<String>getAs("task"));
    assertTrue(f.<String>getAs("error").contains("boom"), f.<String>getAs("error"));
    assertTrue(f.isNullAt(f.fieldIndex("test_loss")));
  }

  @Test
  void theFailureBudgetStopsTheSweepAndKeepsWhatWasCommitted(@TempDir Path out) {
    SweepPlan s = spec("""
        name: budget
        tasks: [{task: independence, set: {learning_rate: 1e100}}]
        fixed: {steps: 50, swap_interval: 25}
        axes: {seeds: 6}
        """);
    var summary = SweepJob.run(spark, s, new SweepJob.Options(out.toString(), 100, null, 1, 60), quiet);
    assertEquals(6, summary.diverged(), "diverged trials are results, not failures");
    // 24 trials of 300 ms on 2 slots take 3.6 s: the stop (polled every 250 ms) must come long
    // before the last of them even when the machine is loaded (with 8, a full suite once
    // committed all of them before the stop arrived)
    SweepPlan failing = spec("""
        name: budget2
        tasks: [independence]
        fixed: {steps: 20000}
        axes: {seeds: 24}
        """);
    var stopped = SweepJob.run(spark, failing,
        new SweepJob.Options(out.toString(), 0, java.time.Duration.ofMillis(300), 1, 60), quiet);
    assertTrue(stopped.stoppedEarly());
    long rows = spark.read().parquet(out.resolve("sweep_id=budget2").toString()).count();
    assertTrue(rows >= 1 && rows < 24, "rows committed before stopping: " + rows);
    assertEquals(rows, new TrialStore(TrialStore.normalise(out.toString()), "budget2").committed(new org.apache.hadoop.conf.Configuration()).size());
  }

  /**
   * Two runs of one sweep into one folder at the same time (two terminals): claims share the work,
   * so no trial is trained twice, and every trial has exactly one row.
   */
  @Test
  void twoConcurrentRunsOfOneSweepShareTheWork(@TempDir Path out) throws Exception {
    SweepPlan s = spec(SMALL.replace("name: small", "name: twice"));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<SweepJob.Summary>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(pool.submit(() -> {
        go.await();
        return run(s, out);
      }));
    }
    go.countDown();
    SweepJob.Summary a = runs.get(0).get();
    SweepJob.Summary b = runs.get(1).get();
    pool.shutdown();
    int total = s.trials().size();
    assertEquals(total, a.ran() + b.ran(), "each trial trained by exactly one run: " + a.line() + " / " + b.line());
    assertEquals(total, a.ran() + a.elsewhere());
    assertEquals(total, b.ran() + b.elsewhere());
    assertEquals(total, a.ok() + b.ok());
    Dataset<Row> rows = spark.read().parquet(out.resolve("sweep_id=twice").toString());
    assertEquals(total, rows.count());
    assertEquals(total, rows.select("trial_id").distinct().count());
    assertTrue(Files.notExists(out.resolve("sweep_id=twice").resolve("_claims")), "no claim is left behind");
  }

  @Test
  void noTemporaryFilesAreLeftBehind(@TempDir Path out) throws Exception {
    run(spec(SMALL), out);
    try (var files = Files.walk(out)) {
      List<Path> left = files.filter(p -> p.toString().contains("_tmp") || p.getFileName().toString().endsWith(".crc")).toList();
      assertTrue(left.isEmpty(), left.toString());
    }
  }

  /**
   * The setting columns hold what each trial trained with: a sweep over the five modes, read back
   * with Spark SQL, has lambda 0 exactly for none, A 0 for l1 and l1_swap, S 0 for none, l1 and
   * l1_local; config_json keeps what the file said.
   */
  @Test
  void settingColumnsHoldTheEffectiveValuesOfEachMode(@TempDir Path out) {
    run(spec("""
        name: modes
        tasks: [independence]
        fixed: {steps: 60, swap_interval: 20, lambda: 0.002, layout_width: 1.5, top_k: 4}
        axes: {mode: [none, l1, l1_local, l1_swap, bimt]}
        """), out);
    spark.read().parquet(out.toString()).createOrReplaceTempView("modes");
    var rows = spark.sql("SELECT mode, lambda, lambda_schedule, layout_width, swap_interval, top_k, schema_version, "
        + "get_json_object(config_json, '$.lambda'), get_json_object(config_json, '$.swap_interval') FROM modes ORDER BY mode")
        .collectAsList();
    assertEquals(5, rows.size());
    java.util.Map<String, Row> byMode = new java.util.HashMap<>();
    rows.forEach(r -> byMode.put(r.getString(0), r));
    for (String m : List.of("none", "l1", "l1_local", "l1_swap", "bimt")) {
      Row r = byMode.get(m);
      assertEquals(2, r.getInt(6), "schema version");
      assertEquals(0.002, Double.parseDouble(r.getString(7)), 0.0, "config_json keeps what the file said");
      assertEquals("20", r.getString(8));
      assertEquals(m.equals("none") ? 0.0 : 0.002, r.getDouble(1), 0.0, m + " lambda");
      assertEquals(m.equals("none") ? "0" : "0.002, x10@25%, x0.1@75%", r.getString(2), m + " lambda_schedule");
      boolean local = m.equals("l1_local") || m.equals("bimt");
      assertEquals(local ? 1.5 : 0.0, r.getDouble(3), 0.0, m + " layout_width");
      boolean swaps = m.equals("l1_swap") || m.equals("bimt");
      assertEquals(swaps ? 20 : 0, r.getInt(4), m + " swap_interval");
      assertEquals(swaps ? 4 : 0, r.getInt(5), m + " top_k");
    }
    assertEquals(1L, spark.sql("SELECT count(*) FROM modes WHERE lambda = 0").first().getLong(0));
    assertEquals(3L, spark.sql("SELECT count(*) FROM modes WHERE swap_interval = 0").first().getLong(0));
  }
}
