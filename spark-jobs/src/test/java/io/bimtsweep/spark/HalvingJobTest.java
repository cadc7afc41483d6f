package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Successive halving on Spark: who runs how far, what the rows say, and a stopped sweep resumed. */
class HalvingJobTest {
  private final SparkSession spark = SharedSpark.get();

  /** 9 configurations x 2 seeds of independence; budgets 100, 300, 900. */
  static final String HALVING = """
      name: halving
      seed: 5
      tasks: [independence]
      fixed: {steps: 900, swap_interval: 50}
      axes:
        lambda: [0.0001, 0.001, 0.01]
        layout_width: [0.5, 1, 2]
        seeds: 2
      scheduler: {type: halving, objectives: [test_loss:min, modularity_q:max], min_steps: 100, eta: 3}
      """;

  private SweepJob.Summary run(SweepPlan plan, Path out, ByteArrayOutputStream log) {
    return SweepJob.run(spark, plan, new SweepJob.Options(out.toString(), null, null, 1, 600), new PrintStream(log));
  }

  private Map<String, Row> rows(Path out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().parquet(out.toString()).select("trial_id", "status", "rung", "budget_steps", "steps_done",
        "test_loss", "replicate", "lambda", "layout_width").collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  @Test
  void eachRungKeepsAThirdOfTheConfigurationsWithTheirSeeds(@TempDir Path out) {
    SweepPlan plan = SweepJobTest.spec(HALVING);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    var summary = run(plan, out, log);
    Map<String, Row> rows = rows(out);
    assertEquals(18, rows.size(), "one row per trial: " + log);
    Map<Integer, Integer> endedAt = new HashMap<>();
    for (Row r : rows.values()) {
      int rung = r.getInt(2);
      endedAt.merge(rung, 1, Integer::sum);
      assertEquals(List.of(100, 300, 900).get(rung), r.getInt(3));
      assertEquals(r.getInt(3), r.getInt(4), "steps_done is the rung's budget");
      assertEquals(rung == 2 ? "ok" : "stopped", r.getString(1));
    }
    // 9 configurations -> 3 -> 1, seeds together: 12 trials stop at rung 0, 4 at rung 1, 2 finish
    assertEquals(Map.of(0, 12, 1, 4, 2, 2), endedAt);
    Map<String, Integer> rungOfConfig = new HashMap<>();
    for (Row r : rows.values()) {
      Integer before = rungOfConfig.put(r.getDouble(7) + "/" + r.getDouble(8), r.getInt(2));
      assertTrue(before == null || before == r.getInt(2), "replicates of a configuration move together");
    }
    assertEquals(18, summary.total());
    assertEquals(2, summary.ok());
    String text = log.toString();
    assertTrue(text.contains("rung 0: 18 trials at their budget (18 trained now), 6 go on, 12 stopped"), text);
    assertTrue(text.contains("rung 1: 6 trials at their budget (6 trained now), 2 go on, 4 stopped"), text);
    // 18 x 100 + 6 x 200 + 2 x 600 = 4200 of 16200 trial-steps
    assertTrue(text.contains("halving spent 4200 trial-steps, 26% of the 16200"), text);
    assertFalse(Files.exists(out.resolve("sweep_id=halving").resolve("_halving")), "the halving state is removed");
    // the finishers went through two checkpoints and still have the bits of one uninterrupted run
    for (SweepTrial t : plan.trials()) {
      Row r = rows.get(t.trialId());
      if (r.getInt(2) == 2) {
        var direct = new TrialExecutor().execute(t.config(), "direct");
        assertEquals(direct.get("test_loss"), r.getDouble(5), "trial " + t.trialId());
      }
    }
    // a rerun finds everything committed and runs nothing
    var again = run(plan, out, new ByteArrayOutputStream());
    assertEquals(0, again.ran());
    assertEquals(18, again.skipped());
  }

  @Test
  void aStoppedHalvingSweepResumesAtItsRungAndEndsAsAnUninterruptedOne(@TempDir Path a, @TempDir Path b) {
    SweepPlan plan = SweepJobTest.spec(HALVING);
    run(plan, a, new ByteArrayOutputStream());
    HalvingJob.stopAfterRung = 0;
    try {
      var first = run(plan, b, new ByteArrayOutputStream());
      assertEquals(18, first.ran());
      assertTrue(Files.exists(b.resolve("sweep_id=halving").resolve("_halving")));
    } finally {
      HalvingJob.stopAfterRung = -1;
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    var rest = run(plan, b, log);
    assertEquals(8, rest.ran(), "only rungs 1 and 2 run (6 + 2 trials): " + log);
    assertTrue(log.toString().contains("rung 0: 18 trials at their budget (0 trained now), 6 go on, 12 stopped"),
        log.toString());
    Map<String, Row> ra = rows(a);
    Map<String, Row> rb = rows(b);
    assertEquals(ra.keySet(), rb.keySet());
    for (String id : ra.keySet()) {
      assertEquals(ra.get(id).getString(1), rb.get(id).getString(1));
      assertEquals(ra.get(id).getInt(2), rb.get(id).getInt(2));
      assertEquals(ra.get(id).getDouble(5), rb.get(id).getDouble(5), 0.0, "trial " + id);
    }
  }
}
