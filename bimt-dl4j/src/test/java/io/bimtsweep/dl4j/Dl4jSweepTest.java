package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import io.bimtsweep.spark.SweepJob;
import io.bimtsweep.spark.Sparks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local[2] sweep with engine dl4j writes the rows that separate runs of each trial give (as `bimt train` runs them). */
class Dl4jSweepTest {
  static final String SWEEP = """
      name: dl4j-small
      seed: 5
      tasks: [two_moons]
      fixed: {engine: dl4j, steps: 300, batch_size: 32, swap_interval: 100}
      axes:
        lambda: [0.001, 0.01]
      """;

  static final List<String> COMPARED = List.of("test_loss", "train_loss", "test_accuracy", "connection_cost", "swaps",
      "modularity_q", "weight_fraction_1e2", "active_neurons", "engine", "engine_details", "network_json");

  @Test
  void aLocalSweepWritesTheRowsOfSeparateRuns(@TempDir Path out) {
    SweepPlan plan = SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping(SWEEP, "t.yaml"), "t.yaml"));
    SparkSession spark = Sparks.session("dl4j sweep test", "local[2]");
    try {
      var summary = SweepJob.run(spark, plan, new SweepJob.Options(out.toString(), null, null, 1, 60, false, null),
          new PrintStream(new ByteArrayOutputStream()));
      assertEquals(2, summary.ok(), summary.line());
      Map<String, Row> rows = spark.read().parquet(out.toString()).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getAs("trial_id"), r -> r));
      for (SweepTrial t : plan.trials()) {
        TrialRecord alone = new TrialExecutor().execute(t.config(), plan.name());
        Row row = rows.get(t.trialId());
        for (String c : COMPARED) {
          Object expected = alone.get(c);
          Object actual = row.getAs(c);
          if (expected instanceof Double d) {
            assertEquals(d, ((Number) actual).doubleValue(), 0, c);
          } else {
            assertEquals(String.valueOf(expected), String.valueOf(actual), c);
          }
        }
        assertEquals("dl4j", row.getAs("engine"));
        assertTrue(((String) row.getAs("engine_details")).contains("dl4j=1.0.0-M2.1"), (String) row.getAs("engine_details"));
      }
    } finally {
      spark.stop();
    }
  }
}
