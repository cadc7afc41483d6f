package io.bimtsweep.spark;

import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.sweep.Halving;
import io.bimtsweep.core.sweep.NsgaRanking;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.core.sweep.SweepTrial;
import io.bimtsweep.core.sweep.TrialWork;
import io.bimtsweep.core.train.TrainingCheckpoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * A sweep under multi-objective successive halving ({@link Halving}): each rung is one Spark job
 * of one task per trial still in the race. A task trains its trial from the last rung's checkpoint
 * to the rung's budget, then (on the last rung) commits its row, or stages the row it would leave
 * if stopped there and saves the checkpoint. The driver then ranks each task's trials at that rung
 * (replicates of a configuration on their mean), lets the first 1/eta go on, and commits the
 * others' staged rows with status {@code stopped}. Everything a rung produced is kept under
 * {@code _halving/} until the sweep ends, so a stopped sweep resumes at the rung it reached and runs
 * nothing twice: a rerun ranks the same records the same way.
 */
final class HalvingJob {
  private HalvingJob() {}

  /** Tests only: return after this rung, as a stopped sweep would (-1: never). */
  static volatile int stopAfterRung = -1;

  /** One trial's figures at one rung. */
  record RungRecord(String status, boolean last, double[] values) {}

  static SweepJob.Summary run(SparkSession spark, SweepPlan plan, SweepJob.Options o, PrintStream log, TrialStore store,
      long start) {
    var spec = plan.file();
    Halving hv = spec.halving();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator trialMillis = jsc.sc().longAccumulator("trial milliseconds");
    LongAccumulator trained = jsc.sc().longAccumulator("rung runs");
    String halvingDir = new Path(store.sweepDir(), "_halving").toString();
    List<SweepTrial> alive = new ArrayList<>(plan.trials());
    java.util.Set<String> committed = store.committed(hadoop);
    if (alive.stream().allMatch(t -> committed.contains(t.trialId()))) {
      SweepJob.Summary s = new SweepJob.Summary(alive.size(), alive.size(), 0, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9,
          0, false, store.sweepDir(), 0);
      log.println("[" + spec.name() + "] " + s.line());
      return s;
    }
    Map<String, Long> ended = new TreeMap<>();
    long budgetSteps = 0;
    int rung = 0;
    final Duration timeout = o.trialTimeout();
    log.printf(Locale.ROOT, "[%s] %d trials under successive halving (%s, min_steps %d, eta %d) on %s%n", spec.name(),
        alive.size(), String.join(", ", objectivesText(hv)), hv.minSteps(), hv.eta(), spark.sparkContext().master());
    while (!alive.isEmpty()) {
      final int r = rung;
      Path rungDir = new Path(halvingDir, "rung-" + r);
      Map<String, RungRecord> records = readRecords(rungDir, hadoop);
      List<String> todo = new ArrayList<>();
      for (SweepTrial t : TrialWork.heaviestFirst(alive)) { // as in SweepJob: long trials do not end a rung alone
        if (!records.containsKey(t.trialId())) {
          todo.add(SweepJob.encode(t));
        }
      }
      if (!todo.isEmpty()) {
        jsc.setJobGroup("bimt-halving-" + spec.name() + "-" + r, "bimt sweep " + spec.name() + " rung " + r, true);
        jsc.parallelize(todo, Math.max(1, todo.size())).foreachPartition((Iterator<String> it) -> {
          Configuration conf = SweepJob.ExecutorConf.get();
          TrialExecutor executor = new TrialExecutor();
          while (it.hasNext()) {
            SweepTrial t = SweepJob.decode(it.next());
            long t0 = System.currentTimeMillis();
            runRung(t, r, hv, executor, timeout, store, halvingDir, conf);
            trialMillis.add(System.currentTimeMillis() - t0);
            trained.add(1);
          }
        });
        jsc.clearJobGroup();
        records = readRecords(rungDir, hadoop);
      }
      // rank each task's trials that may go on; the rest of this rung's trials have ended
      Map<String, Map<String, List<SweepTrial>>> byTaskAndConfig = new TreeMap<>();
      int ran = 0;
      for (SweepTrial t : alive) {
        RungRecord rec = records.get(t.trialId());
        if (rec == null) {
          throw new IllegalStateException("trial " + t.trialId() + " left no record at rung " + r);
        }
        ran++;
        budgetSteps += hv.budgets(t.config().steps()).get(r) - (r == 0 ? 0 : hv.budgets(t.config().steps()).get(r - 1));
        if (rec.last() || !rec.status().equals("ok")) {
          ended.merge(rec.last() ? rec.status() : rec.status(), 1L, Long::sum);
          continue;
        }
        String key = TrialIds.of(t.config().with(Setting.SEED, 0L));
        byTaskAndConfig.computeIfAbsent(t.config().task(), k -> new TreeMap<>())
            .computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      }
      List<SweepTrial> next = new ArrayList<>();
      int stopped = 0;
      for (var task : byTaskAndConfig.entrySet()) {
        List<List<SweepTrial>> groups = new ArrayList<>(task.getValue().values());
        double[][] values = new double[groups.size()][];
        for (int g = 0; g < groups.size(); g++) {
          values[g] = mean(groups.get(g), records, hv.columns().size());
        }
        int[] order = NsgaRanking.order(values, hv.maximiseArray());
        int keep = hv.survivors(groups.size());
        for (int i = 0; i < order.length; i++) {
          for (SweepTrial t : groups.get(order[i])) {
            if (i < keep) {
              next.add(t);
            } else {
              commitStaged(store, halvingDir, r, t, hadoop);
              stopped++;
            }
          }
        }
      }
      ended.merge("stopped", (long) stopped, Long::sum);
      log.printf(Locale.ROOT, "[%s] rung %d: %d trials at their budget (%d trained now), %d go on, %d stopped%n",
          spec.name(), r, ran, todo.size(), next.size(), stopped);
      alive = next;
      rung++;
      if (stopAfterRung >= 0 && r >= stopAfterRung && !alive.isEmpty()) {
        return new SweepJob.Summary(plan.trials().size(), 0, (int) (long) trained.value(), 0, 0, 0, 0,
            (System.nanoTime() - start) / 1e9, trialMillis.value() / 1000.0, true, store.sweepDir(), 0);
      }
    }
    try {
      Path dir = new Path(halvingDir);
      TrialStore.fs(dir, hadoop).delete(dir, true);
    } catch (IOException e) {
      // leftovers under _halving are invisible to readers
    }
    double fullSteps = plan.trials().stream().mapToDouble(t -> t.config().steps()).sum();
    log.printf(Locale.ROOT, "[%s] halving spent %d trial-steps, %.0f%% of the %.0f that running every trial to its "
        + "end would take%n", spec.name(), budgetSteps, 100.0 * budgetSteps / fullSteps, fullSteps);
    long ok = ended.getOrDefault("ok", 0L);
    SweepJob.Summary s = new SweepJob.Summary(plan.trials().size(), 0, (int) (long) trained.value(), ok,
        ended.getOrDefault("diverged", 0L), ended.getOrDefault("failed", 0L), ended.getOrDefault("timeout", 0L),
        (System.nanoTime() - start) / 1e9, trialMillis.value() / 1000.0, false, store.sweepDir(), 0);
    log.println("[" + spec.name() + "] " + s.line() + "; " + ended.getOrDefault("stopped", 0L) + " stopped early");
    return s;
  }

  private static List<String> objectivesText(Halving hv) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < hv.columns().size(); i++) {
      out.add(hv.columns().get(i) + (hv.maximise().get(i) ? ":max" : ":min"));
    }
    return out;
  }

  /** Mean of each objective over a configuration's replicates (finite values only; NaN if none). */
  private static double[] mean(List<SweepTrial> group, Map<String, RungRecord> records, int k) {
    double[] sum = new double[k];
    int[] n = new int[k];
    for (SweepTrial t : group) {
      double[] v = records.get(t.trialId()).values();
      for (int i = 0; i < k; i++) {
        if (Double.isFinite(v[i])) {
          sum[i] += v[i];
          n[i]++;
        }
      }
    }
    for (int i = 0; i < k; i++) {
      sum[i] = n[i] == 0 ? Double.NaN : sum[i] / n[i];
    }
    return sum;
  }

  /** On an executor: one trial's rung, from its checkpoint to the rung's budget. */
  static void runRung(SweepTrial t, int r, Halving hv, TrialExecutor executor, Duration timeout, TrialStore store,
      String halvingDir, Configuration conf) {
    List<Integer> budgets = hv.budgets(t.config().steps());
    int budget = budgets.get(r);
    boolean last = r == budgets.size() - 1;
    Path cpPath = new Path(new Path(halvingDir, "checkpoints"), t.trialId() + ".bin");
    Path rungDir = new Path(halvingDir, "rung-" + r);
    try {
      FileSystem fs = TrialStore.fs(cpPath, conf);
      TrainingCheckpoint from = null;
      if (r > 0) {
        if (!fs.exists(cpPath)) {
          throw new IllegalStateException("trial " + t.trialId() + " has no checkpoint for rung " + r);
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(cpPath)))) {
          from = TrainingCheckpoint.read(in);
        }
      }
      TrialExecutor.Rung out = executor.executeRung(t.config(), t.sweepId(), t.replicate(), timeout, from, budget, r);
      TrialRecord row = out.row();
      boolean goesOn = !last && row.status().equals("ok") && out.checkpoint() != null;
      if (goesOn) {
        Path tmp = new Path(cpPath.getParent(), "." + t.trialId() + "." + java.util.UUID.randomUUID());
        fs.mkdirs(cpPath.getParent());
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(tmp, true)))) {
          out.checkpoint().write(o);
        }
        fs.delete(cpPath, false);
        fs.rename(tmp, cpPath);
        stage(store, rungDir, row.with(Map.of("status", "stopped")), conf);
      } else {
        store.commit(row, conf);
        fs.delete(cpPath, false);
      }
      List<Double> values = new ArrayList<>();
      for (String c : hv.columns()) {
        Object v = row.get(c);
        values.add(v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null);
      }
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("status", row.status());
      rec.put("last", !goesOn);
      rec.put("values", values);
      writeAtomically(new Path(rungDir, t.trialId() + ".json"), Json.canonical(rec), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("halving state of trial " + t.trialId() + " under " + halvingDir + ": "
          + TrialStore.rootMessage(e), e);
    }
  }

  /** The row a trial leaves if it stops at this rung, written beside the rung's records. */
  private static void stage(TrialStore store, Path rungDir, TrialRecord row, Configuration conf) throws IOException {
    Path dst = new Path(rungDir, row.trialId() + ".parquet");
    FileSystem fs = TrialStore.fs(dst, conf);
    fs.mkdirs(rungDir);
    Path tmp = new Path(rungDir, "." + row.trialId() + "." + java.util.UUID.randomUUID() + ".parquet");
    TrialParquet.write(row, fs.makeQualified(tmp), conf);
    fs.delete(new Path(tmp.getParent(), "." + tmp.getName() + ".crc"), false);
    fs.delete(dst, false);
    fs.rename(tmp, dst);
  }

  /** On the driver: a stopped trial's staged row becomes its committed result; its checkpoint goes. */
  private static void commitStaged(TrialStore store, String halvingDir, int r, SweepTrial t, Configuration conf) {
    Path staged = new Path(new Path(halvingDir, "rung-" + r), t.trialId() + ".parquet");
    Path dst = store.file(t.config().task(), t.trialId());
    try {
      FileSystem fs = TrialStore.fs(dst, conf);
      if (!fs.exists(dst)) {
        if (!fs.exists(staged)) {
          throw new IllegalStateException("trial " + t.trialId() + " stopped at rung " + r + " but its row is missing");
        }
        fs.mkdirs(dst.getParent());
        if (!fs.rename(staged, dst) && !fs.exists(dst)) {
          throw new IOException("could not move " + staged + " to " + dst);
        }
      }
      fs.delete(new Path(new Path(halvingDir, "checkpoints"), t.trialId() + ".bin"), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit stopped trial " + t.trialId() + ": " + TrialStore.rootMessage(e), e);
    }
  }

  private static void writeAtomically(Path dst, String text, Configuration conf) throws IOException {
    FileSystem fs = TrialStore.fs(dst, conf);
    fs.mkdirs(dst.getParent());
    Path tmp = new Path(dst.getParent(), "." + dst.getName() + "." + java.util.UUID.randomUUID());
    try (var out = fs.create(tmp, true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    fs.delete(dst, false);
    fs.rename(tmp, dst);
  }

  /** The records of a rung by trial id (none yet: empty). */
  static Map<String, RungRecord> readRecords(Path rungDir, Configuration conf) {
    Map<String, RungRecord> out = new HashMap<>();
    try {
      FileSystem fs = TrialStore.fs(rungDir, conf);
      if (!fs.exists(rungDir)) {
        return out;
      }
      for (var st : fs.listStatus(rungDir)) {
        String name = st.getPath().getName();
        if (!name.endsWith(".json") || name.startsWith(".")) {
          continue;
        }
        try (var in = fs.open(st.getPath())) {
          var j = Json.MAPPER.readTree(in.readAllBytes());
          double[] v = new double[j.path("values").size()];
          for (int i = 0; i < v.length; i++) {
            var x = j.path("values").get(i);
            v[i] = x.isNumber() ? x.asDouble() : Double.NaN;
          }
          out.put(name.substring(0, name.length() - 5), new RungRecord(j.path("status").asText(),
              j.path("last").asBoolean(), v));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + rungDir + ": " + e.getMessage(), e);
    }
  }
}
