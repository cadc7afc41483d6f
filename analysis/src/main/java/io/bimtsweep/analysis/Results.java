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
      Dataset<Row> df = spark.read().option("mergeSchema", "false").parquet(path);
      if (!List.of(df.columns()).contains("trial_id")) {
        throw new IllegalArgumentException(path + " holds Parquet, but not bimt-sweep results (no trial_id column)");
      }
      return df;
    } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("cannot read results at " + path + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
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

  /** The configuration without its seed: trials that differ only in seed share it. */
  public static Column configKey() {
    return functions.regexp_replace(col("config_json"), "\"seed\":-?[0-9]+,?", "");
  }

  /** Same as {@link #configKey()}, for one row's config_json. */
  public static String configKey(String configJson) {
    return configJson.replaceAll("\"seed\":-?[0-9]+,?", "");
  }
}
