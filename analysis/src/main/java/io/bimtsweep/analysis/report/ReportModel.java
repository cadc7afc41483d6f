package io.bimtsweep.analysis.report;

import io.bimtsweep.analysis.LambdaPath;
import io.bimtsweep.analysis.SparkPareto;
import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.pareto.Objective;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What a report shows, computed from a results dataset: the Spark queries (fronts, counts, the
 * plotted sample, the front members' networks and training curves) and nothing about HTML.
 * {@link HtmlReport} renders it.
 *
 * @param source the dataset as the user named it
 * @param trials trials in the dataset
 * @param sweeps distinct sweeps
 * @param ok trials with status ok
 * @param objectives the fronts' objectives
 * @param generatedAt when the model was built
 * @param tasks one section per task, in the fronts' order
 */
public record ReportModel(String source, long trials, long sweeps, long ok, List<Objective> objectives, Instant generatedAt,
    List<TaskSection> tasks) {

  /** Hyperparameters shown in the small multiples when they vary within a task. */
  static final List<String> PARAMETERS = List.of("lambda", "layout_width", "norm", "swap_interval", "top_k", "mode", "steps",
      "layer_distance", "learning_rate");
  /** Front members drawn per task; more would make the page slow without telling more. */
  static final int MAX_DIAGRAMS = 12;
  /** Trials plotted per task; beyond it, a seeded sample of the non-front trials. */
  static final int MAX_POINTS = 5000;

  public ReportModel {
    objectives = List.copyOf(objectives);
    tasks = List.copyOf(tasks);
  }

  /**
   * One task's section.
   *
   * @param task the task
   * @param front its front of the objectives
   * @param count its trials
   * @param points the trials plotted (all, or the front plus a seeded sample)
   * @param quality test_accuracy for classification, else test_loss
   * @param parameters the hyperparameters that vary among the points
   * @param drawn front members with a diagram, at most {@value #MAX_DIAGRAMS}
   * @param networks their bimt-network/1 JSON by trial id
   * @param losses their training-loss curves
   * @param costs their connection-cost curves
   * @param lambdaPaths the price of interpretability along lambda: quality against components
   * @param knockouts the drawn members' knockouts by trial id
   */
  public record TaskSection(String task, Front front, long count, List<Plots.Point> points, String quality,
      List<String> parameters, List<Candidate> drawn, Map<String, String> networks, List<Plots.Curve> losses,
      List<Plots.Curve> costs, List<LambdaPath.Path> lambdaPaths, Map<String, List<Knockout>> knockouts,
      List<io.bimtsweep.analysis.SettingImportance.Result> importance, List<Rung> halving) {}

  /**
   * Successive halving, one rung: its budget (the largest steps given there), how many trials
   * reached it, and how many ended there, stopped or finished.
   */
  public record Rung(int rung, int budget, long reached, long stopped, long finished) {}

  /** One row of a trial's knockouts column (null: not measured, e.g. accuracy for regression). */
  public record Knockout(int module, int size, Double keptLoss, Double keptAccuracy, Double removedLoss,
      Double removedAccuracy) {}

  /** Paths drawn per task. */
  static final int MAX_PATHS = 8;

  /** Runs the queries a report needs over a results dataset. */
  public static ReportModel build(Dataset<Row> trials, List<Objective> objectives, String source) {
    return build(trials, objectives, source, true);
  }

  /**
   * As {@link #build(Dataset, List, String)}; without includeStopped the trials that successive
   * halving stopped are left out of fronts and plots but still counted in each task's rung table.
   */
  public static ReportModel build(Dataset<Row> all, List<Objective> objectives, String source, boolean includeStopped) {
    Dataset<Row> trials = includeStopped ? all : io.bimtsweep.analysis.Results.finishedOnly(all);
    Map<String, List<Rung>> rungs = rungs(all);
    Map<String, Front> fronts = SparkPareto.fronts(trials, objectives, false, null);
    List<String> present = List.of(trials.columns());
    Row totals = trials.agg(functions.count(functions.lit(1)), functions.countDistinct(functions.col("sweep_id")),
        functions.sum(functions.when(functions.col("status").equalTo("ok"), 1).otherwise(0))).first();
    List<TaskSection> sections = new ArrayList<>();
    for (Front f : fronts.values()) {
      sections.add(section(trials, f, objectives, present, rungs.getOrDefault(f.group(), List.of())));
    }
    return new ReportModel(source, totals.getLong(0), totals.getLong(1), totals.isNullAt(2) ? 0 : totals.getLong(2),
        objectives, Instant.now(), sections);
  }

  /** Per task, the trials' path through the rungs of successive halving (empty without halving). */
  static Map<String, List<Rung>> rungs(Dataset<Row> all) {
    Map<String, List<Rung>> out = new java.util.TreeMap<>();
    if (!List.of(all.columns()).contains("rung")) {
      return out;
    }
    List<Row> rows = all.filter(functions.col("rung").isNotNull()).groupBy("task", "rung")
        .agg(functions.max("budget_steps"), functions.count(functions.lit(1)),
            functions.sum(functions.when(functions.col("status").equalTo("stopped"), 1).otherwise(0)))
        .orderBy("task", "rung").collectAsList();
    Map<String, List<long[]>> byTask = new java.util.TreeMap<>();
    for (Row r : rows) {
      byTask.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new long[] {r.getInt(1),
          r.isNullAt(2) ? 0 : r.getInt(2), r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4)});
    }
    byTask.forEach((task, list) -> {
      List<Rung> rs = new ArrayList<>();
      long reached = list.stream().mapToLong(x -> x[2]).sum();
      for (long[] x : list) {
        rs.add(new Rung((int) x[0], (int) x[1], reached, x[3], x[2] - x[3]));
        reached -= x[2];
      }
      out.put(task, List.copyOf(rs));
    });
    return out;
  }

  private static TaskSection section(Dataset<Row> trials, Front f, List<Objective> objectives, List<String> present,
      List<Rung> halving) {
    String task = f.group();
    Set<String> memberIds = new TreeSet<>();
    f.members().forEach(m -> memberIds.add(m.id()));
    List<String> cols = new ArrayList<>(List.of("trial_id", "status"));
    for (String c : PARAMETERS) {
      if (present.contains(c)) {
        cols.add(c);
      }
    }
    // no modularity_z: no null model found orders the training modes as Q does (README, Metrics)
    for (String c : List.of("test_loss", "test_accuracy", "modularity_q", "weight_fraction_1e2",
        "components", "connection_cost_ref")) {
      if (present.contains(c) && !cols.contains(c)) {
        cols.add(c);
      }
    }
    objectives.forEach(o -> {
      if (!cols.contains(o.column())) {
        cols.add(o.column());
      }
    });
    Dataset<Row> taskRows = trials.filter(functions.col("task").equalTo(task));
    long count = taskRows.count();
    Dataset<Row> sample = count <= MAX_POINTS ? taskRows
        : taskRows.filter(functions.col("trial_id").isin(memberIds.toArray()))
            .union(taskRows.sample((double) MAX_POINTS / count, 7));
    List<Plots.Point> points = new ArrayList<>();
    for (Row r : sample.select(cols.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
      Map<String, Object> v = new LinkedHashMap<>();
      for (int i = 0; i < cols.size(); i++) {
        v.put(cols.get(i), r.get(i));
      }
      points.add(new Plots.Point(r.getString(0), v));
    }
    boolean classification = points.stream().anyMatch(p -> Double.isFinite(p.num("test_accuracy")));
    List<String> parameters = new ArrayList<>();
    for (String param : PARAMETERS) {
      if (present.contains(param) && points.stream().map(p -> p.text(param)).distinct().count() >= 2) {
        parameters.add(param);
      }
    }
    List<Candidate> drawn = f.members().subList(0, Math.min(MAX_DIAGRAMS, f.members().size()));
    Map<String, String> nets = new LinkedHashMap<>();
    List<Plots.Curve> losses = new ArrayList<>();
    List<Plots.Curve> costs = new ArrayList<>();
    if (present.contains("network_json") && present.contains("history_steps") && !drawn.isEmpty()) {
      for (Row r : taskRows.filter(functions.col("trial_id").isin(drawn.stream().map(Candidate::id).toArray()))
          .select("trial_id", "network_json", "history_steps", "history_train_loss", "history_cost").collectAsList()) {
        nets.put(r.getString(0), r.getString(1));
        if (!r.isNullAt(2)) {
          double[] steps = r.<Integer>getList(2).stream().mapToDouble(Integer::doubleValue).toArray();
          losses.add(new Plots.Curve(r.getString(0), steps, r.<Double>getList(3).stream().mapToDouble(Double::doubleValue).toArray()));
          costs.add(new Plots.Curve(r.getString(0), steps, r.<Double>getList(4).stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
    }
    String quality = classification ? "test_accuracy" : "test_loss";
    List<LambdaPath.Path> paths = List.of();
    if (present.contains("lambda") && present.contains("components")) {
      Objective q = Objective.parse(quality + (classification ? ":max" : ":min"));
      Objective components = Objective.parse("components:max");
      paths = LambdaPath.compute(LambdaPath.collect(trials, task, q, components), q, components, null);
      paths = paths.subList(0, Math.min(MAX_PATHS, paths.size()));
    }
    Map<String, List<Knockout>> knockouts = new LinkedHashMap<>();
    if (present.contains("knockouts") && !drawn.isEmpty()) {
      for (Row r : taskRows.filter(functions.col("trial_id").isin(drawn.stream().map(Candidate::id).toArray()))
          .select("trial_id", "knockouts").collectAsList()) {
        if (r.isNullAt(1)) {
          continue;
        }
        List<Knockout> ks = new ArrayList<>();
        for (Row k : r.<Row>getList(1)) {
          ks.add(new Knockout(k.getInt(k.fieldIndex("module")), k.getInt(k.fieldIndex("size")), nullable(k, "kept_loss"),
              nullable(k, "kept_accuracy"), nullable(k, "removed_loss"), nullable(k, "removed_accuracy")));
        }
        knockouts.put(r.getString(0), List.copyOf(ks));
      }
    }
    // which settings explain each objective (a random forest per objective; too few finished trials: none)
    List<io.bimtsweep.analysis.SettingImportance.Result> importance = new ArrayList<>();
    if (parameters.size() >= 1) {
      for (Objective o : objectives) {
        try {
          importance.add(io.bimtsweep.analysis.SettingImportance.compute(trials, o, task, 1).get(0));
        } catch (IllegalArgumentException e) {
          // fewer than two finished trials with this objective
        }
      }
    }
    return new TaskSection(task, f, count, List.copyOf(points), quality, List.copyOf(parameters), List.copyOf(drawn),
        Map.copyOf(nets), List.copyOf(losses), List.copyOf(costs), List.copyOf(paths), Map.copyOf(knockouts),
        List.copyOf(importance), halving);
  }

  private static Double nullable(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? null : r.getDouble(i);
  }
}
