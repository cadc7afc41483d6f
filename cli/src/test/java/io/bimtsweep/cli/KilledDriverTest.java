package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import io.bimtsweep.spark.SharedSpark;
import io.bimtsweep.spark.SweepJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep whose driver process is killed (SIGKILL) mid-way, then rerun: every trial exactly once. */
class KilledDriverTest {

  static int committed(Path sweepDir) throws Exception {
    if (!Files.exists(sweepDir)) {
      return 0;
    }
    try (var s = Files.walk(sweepDir)) {
      return (int) s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    } catch (java.io.UncheckedIOException | java.io.IOException e) {
      return 0; // a file renamed by the running sweep while we looked: look again
    }
  }

  @Test
  void aKilledSweepRerunEndsWithEveryTrialExactlyOnce(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("kill.yaml");
    Files.writeString(spec, """
        name: kill
        tasks: [independence]
        fixed: {steps: 6000}
        axes: {lambda: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006], seeds: 2}
        """);
    Path out = dir.resolve("out");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SweepMain.class.getName(),
        spec.toString(), "--out", out.toString(), "--master", "local[2]", "--progress", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile())
        .start();
    p.getOutputStream().close();
    Path sweepDir = out.resolve("sweep_id=kill");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (committed(sweepDir) < 3 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("driver.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    int before = committed(sweepDir);
    assertTrue(before >= 3 && before < 12, "committed before the kill: " + before);

    SweepPlan s = SweepGrid.expand(SweepFile.read(spec));
    Set<String> expected = s.trials().stream().map(SweepTrial::trialId).collect(Collectors.toCollection(TreeSet::new));
    var spark = SharedSpark.get();
    var summary = SweepJob.run(spark, s, new SweepJob.Options(out.toString(), null, null, 1, 60),
        new PrintStream(new ByteArrayOutputStream()));
    assertEquals(12 - before, summary.ran(), "only the missing trials run again");
    assertEquals(before, summary.skipped());
    List<Row> rows = spark.read().parquet(out.toString()).select("trial_id", "status").collectAsList();
    assertEquals(12, rows.size(), "one row per trial, no duplicates");
    assertEquals(expected, rows.stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(rows.stream().allMatch(r -> r.getString(1).equals("ok")));
  }
}
