package io.bimtsweep.analysis;

import static org.apache.spark.sql.functions.col;

import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.core.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The price of interpretability along lambda. Trials that differ only in lambda (and seed) form a
 * path; along it, the transition is the smallest lambda at which a structure measure (components,
 * modularity, ...) reaches its best value on the path, or a target; the price is how much of an
 * objective (accuracy, loss) is given up there against lambda = 0.
 *
 * <p>The lambda = 0 baseline is the path's own lambda = 0 point when it has one; otherwise the
 * mode {@code none} trials (lambda 0 effective) that share the path's data, network and optimiser
 * settings; otherwise there is none and the price is left out.
 */
public final class LambdaPath {
  /** Columns that do not define a path: lambda varies along it, seeds are averaged. */
  static final Set<String> ALONG = Set.of("lambda", "lambda_schedule", "seed");
  /** What a mode-none baseline must share with a path: everything that shapes training without lambda. */
  static final List<String> BASELINE_KEYS = List.of("task_options", "widths", "activation", "embedding_dim", "loss", "steps",
      "learning_rate", "batch_size", "weight_decay", "data_seed", "engine");

  private LambdaPath() {}

  /** One trial: its settings (as text, by column), effective lambda, and the two measures. */
  public record Trial(Map<String, String> settings, double lambda, double objective, double structure) {}

  /** One lambda on a path: the seed means and standard deviations. */
  public record Point(double lambda, int trials, double objective, double objectiveStd, double structure,
      double structureStd) {}

  /**
   * A path.
   *
   * @param group the settings that define it (those that differ between the task's paths)
   * @param points one per lambda, increasing
   * @param transition the first point whose structure reaches the best (or the target); null if none
   * @param baseline the objective at lambda = 0 (seed mean), or NaN when there is none
   * @param baselineSource where the baseline came from: "lambda 0 on the path", "mode none", or "none"
   * @param price how much worse the objective is at the transition than at the baseline (NaN without either)
   */
  public record Path(Map<String, String> group, List<Point> points, Point transition, double baseline,
      String baselineSource, double price) {

    /** The group as "key=value ..." for tables and captions. */
    public String label() {
      if (group.isEmpty()) {
        return "all trials";
      }
      StringBuilder b = new StringBuilder();
      group.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
      return b.toString();
    }
  }

  /**
   * The paths of a set of trials (one task). Groups with fewer than two lambdas are not paths; they
   * can still serve as baselines.
   */
  public static List<Path> compute(List<Trial> trials, Objective objective, Objective structure, Double target) {
    // group by every setting not along the path
    Map<String, List<Trial>> groups = new TreeMap<>();
    Map<String, Map<String, String>> keys = new LinkedHashMap<>();
    for (Trial t : trials) {
      Map<String, String> key = new TreeMap<>(t.settings());
      key.keySet().removeAll(ALONG);
      String k = key.toString();
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
      keys.put(k, key);
    }
    // the settings that differ between groups name them
    List<String> varying = new ArrayList<>();
    for (String col : keys.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList()) {
      if (keys.values().stream().map(m -> m.get(col)).distinct().count() > 1) {
        varying.add(col);
      }
    }
    List<Path> out = new ArrayList<>();
    for (var g : groups.entrySet()) {
      List<Point> points = points(g.getValue());
      if (points.size() < 2) {
        continue;
      }
      Map<String, String> label = new LinkedHashMap<>();
      varying.forEach(c -> label.put(c, keys.get(g.getKey()).get(c)));
      Point transition = transition(points, structure, target);
      double baseline = Double.NaN;
      String source = "none";
      if (points.get(0).lambda() == 0) {
        baseline = points.get(0).objective();
        source = "lambda 0 on the path";
      } else {
        double[] acc = new double[2];
        for (Trial t : trials) {
          if ("none".equals(t.settings().get("mode")) && sameBaseline(t.settings(), keys.get(g.getKey()))
              && Double.isFinite(t.objective())) {
            acc[0] += t.objective();
            acc[1]++;
          }
        }
        if (acc[1] > 0) {
          baseline = acc[0] / acc[1];
          source = "mode none";
        }
      }
      double price = transition == null || Double.isNaN(baseline) ? Double.NaN
          : objective.maximise() ? baseline - transition.objective() : transition.objective() - baseline;
      out.add(new Path(label, points, transition, baseline, source, price));
    }
    return out;
  }

  private static boolean sameBaseline(Map<String, String> a, Map<String, String> b) {
    for (String k : BASELINE_KEYS) {
      if (a.containsKey(k) && b.containsKey(k) && !a.get(k).equals(b.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static List<Point> points(List<Trial> trials) {
    Map<Double, List<Trial>> byLambda = new TreeMap<>();
    trials.forEach(t -> byLambda.computeIfAbsent(t.lambda(), l -> new ArrayList<>()).add(t));
    List<Point> out = new ArrayList<>();
    byLambda.forEach((l, ts) -> {
      double[] o = meanStd(ts.stream().mapToDouble(Trial::objective).toArray());
      double[] s = meanStd(ts.stream().mapToDouble(Trial::structure).toArray());
      out.add(new Point(l, ts.size(), o[0], o[1], s[0], s[1]));
    });
    return out;
  }

  /** The first point reaching the target, or the best structure on the path when there is no target. */
  static Point transition(List<Point> points, Objective structure, Double target) {
    double goal;
    if (target != null) {
      goal = target;
    } else {
      goal = structure.maximise() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      for (Point p : points) {
        if (Double.isFinite(p.structure())) {
          goal = structure.maximise() ? Math.max(goal, p.structure()) : Math.min(goal, p.structure());
        }
      }
    }
    for (Point p : points) {
      if (Double.isFinite(p.structure()) && (structure.maximise() ? p.structure() >= goal : p.structure() <= goal)) {
        return p;
      }
    }
    return null;
  }

  private static double[] meanStd(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (Double.isFinite(x)) {
        s += x;
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = s / n;
    double q = 0;
    for (double x : v) {
      if (Double.isFinite(x)) {
        q += (x - m) * (x - m);
      }
    }
    return new double[] {m, n > 1 ? Math.sqrt(q / (n - 1)) : 0};
  }

  /**
   * The trials of one task, ready for {@link #compute}: status ok, every setting column present as
   * text, the effective lambda and the two measures as numbers.
   */
  public static List<Trial> collect(Dataset<Row> trials, String task, Objective objective, Objective structure) {
    List<String> cols = List.of(trials.columns());
    for (Objective o : List.of(objective, structure)) {
      if (!cols.contains(o.column())) {
        throw new IllegalArgumentException("no column '" + o.column() + "' in the results");
      }
    }
    List<String> settings = new ArrayList<>();
    for (Setting<?> s : Setting.all()) {
      if (cols.contains(s.key()) && !s.key().equals("task")) {
        settings.add(s.key());
      }
    }
    List<org.apache.spark.sql.Column> select = new ArrayList<>();
    settings.forEach(s -> select.add(col(s).cast("string").as(s)));
    select.add(col("lambda").cast("double"));
    select.add(col(objective.column()).cast("double"));
    select.add(col(structure.column()).cast("double"));
    Dataset<Row> rows = trials.filter(col("task").equalTo(task).and(col("status").equalTo("ok")))
        .select(select.toArray(org.apache.spark.sql.Column[]::new));
    List<Trial> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < settings.size(); i++) {
        m.put(settings.get(i), r.isNullAt(i) ? "" : r.getString(i));
      }
      int k = settings.size();
      out.add(new Trial(m, r.isNullAt(k) ? Double.NaN : r.getDouble(k), r.isNullAt(k + 1) ? Double.NaN : r.getDouble(k + 1),
          r.isNullAt(k + 2) ? Double.NaN : r.getDouble(k + 2)));
    }
    return out;
  }

  /** test_accuracy:max when the task's trials have an accuracy, else test_loss:min. */
  public static Objective defaultObjective(Dataset<Row> trials, String task) {
    long withAccuracy = trials.filter(col("task").equalTo(task).and(col("test_accuracy").isNotNull())).limit(1).count();
    return Objective.parse(withAccuracy > 0 ? "test_accuracy:max" : "test_loss:min");
  }

  /** Tasks present in the results, sorted. */
  public static List<String> tasks(Dataset<Row> trials) {
    return trials.select("task").distinct().orderBy("task").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

}
