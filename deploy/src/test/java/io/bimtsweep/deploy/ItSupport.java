package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the cluster tests share: sweep files, one local reader of result rows, the driver's wall time. */
final class ItSupport {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path ROOT = MODULE.getParent();
  /** The columns compared between runs: everything a trial computes, bit for bit. */
  static final String[] COMPARED = {"trial_id", "status", "test_loss", "modularity_q", "modularity_z", "connection_cost",
      "swaps", "network_json"};
  private static SparkSession reader;
  /** The shared sweep's local[2] run (see {@link #localReference()}) and its wall time. */
  private static Path localReference;
  private static double localReferenceWall;

  private ItSupport() {}

  /** A sweep of independence trials: lambdas 0.001.. times seeds. */
  static Path spec(Path dir, String name, int lambdas, int seeds, int steps) throws IOException {
    List<String> ls = new ArrayList<>();
    for (int i = 1; i <= lambdas; i++) {
      ls.add("0.00" + i);
    }
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, "name: " + name + "\ntasks: [independence]\nfixed: {steps: " + steps + "}\n"
        + "axes: {lambda: " + ls + ", seeds: " + seeds + "}\n");
    return p;
  }

  /**
   * The sweep the cluster tests share (12 independence trials of 6000 steps, long enough for a kill
   * to land mid-sweep), in a folder of its own.
   */
  static Path sharedSpec(Path dir) throws IOException {
    return spec(dir, "shared", SHARED_TRIALS / 2, 2, SHARED_STEPS);
  }

  /** The shared sweep's size: six lambdas times two seeds, and each trial's steps. */
  static final int SHARED_TRIALS = 12;
  static final int SHARED_STEPS = 6000;

  /**
   * The shared sweep run once in local mode (local[2]) in a driver JVM started as the launcher
   * starts it, for every cluster test that compares its rows with local mode's: the same spec gives
   * the same trial ids and, the point of the tests, the same bits. One run serves the whole
   * failsafe JVM, since each run is a JVM start and a Spark session (15-20 s here).
   */
  static synchronized Path localReference() throws Exception {
    if (localReference == null) {
      Path base = Files.createDirectories(MODULE.resolve("target/it-local"));
      Path out = base.resolve("results");
      deleteTree(out);
      Path spec = sharedSpec(base);
      BimtProcesses p = new BimtProcesses(Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OMP_NUM_THREADS", "1"), null);
      p.logTo(base);
      String log = p.finish(p.bimt("local.log", List.of(), "sweep", spec.toString(), "--master", "local[2]", "--out",
          out.toString()), "local.log");
      assertTrue(log.contains(SHARED_TRIALS + " trials: 0 already done, " + SHARED_TRIALS + " run (" + SHARED_TRIALS + " ok"), log);
      localReferenceWall = wall(log);
      localReference = out;
    }
    return localReference;
  }

  /** Deletes a folder and everything in it (nothing when it is missing). */
  static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (java.util.stream.Stream<Path> s = Files.walk(p)) {
        for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /** The wall time of the shared sweep in local[2] (after {@link #localReference()}). */
  static synchronized double localReferenceWall() {
    return localReferenceWall;
  }

  static synchronized SparkSession reader() {
    if (reader == null || reader.sparkContext().isStopped()) {
      reader = SparkSession.builder().master("local[1]").appName("cluster IT reader")
          .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }
    return reader;
  }

  static synchronized void closeReader() {
    if (reader != null) {
      reader.stop();
      reader = null;
    }
  }

  /** The rows of a results dataset (a local path or any Hadoop URI) by trial id; two rows of one trial fail. */
  static Map<String, Row> rows(String results) {
    return reader().read().parquet(results).select("trial_id", java.util.Arrays.copyOfRange(COMPARED, 1, COMPARED.length))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r, (a, b) -> {
          throw new AssertionError("two rows for trial " + a.getString(0));
        }));
  }

  static long rowCount(String results) {
    return reader().read().parquet(results).count();
  }

  /** Every compared column of every trial equal, bit for bit (doubles by their bits, via equals). */
  static void assertSameRows(Map<String, Row> expected, Map<String, Row> actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
    for (String id : expected.keySet()) {
      for (int i = 1; i < COMPARED.length; i++) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.get(id).get(i), actual.get(id).get(i),
            "trial " + id + " column " + COMPARED[i]);
      }
    }
  }

  /** A count of committed trials that may be read while a sweep writes. */
  interface Count {
    int get() throws IOException;
  }

  /** Waits until n trials are committed while the driver still runs, so that a kill lands mid-sweep. */
  static void awaitCommitted(Count committed, int n, Process driver, int seconds) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    while (committed.get() < n && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(driver.isAlive(), "the sweep ended before the kill");
    assertTrue(committed.get() >= n, "no progress within " + seconds + " s");
  }

  /**
   * Waits until the driver's log holds one of the lines (the log is the running driver's output
   * file) or the driver ends; fails after the given seconds.
   */
  static void awaitLog(Path log, List<String> anyOf, Process driver, int seconds) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    while (driver.isAlive() && System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (anyOf.stream().anyMatch(text::contains)) {
        return;
      }
      Thread.sleep(50);
    }
    String text = Files.readString(log);
    assertTrue(anyOf.stream().anyMatch(text::contains), "none of " + anyOf + " within " + seconds + " s:\n" + text);
  }

  /** The sweep's own wall time, from its last line. */
  static double wall(String log) {
    Matcher m = Pattern.compile("in ([0-9.]+) s wall").matcher(log);
    assertTrue(m.find(), log);
    return Double.parseDouble(m.group(1));
  }
}
