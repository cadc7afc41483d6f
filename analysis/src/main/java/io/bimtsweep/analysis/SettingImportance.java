package io.bimtsweep.analysis;

import static org.apache.spark.sql.functions.col;

import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.core.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which settings explain an objective, per task: a random forest (Spark MLlib's
 * RandomForestRegressor) fitted on the finished trials, the settings that vary among them as
 * features (numbers as numbers, words as categories), and its impurity-based feature importances,
 * normalised to sum to 1: the idea behind Optuna's and W&B's parameter importance. Beside each
 * importance, the setting's marginal: the objective's mean per value (or per fifth of its range
 * when it takes more than {@link #MAX_LEVELS} values). Seeds are not features: they are the noise
 * the other settings are measured against.
 */
public final class SettingImportance {
  public static final int TREES = 200;
  public static final int MAX_LEVELS = 10;
  private static final List<String> NOT_FEATURES = List.of("task", "seed", "data_seed");

  private SettingImportance() {}

  /** One value (or range) of a setting, with the objective's mean over its trials. */
  public record Level(String value, double mean, long trials) {}

  /** A setting's share of the forest's importance, and its marginal curve. */
  public record Factor(String setting, boolean categorical, double importance, List<Level> marginal) {}

  /**
   * A task's answer.
   *
   * @param trials finished trials with a finite objective
   * @param constant settings that take one value here (nothing to explain)
   */
  public record Result(String task, String objective, long trials, List<Factor> factors, List<String> constant) {}

  /** Every task's importances (or one task's, when task is non-null), most important first. */
  public static List<Result> compute(Dataset<Row> results, Objective objective, String task, long seed) {
    Results.checkObjectives(results, List.of(objective));
    List<String> tasks = task != null ? List.of(task) : LambdaPath.tasks(results);
    List<Result> out = new ArrayList<>();
    for (String t : tasks) {
      out.add(forTask(results, objective, t, seed));
    }
    return out;
  }

  static Result forTask(Dataset<Row> results, Objective objective, String task, long seed) {
    List<String> cols = List.of(results.columns());
    String target = objective.column();
    Dataset<Row> rows = results.filter(col("task").equalTo(task).and(col("status").equalTo("ok"))
        .and(SparkPareto.finite(List.of(objective))));
    List<String> settings = new ArrayList<>();
    for (Setting<?> s : Setting.all()) {
      if (cols.contains(s.key()) && !NOT_FEATURES.contains(s.key())) {
        settings.add(s.key());
      }
    }
    List<Column> select = new ArrayList<>();
    settings.forEach(s -> select.add(functions_text(s)));
    select.add(col(target).cast("double").as("y"));
    Dataset<Row> data = rows.select(select.toArray(Column[]::new)).cache();
    long n = data.count();
    if (n < 2) {
      data.unpersist();
      throw new IllegalArgumentException("task " + task + " has " + n + " finished trial(s) with a finite " + target
          + ": an importance needs at least 2");
    }
    // which settings vary, and whether each is a number
    List<String> varying = new ArrayList<>();
    List<String> constant = new ArrayList<>();
    Map<String, Boolean> numeric = new LinkedHashMap<>();
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String s : settings) {
      List<String> v = data.select(col(s)).distinct().limit(MAX_LEVELS * 100).collectAsList().stream()
          .map(r -> r.isNullAt(0) ? "" : r.getString(0)).toList();
      if (v.size() < 2) {
        constant.add(s);
        continue;
      }
      varying.add(s);
      values.put(s, v);
      numeric.put(s, v.stream().allMatch(SettingImportance::isNumber));
    }
    if (varying.contains("lambda")) {
      varying.remove("lambda_schedule"); // the schedule follows lambda: one setting, not two
    }
    if (varying.isEmpty()) {
      data.unpersist();
      return new Result(task, target, n, List.of(), constant);
    }
    List<PipelineStage> stages = new ArrayList<>();
    List<String> features = new ArrayList<>();
    Dataset<Row> typed = data;
    for (String s : varying) {
      if (numeric.get(s)) {
        typed = typed.withColumn("f_" + s, col(s).cast("double"));
      } else {
        stages.add(new StringIndexer().setInputCol(s).setOutputCol("f_" + s).setStringOrderType("alphabetAsc"));
      }
      features.add("f_" + s);
    }
    stages.add(new VectorAssembler().setInputCols(features.toArray(String[]::new)).setOutputCol("features"));
    int maxBins = Math.max(32, values.values().stream().mapToInt(List::size).max().orElse(2));
    RandomForestRegressor rf = new RandomForestRegressor().setLabelCol("y").setFeaturesCol("features")
        .setNumTrees(TREES).setMaxDepth(6).setMaxBins(maxBins).setFeatureSubsetStrategy("all").setSubsamplingRate(0.8)
        .setSeed(seed);
    stages.add(rf);
    PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(typed);
    RandomForestRegressionModel forest = (RandomForestRegressionModel) model.stages()[model.stages().length - 1];
    double[] imp = forest.featureImportances().toArray();
    List<Factor> factors = new ArrayList<>();
    for (int i = 0; i < varying.size(); i++) {
      String s = varying.get(i);
      factors.add(new Factor(s, !numeric.get(s), i < imp.length ? imp[i] : 0, marginal(data, s, numeric.get(s))));
    }
    factors.sort((a, b) -> Double.compare(b.importance(), a.importance()));
    data.unpersist();
    return new Result(task, target, n, factors, constant);
  }

  private static Column functions_text(String s) {
    return col(s).cast("string").as(s);
  }

  static boolean isNumber(String v) {
    try {
      Double.parseDouble(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Mean objective per value, in order; a number with many values in five equal-count ranges. */
  private static List<Level> marginal(Dataset<Row> data, String s, boolean number) {
    List<Row> rows = data.groupBy(col(s)).agg(org.apache.spark.sql.functions.sum("y"),
        org.apache.spark.sql.functions.count("y")).collectAsList();
    TreeMap<Object, double[]> by = new TreeMap<>((a, b) -> number
        ? Double.compare(Double.parseDouble((String) a), Double.parseDouble((String) b))
        : ((String) a).compareTo((String) b));
    for (Row r : rows) {
      by.put(r.isNullAt(0) ? "" : r.getString(0), new double[] {r.getDouble(1), r.getLong(2)});
    }
    List<Level> out = new ArrayList<>();
    if (!number || by.size() <= MAX_LEVELS) {
      by.forEach((k, v) -> out.add(new Level((String) k, v[0] / v[1], (long) v[1])));
      return out;
    }
    long total = by.values().stream().mapToLong(v -> (long) v[1]).sum();
    int groups = 5;
    double sum = 0;
    long count = 0;
    String first = null;
    String last = null;
    long seen = 0;
    for (var e : by.entrySet()) {
      if (first == null) {
        first = (String) e.getKey();
      }
      last = (String) e.getKey();
      sum += e.getValue()[0];
      count += (long) e.getValue()[1];
      seen += (long) e.getValue()[1];
      if (seen >= (out.size() + 1.0) * total / groups || e.getKey().equals(by.lastKey())) {
        out.add(new Level(shortNumber(first) + ".." + shortNumber(last), sum / count, count));
        sum = 0;
        count = 0;
        first = null;
      }
    }
    return out;
  }

  private static String shortNumber(String v) {
    return v.length() <= 8 ? v : String.format(java.util.Locale.ROOT, "%.3g", Double.parseDouble(v));
  }

  /** The answer as text, for the terminal. */
  public static String text(List<Result> results) {
    StringBuilder b = new StringBuilder();
    for (Result r : results) {
      b.append(String.format(java.util.Locale.ROOT, "task %s: %s over %d finished trials (a random forest of %d trees "
          + "on the %d settings that vary)%n", r.task(), r.objective(), r.trials(), TREES, r.factors().size()));
      if (r.factors().isEmpty()) {
        b.append("  no setting varies among these trials: nothing to explain\n");
        continue;
      }
      b.append(String.format(java.util.Locale.ROOT, "  %-22s %10s   %s%n", "setting", "importance",
          "mean " + r.objective() + " by value (trials)"));
      for (Factor f : r.factors()) {
        List<String> levels = new ArrayList<>();
        for (Level l : f.marginal()) {
          levels.add(String.format(java.util.Locale.ROOT, "%s: %.4g (%d)", l.value(), l.mean(), l.trials()));
        }
        b.append(String.format(java.util.Locale.ROOT, "  %-22s %10.3f   %s%n", f.setting(), f.importance(),
            String.join(" | ", levels)));
      }
    }
    return b.toString();
  }
}
