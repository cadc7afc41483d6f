package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading results written by older versions of the schema. */
class ResultsTest {

  static final StructType V1 = new StructType()
      .add("schema_version", DataTypes.IntegerType).add("trial_id", DataTypes.StringType)
      .add("mode", DataTypes.StringType).add("lambda", DataTypes.DoubleType).add("lambda_schedule", DataTypes.StringType)
      .add("layout_width", DataTypes.DoubleType).add("swap_interval", DataTypes.IntegerType)
      .add("top_k", DataTypes.IntegerType).add("sweep_id", DataTypes.StringType).add("task", DataTypes.StringType);

  /**
   * Version-1 rows held the configured values; as loaded they hold the effective ones, version-2
   * rows are untouched, and the older rows are counted for the user's note.
   */
  @Test
  void versionOneRowsAreReadWithEffectiveSettingValues(@TempDir Path dir) {
    SparkSession spark = AnalysisSession.spark();
    List<Row> rows = new ArrayList<>();
    String[] modes = {"none", "l1", "l1_local", "l1_swap", "bimt"};
    for (String m : modes) {
      rows.add(RowFactory.create(1, "v1-" + m, m, 0.001, "0.001, x10@25%", 2.0, 200, 5, "old", "independence"));
    }
    // a version-2 row of mode none carries its own values; they must not be touched
    rows.add(RowFactory.create(2, "v2-none", "none", 0.0, "0", 0.0, 0, 0, "new", "independence"));
    spark.createDataFrame(rows, V1).write().partitionBy("sweep_id", "task").parquet(dir.resolve("r").toString());

    var df = Results.load(spark, dir.resolve("r").toString());
    Map<String, Row> byId = new HashMap<>();
    for (Row r : df.select("trial_id", "lambda", "lambda_schedule", "layout_width", "swap_interval", "top_k").collectAsList()) {
      byId.put(r.getString(0), r);
    }
    assertEquals(6, byId.size());
    for (String m : modes) {
      Row r = byId.get("v1-" + m);
      boolean lambda = !m.equals("none");
      boolean local = m.equals("l1_local") || m.equals("bimt");
      boolean swaps = m.equals("l1_swap") || m.equals("bimt");
      assertEquals(lambda ? 0.001 : 0.0, r.getDouble(1), 0.0, m);
      assertEquals(lambda ? "0.001, x10@25%" : "0", r.getString(2), m);
      assertEquals(local ? 2.0 : 0.0, r.getDouble(3), 0.0, m);
      assertEquals(swaps ? 200 : 0, r.getInt(4), m);
      assertEquals(swaps ? 5 : 0, r.getInt(5), m);
    }
    assertEquals(Map.of(1, 5L), Results.olderVersions(df));
  }

  /** A truncated row, a stray file and foreign Parquet are skipped and named; the rest reads. */
  @Test
  void unreadableAndForeignFilesAreSkippedNotFatal(@TempDir Path dir) throws Exception {
    SparkSession spark = AnalysisSession.spark();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(RowFactory.create(2, "id" + i, "bimt", 0.001, "0.001", 1.0, 200, 5, "s", "t" + (i % 2)));
    }
    String root = dir.resolve("r").toString();
    spark.createDataFrame(rows, V1).repartition(4).write().partitionBy("sweep_id", "task").parquet(root);
    Path task = dir.resolve("r/sweep_id=s/task=t0");
    Path victim;
    try (var files = java.nio.file.Files.list(task)) {
      victim = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] whole = java.nio.file.Files.readAllBytes(victim);
    java.nio.file.Files.write(victim, java.util.Arrays.copyOf(whole, whole.length - 10));
    java.nio.file.Files.writeString(task.resolve("part-x.parquet.tmp"), "half");
    spark.range(3).write().parquet(dir.resolve("foreign").toString());
    try (var files = java.nio.file.Files.list(dir.resolve("foreign"))) {
      Path f = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      java.nio.file.Files.copy(f, task.resolve("foreign.parquet"));
    }
    List<String> skipped = new ArrayList<>();
    List<String> good = Results.readable(spark, root, skipped);
    assertEquals(3, skipped.size(), skipped.toString());
    assertEquals(true, skipped.stream().anyMatch(x -> x.endsWith(victim.getFileName().toString())));
    assertEquals(true, skipped.stream().anyMatch(x -> x.endsWith("foreign.parquet")));
    var df = Results.load(spark, root);
    assertEquals((long) good.size(), df.select("trial_id").distinct().count(), "every readable result, once");
    assertEquals(true, good.size() >= 2);
  }
}
