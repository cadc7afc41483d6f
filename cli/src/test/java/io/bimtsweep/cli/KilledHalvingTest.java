package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.spark.SharedSpark;
import io.bimtsweep.spark.SweepJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A halving sweep whose driver is killed (SIGKILL) during a rung, then rerun: it resumes at the
 * rung it reached, does not train the rung records it already has again, and ends with the rows
 * of an uninterrupted run, one per trial.
 */
class KilledHalvingTest {

  static int records(Path sweepDir) throws Exception {
    Path h = sweepDir.resolve("_halving");
    if (!Files.exists(h)) {
      return 0;
    }
    try (var s = Files.walk(h)) {
      return (int) s.filter(p -> p.getFileName().toString().endsWith(".json")
          && !p.getFileName().toString().startsWith(".")).count();
    } catch (java.io.UncheckedIOException | java.io.IOException e) {
      return 0; // a file renamed by the running sweep while we looked: look again
    }
  }

  @Test
  void aKilledHalvingSweepResumesAndEndsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("kill.yaml");
    Files.writeString(spec, """
        name: killhalving
        tasks: [independence]
        fixed: {steps: 3000}
        axes: {lambda: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006], seeds: 2}
        scheduler: {type: halving, objectives: [test_loss:min, modularity_q:max], min_steps: 300, eta: 3}
        """);
    Path out = dir.resolve("out");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SweepMain.class.getName(),
        spec.toString(), "--out", out.toString(), "--master", "local[2]", "--progress", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile())
        .start();
    p.getOutputStream().close();
    Path sweepDir = out.resolve("sweep_id=killhalving");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (records(sweepDir) < 5 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("driver.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    int before = records(sweepDir);
    // 12 trials at rung 0, 4 at rung 1 (2 configurations), 2 at rungs 2 and 3: 20 rung runs in all
    assertTrue(before >= 5 && before < 20, "rung records before the kill: " + before);

    SweepPlan s = SweepGrid.expand(SweepFile.read(spec));
    var spark = SharedSpark.get();
    var resumed = SweepJob.run(spark, s, new SweepJob.Options(out.toString(), null, null, 1, 60),
        new PrintStream(new ByteArrayOutputStream()));
    // a task killed between its checkpoint and its record runs again (from that checkpoint, with no step
    // left to take): at most the two that were running
    assertTrue(resumed.ran() >= 20 - before && resumed.ran() <= 20 - before + 2,
        "rung runs after the kill: " + resumed.ran() + " with " + before + " records kept");
    Path whole = dir.resolve("whole");
    SweepJob.run(spark, s, new SweepJob.Options(whole.toString(), null, null, 1, 60),
        new PrintStream(new ByteArrayOutputStream()));
    Map<String, Row> a = rows(spark, out);
    Map<String, Row> b = rows(spark, whole);
    assertEquals(12, a.size(), "one row per trial, no duplicates");
    assertEquals(b.keySet(), a.keySet());
    for (String id : a.keySet()) {
      assertEquals(b.get(id).getString(1), a.get(id).getString(1), "status of " + id);
      assertEquals(b.get(id).getInt(2), a.get(id).getInt(2), "rung of " + id);
      assertEquals(b.get(id).getDouble(3), a.get(id).getDouble(3), 0.0, "test_loss of " + id);
    }
  }

  private static Map<String, Row> rows(org.apache.spark.sql.SparkSession spark, Path out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().parquet(out.toString()).select("trial_id", "status", "rung", "test_loss").collectAsList()) {
      assertTrue(m.put(r.getString(0), r) == null, "duplicate row for " + r.getString(0));
    }
    return m;
  }
}
