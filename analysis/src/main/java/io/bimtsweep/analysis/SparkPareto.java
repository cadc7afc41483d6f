package io.bimtsweep.analysis;

import static org.apache.spark.sql.functions.col;

import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.analysis.pareto.Pareto;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Pareto fronts of a results DataFrame without collecting it: each partition reduces its rows to
 * their local fronts (the global front is a subset of their union), only those reach the driver.
 * The answer equals {@link Pareto#fronts} on the same rows.
 */
public final class SparkPareto {
  private SparkPareto() {}

  /** Whether every objective of a row is finite (not null, not NaN, not infinite). */
  static Column finite(List<Objective> obj) {
    Column ok = functions.lit(true);
    for (Objective o : obj) {
      Column c = col(o.column()).cast("double");
      ok = ok.and(c.isNotNull()).and(functions.not(functions.isnan(c)))
          .and(c.notEqual(Double.POSITIVE_INFINITY)).and(c.notEqual(Double.NEGATIVE_INFINITY));
    }
    return ok;
  }

  /**
   * Candidates as a DataFrame with columns id, grp, v0..vn, s0..sn (spread), n, and the settings:
   * one per trial, or one per seed-aggregated configuration.
   */
  static Dataset<Row> candidates(Dataset<Row> trials, List<Objective> obj, boolean aggregateSeeds) {
    List<String> settings = new ArrayList<>();
    for (String s : Results.SETTINGS) {
      if (List.of(trials.columns()).contains(s)) {
        settings.add(s);
      }
    }
    if (!aggregateSeeds) {
      List<Column> cols = new ArrayList<>();
      cols.add(col("trial_id").as("id"));
      cols.add(col("task").as("grp"));
      for (int i = 0; i < obj.size(); i++) {
        cols.add(col(obj.get(i).column()).cast("double").as("v" + i));
      }
      for (int i = 0; i < obj.size(); i++) {
        cols.add(functions.lit(0.0).as("s" + i));
      }
      cols.add(functions.lit(1L).as("n"));
      settings.forEach(s -> cols.add(col(s)));
      return trials.select(cols.toArray(new Column[0]));
    }
    // a configuration with any non-finite seed is left out whole, as in SeedAggregation
    Dataset<Row> keyed = trials.withColumn("cfg", Results.configKey()).withColumn("ok", finite(obj));
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < obj.size(); i++) {
      Column v = col(obj.get(i).column()).cast("double");
      aggs.add(functions.when(functions.min(col("ok").cast("int")).equalTo(1), functions.avg(v))
          .otherwise(functions.lit(Double.NaN)).as("v" + i));
      aggs.add(functions.coalesce(functions.stddev_samp(v), functions.lit(0.0)).as("s" + i));
    }
    aggs.add(functions.count(functions.lit(1)).as("n"));
    for (String s : settings) {
      if (!s.equals("seed") && !s.equals("replicate")) {
        aggs.add(functions.first(col(s)).as(s));
      }
    }
    return keyed.groupBy(col("task").as("grp"), col("cfg").as("id"))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  static Candidate toCandidate(Row r, int d) {
    double[] v = new double[d];
    double[] s = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = r.isNullAt(r.fieldIndex("v" + i)) ? Double.NaN : r.getDouble(r.fieldIndex("v" + i));
      s[i] = r.isNullAt(r.fieldIndex("s" + i)) ? 0 : r.getDouble(r.fieldIndex("s" + i));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (String f : r.schema().fieldNames()) {
      if (Results.SETTINGS.contains(f) && !r.isNullAt(r.fieldIndex(f))) {
        settings.put(f, r.get(r.fieldIndex(f)));
      }
    }
    return new Candidate(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("grp")), v, s,
        (int) r.getLong(r.fieldIndex("n")), settings);
  }

  /**
   * Fronts per task.
   *
   * @param reference per task, or null: the worst finite value of each objective (computed in Spark)
   */
  public static Map<String, Front> fronts(Dataset<Row> trials, List<Objective> obj, boolean aggregateSeeds,
      Map<String, double[]> reference) {
    Results.checkObjectives(trials, obj);
    int d = obj.size();
    Dataset<Row> cands = candidates(trials, obj, aggregateSeeds).withColumn("ok", finiteCandidate(d));
    // counts and the default reference point, by aggregation
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.sum(col("ok").cast("long")).as("finite"));
    for (int i = 0; i < d; i++) {
      Column v = functions.when(col("ok"), col("v" + i));
      aggs.add((obj.get(i).maximise() ? functions.min(v) : functions.max(v)).as("w" + i));
    }
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, double[]> worst = new TreeMap<>();
    for (Row r : cands.groupBy("grp").agg(functions.count(functions.lit(1)).as("all"),
        aggs.toArray(new Column[0])).collectAsList()) {
      String g = r.getString(0);
      long all = r.getLong(1);
      long fin = r.isNullAt(2) ? 0 : r.getLong(2);
      counts.put(g, new long[] {fin, all - fin});
      double[] w = new double[d];
      for (int i = 0; i < d; i++) {
        w[i] = r.isNullAt(3 + i) ? Double.NaN : r.getDouble(3 + i);
      }
      worst.put(g, w);
    }
    // local fronts per partition, then the exact front on the driver
    List<Candidate> local = cands.filter(col("ok")).javaRDD().mapPartitions((Iterator<Row> it) -> {
      Map<String, List<Candidate>> byGroup = new TreeMap<>();
      while (it.hasNext()) {
        Candidate c = toCandidate(it.next(), d);
        byGroup.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
      }
      List<Candidate> out = new ArrayList<>();
      byGroup.values().forEach(cs -> out.addAll(Pareto.nonDominated(cs, obj)));
      return out.iterator();
    }).collect();
    Map<String, Front> result = new LinkedHashMap<>();
    Map<String, Front> byGroup = Pareto.fronts(local, obj, reference == null ? worst : merge(worst, reference));
    for (String g : counts.keySet()) {
      Front f = byGroup.get(g);
      long[] n = counts.get(g);
      if (f == null) {
        result.put(g, new Front(g, obj, List.of(), 0, (int) n[1], worst.get(g), 0, null));
      } else {
        result.put(g, new Front(g, obj, f.members(), (int) n[0], (int) n[1], f.reference(), f.hypervolume(), f.knee()));
      }
    }
    return result;
  }

  private static Map<String, double[]> merge(Map<String, double[]> worst, Map<String, double[]> given) {
    Map<String, double[]> m = new TreeMap<>(worst);
    m.putAll(given);
    return m;
  }

  private static Column finiteCandidate(int d) {
    Column ok = functions.lit(true);
    for (int i = 0; i < d; i++) {
      Column c = col("v" + i);
      ok = ok.and(c.isNotNull()).and(functions.not(functions.isnan(c)))
          .and(c.notEqual(Double.POSITIVE_INFINITY)).and(c.notEqual(Double.NEGATIVE_INFINITY));
    }
    return ok;
  }

  /** The same candidates collected to the driver (small result sets; used by tests and the report). */
  public static List<Candidate> collectCandidates(Dataset<Row> trials, List<Objective> obj, boolean aggregateSeeds) {
    Results.checkObjectives(trials, obj);
    List<Candidate> out = new ArrayList<>();
    for (Row r : candidates(trials, obj, aggregateSeeds).collectAsList()) {
      out.add(toCandidate(r, obj.size()));
    }
    return out;
  }
}
