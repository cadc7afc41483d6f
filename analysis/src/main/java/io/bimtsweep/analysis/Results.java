package io.bimtsweep.analysis;

import static org.apache.spark.sql.functions.col;

import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Loading a results dataset and checking what is asked of it. */
public final class Results {
  /** Settings shown next to front members. */
  public static final List<String> SETTINGS = List.of("lambda", "layout_width", "norm", "swap_interval", "top_k", "mode",
      "steps", "seed", "replicate");

  private Results() {}

  /** All trials under a dataset root (or one sweep's folder), with sweep_id and task from the partitions. */
  public static Dataset<Row> load(SparkSession spark, String path) {
    java.nio.file.Path p = java.nio.file.Path.of(path);
    if (!path.contains("://") && !java.nio.file.Files.isDirectory(p)) {
      throw new IllegalArgumentException("no results at " + path + ": give the folder a sweep wrote (its --out)");
    }
    try {
      // mergeSchema: a folder may hold rows of schema versions 1 and 2, whose columns differ
      List<String> skipped = new ArrayList<>();
      List<String> good = readable(spark, path, skipped);
      for (String f : skipped) {
        System.err.println("skipped, not a readable result: " + f);
      }
      if (!skipped.isEmpty()) {
        System.err.println("skipped " + skipped.size() + " file(s) under " + path + "; a rerun of their sweep runs their "
            + "trials again");
        if (good.isEmpty()) {
          throw new IllegalArgumentException("no readable results at " + path);
        }
      }
      Dataset<Row> df = skipped.isEmpty() ? spark.read().option("mergeSchema", "true").parquet(path)
          : spark.read().option("mergeSchema", "true").option("basePath", path).parquet(good.toArray(String[]::new));
      if (!List.of(df.columns()).contains("trial_id")) {
        throw new IllegalArgumentException(path + " holds Parquet, but not bimt-sweep results (no trial_id column)");
      }
      return upgrade(df);
    } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      if (String.valueOf(e.getMessage()).contains("UNABLE_TO_INFER_SCHEMA")) {
        throw new IllegalArgumentException("no results yet at " + path + ": it holds no Parquet files (run a sweep with "
            + "--out " + path + " first)");
      }
      throw new IllegalArgumentException("cannot read results at " + path + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * The result files under a dataset root or a sweep's folder that Spark would read: Parquet files
   * whose magic bytes are intact and whose footer has a trial_id column. Everything else Spark would
   * try (truncated rows, stray temporary files, foreign Parquet) goes to skipped.
   */
  static List<String> readable(SparkSession spark, String path, List<String> skipped) throws java.io.IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
    org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
      fs = local.getRaw(); // a damaged file must read as damaged, not throw a checksum error of its .crc
    }
    List<String> good = new ArrayList<>();
    java.util.ArrayDeque<org.apache.hadoop.fs.Path> dirs = new java.util.ArrayDeque<>(List.of(root));
    while (!dirs.isEmpty()) {
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dirs.pop())) {
        String n = f.getPath().getName();
        if (n.startsWith("_") || n.startsWith(".")) {
          continue; // Spark skips these too
        }
        if (f.isDirectory()) {
          dirs.push(f.getPath());
        } else if (n.endsWith(".parquet") && magic(fs, f) && hasTrialId(f, spark)) {
          good.add(f.getPath().toString());
        } else {
          skipped.add(f.getPath().toString());
        }
      }
    }
    java.util.Collections.sort(good);
    java.util.Collections.sort(skipped);
    return good;
  }

  private static boolean hasTrialId(org.apache.hadoop.fs.FileStatus f, SparkSession spark) {
    try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
        f.getPath(), spark.sparkContext().hadoopConfiguration()))) {
      return r.getFooter().getFileMetaData().getSchema().containsField("trial_id");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean magic(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.FileStatus f) {
    try (var in = fs.open(f.getPath())) {
      return io.bimtsweep.core.io.ParquetMagic.intact(f.getLen(), in::readFully);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Rows of schema version 1 held the configured values in their setting columns; as read, they
   * hold the effective ones, as version 2 writes them: lambda 0 in mode none, A 0 without locality,
   * S and top_k 0 without swaps. (config_json keeps what was configured in both.)
   */
  static Dataset<Row> upgrade(Dataset<Row> df) {
    List<String> cols = List.of(df.columns());
    if (!cols.contains("schema_version") || !cols.contains("mode")) {
      return df;
    }
    Column v1 = col("schema_version").equalTo(1);
    Column noLambda = v1.and(col("mode").equalTo("none"));
    Column noLocality = v1.and(col("mode").isin("none", "l1", "l1_swap"));
    Column noSwaps = v1.and(col("mode").isin("none", "l1", "l1_local"));
    Dataset<Row> out = df;
    out = replace(out, "lambda", noLambda, functions.lit(0.0));
    out = replace(out, "lambda_schedule", noLambda, functions.lit("0"));
    out = replace(out, "layout_width", noLocality, functions.lit(0.0));
    out = replace(out, "swap_interval", noSwaps, functions.lit(0));
    out = replace(out, "top_k", noSwaps, functions.lit(0));
    return out;
  }

  private static Dataset<Row> replace(Dataset<Row> df, String column, Column when, Column value) {
    if (!List.of(df.columns()).contains(column)) {
      return df;
    }
    return df.withColumn(column, functions.when(when, value.cast(df.schema().apply(column).dataType())).otherwise(col(column)));
  }

  /**
   * Rows per schema version, for a note to the user when a dataset holds older rows; empty when
   * every row is of the current version.
   */
  public static java.util.Map<Integer, Long> olderVersions(Dataset<Row> df) {
    java.util.Map<Integer, Long> out = new java.util.TreeMap<>();
    if (!List.of(df.columns()).contains("schema_version")) {
      return out;
    }
    Dataset<Row> older = df.filter(col("schema_version").notEqual(io.bimtsweep.core.io.TrialRecord.SCHEMA_VERSION));
    if (older.isEmpty()) { // the usual answer, without the shuffle of a grouping (seconds in a fresh JVM)
      return out;
    }
    for (Row r : older.groupBy("schema_version").count().collectAsList()) { // (the filter left no null, no current)
      out.put(r.getInt(0), r.getLong(1));
    }
    return out;
  }

  /** Fails with the list of usable columns if an objective is not a numeric column. */
  public static void checkObjectives(Dataset<Row> df, List<Objective> objectives) {
    List<String> numeric = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (isNumeric(f.dataType())) {
        numeric.add(f.name());
      }
    }
    for (Objective o : objectives) {
      if (!numeric.contains(o.column())) {
        throw new IllegalArgumentException("objective '" + o.column() + "' is not a numeric column of the results (numeric columns: "
            + String.join(", ", numeric) + ")");
      }
    }
  }

  static boolean isNumeric(DataType t) {
    return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)
        || t.equals(DataTypes.FloatType);
  }

  /**
   * Without the trials that successive halving stopped early (status stopped): their metrics are
   * those of a shorter run, so fronts and reports leave them out unless asked.
   */
  public static Dataset<Row> finishedOnly(Dataset<Row> trials) {
    if (!List.of(trials.columns()).contains("status")) {
      return trials; // results written by other tools, or hand-made: nothing was stopped
    }
    return trials.filter(col("status").isNull().or(col("status").notEqual("stopped")));
  }

  /** The configuration without its seed: trials that differ only in seed share it. */
  public static Column configKey() {
    return functions.regexp_replace(col("config_json"), "\"seed\":-?[0-9]+,?", "");
  }

  /** Same as {@link #configKey()}, for one row's config_json. */
  public static String configKey(String configJson) {
    return configJson.replaceAll("\"seed\":-?[0-9]+,?", "");
  }
}
