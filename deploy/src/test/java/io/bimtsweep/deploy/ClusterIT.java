package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on loopback (a master and two workers, each its own JVM), real driver
 * JVMs, real kills by PID. One cluster serves the class (starting one takes 11-23 s here); a test
 * that leaves a daemon dead (the killed worker's, last) gets the next test a fresh cluster, and the
 * cluster is stopped after the class, also when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  static final Path MODULE = ItSupport.MODULE;
  static final Path ROOT = ItSupport.ROOT;
  static final Path CLUSTER = MODULE.resolve("target/it-cluster");
  static final String PORT = "17077";
  static final String MASTER = "spark://127.0.0.1:" + PORT;
  static final List<Process> DRIVERS = new ArrayList<>();

  @TempDir Path dir;
  /** The sweep the tests compare with, run once on the cluster (see {@link #baseline()}). */
  @TempDir static Path shared;
  static Path sharedSpec;
  static Path baseline;
  static double baselineWall;

  static Map<String, String> env() {
    Map<String, String> e = new HashMap<>();
    e.put("BIMT_CLUSTER_DIR", CLUSTER.toString());
    e.put("BIMT_MASTER_PORT", PORT);
    e.put("BIMT_MASTER_UI_PORT", "18080");
    e.put("SPARK_LOCAL_IP", "127.0.0.1");
    e.put("BIMT_DEBUG", "1"); // a driver's failure with its whole stack trace in the log
    return e;
  }

  static String script(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("deploy/standalone/" + name).toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " hung");
    assertEquals(0, p.exitValue(), name + " failed:\n" + out);
    return out;
  }

  /** The master and both workers are alive (by the PIDs start-cluster.sh wrote). */
  static boolean clusterUp() throws IOException {
    for (String daemon : List.of("master", "worker-1", "worker-2")) {
      Path pid = CLUSTER.resolve(daemon + ".pid");
      if (!Files.exists(pid)
          || !ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).map(ProcessHandle::isAlive).orElse(false)) {
        return false;
      }
    }
    return true;
  }

  @BeforeEach
  void startCluster() throws Exception {
    if (!clusterUp()) {
      script("stop-cluster.sh"); // whatever is left of a damaged one
      String out = script("start-cluster.sh", "2", "1", "1500m");
      assertTrue(out.strip().endsWith(MASTER), out);
    }
  }

  @AfterEach
  void stopDrivers() {
    for (Process d : DRIVERS) {
      d.destroyForcibly();
    }
    DRIVERS.clear();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      script("stop-cluster.sh");
      // nothing of the cluster may be left running
      Process ps = new ProcessBuilder("ps", "-eo", "args").start();
      String all = new String(ps.getInputStream().readAllBytes());
      assertTrue(all.lines().noneMatch(l -> l.contains(CLUSTER.toString()) || l.contains("spark-home/jars") && l.contains(PORT)),
          "cluster processes outlived stop-cluster.sh");
    } finally {
      ItSupport.closeReader();
    }
  }

  /**
   * The sweep most tests share (12 trials of 6000 steps, long enough for a kill to land mid-sweep),
   * run once on the cluster: the local run and the killed worker's and killed driver's runs are
   * compared with it.
   */
  static synchronized Path baseline() throws Exception {
    if (baseline == null) {
      sharedSpec = ItSupport.sharedSpec(shared);
      Path out = shared.resolve("baseline");
      String log = "baseline.log";
      Process p = driverIn(shared, sharedSpec, out, MASTER, log);
      assertTrue(p.waitFor(600, TimeUnit.SECONDS), "driver did not finish");
      String text = Files.readString(shared.resolve(log));
      assertEquals(0, p.exitValue(), text);
      assertTrue(text.contains("12 trials, 0 already committed, 12 to run"), text);
      baselineWall = wall(text);
      baseline = out;
    }
    return baseline;
  }

  /** A driver JVM running the sweep, as ./bimt would, output to a log file in this test's folder. */
  Process driver(Path spec, Path out, String master, String log) throws IOException {
    return driverIn(dir, spec, out, master, log);
  }

  static Process driverIn(Path dir, Path spec, Path out, String master, String log) throws IOException {
    String cp = Files.readString(MODULE.resolve("target/bimt.classpath")).strip();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dbimt.app.jar=" + MODULE.resolve("target/bimt-sweep-app.jar"), "-cp", cp, "io.bimtsweep.cli.SweepMain",
        spec.toString(), "--out", out.toString(), "--master", master, "--progress", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    pb.environment().putAll(env());
    Process p = pb.start();
    p.getOutputStream().close();
    DRIVERS.add(p);
    return p;
  }

  String finish(Process p, String log) throws Exception {
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "driver did not finish");
    String text = Files.readString(dir.resolve(log));
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  static int committed(Path out) throws IOException {
    if (!Files.exists(out)) {
      return 0;
    }
    try (var s = Files.walk(out)) {
      return (int) s.filter(f -> f.getFileName().toString().startsWith("part-")).count();
    } catch (java.io.UncheckedIOException | java.io.IOException e) {
      return 0; // a file renamed by the running sweep while we looked: look again
    }
  }

  static Map<String, Row> rows(Path out) {
    return ItSupport.rows(out.toString());
  }

  static long rowCount(Path out) {
    return ItSupport.rowCount(out.toString());
  }

  static double wall(String log) {
    return ItSupport.wall(log);
  }

  @Test
  @Order(1)
  void aClusterSweepEqualsTheLocalOne() throws Exception {
    Path onCluster = baseline();
    Map<String, Row> a = rows(onCluster);
    Map<String, Row> b = rows(ItSupport.localReference());
    assertEquals(12, a.size());
    assertEquals(12, rowCount(onCluster));
    ItSupport.assertSameRows(b, a);
    System.out.printf("FIGURE same sweep (12 trials of 6000 steps): local[2] %.1f s, 2-worker cluster %.1f s%n",
        ItSupport.localReferenceWall(), baselineWall);
  }

  /** Last: it leaves worker-1 dead. */
  @Test
  @Order(3)
  void aKilledWorkerCostsOnlyTime() throws Exception {
    Map<String, Row> expected = rows(baseline());
    Path out = dir.resolve("killed");
    Process d = driver(sharedSpec, out, MASTER, "killed.log");
    ItSupport.awaitCommitted(() -> committed(out), 2, d, 120);
    long workerPid = Long.parseLong(Files.readString(CLUSTER.resolve("worker-1.pid")).strip());
    // the worker and the executor JVM it forked share a process group: a lost machine
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + workerPid).start();
    assertEquals(0, kill.waitFor());
    String log = finish(d, "killed.log");
    assertTrue(log.contains("Lost executor") || log.contains("ExecutorLostFailure") || log.contains("Executor lost"),
        "the driver never noticed the lost executor:\n" + log);
    Map<String, Row> rows = rows(out);
    assertEquals(12, rows.size());
    assertEquals(12, rowCount(out), "no duplicate rows");
    assertTrue(rows.values().stream().allMatch(r -> r.getString(1).equals("ok")));
    ItSupport.assertSameRows(expected, rows); // the rerun trials give the same results, bit for bit
    // (the baseline was the new cluster's first application, whose workers were still warming up:
    // the difference can come out negative)
    System.out.printf("FIGURE 12 trials of 6000 steps on 2 workers: %.1f s (the cluster's first sweep); with worker-1 killed"
        + " mid-sweep: %.1f s (%+.1f s)%n", baselineWall, wall(log), wall(log) - baselineWall);
  }

  @Test
  @Order(2)
  void aKilledDriverRerunRunsOnlyTheMissingTrials() throws Exception {
    Map<String, Row> expected = rows(baseline());
    Path spec = sharedSpec;
    Path out = dir.resolve("out");
    Process d = driver(spec, out, MASTER, "first.log");
    ItSupport.awaitCommitted(() -> committed(out), 3, d, 120);
    d.destroyForcibly(); // SIGKILL the driver
    assertTrue(d.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(3000); // the master removes the dead driver's executors
    int before = committed(out);
    assertTrue(before >= 3 && before < 12, "committed before the kill: " + before);
    String log = finish(driver(spec, out, MASTER, "rerun.log"), "rerun.log");
    Matcher m = Pattern.compile("12 trials, (\\d+) already committed, (\\d+) to run").matcher(log);
    assertTrue(m.find(), log);
    int skipped = Integer.parseInt(m.group(1));
    assertTrue(skipped >= before, "rerun skipped " + skipped + " of " + before + " committed");
    assertEquals(12 - skipped, Integer.parseInt(m.group(2)));
    assertEquals(12, rowCount(out), "every trial exactly once");
    ItSupport.assertSameRows(expected, rows(out)); // the trials of both runs give the baseline's bits
  }
}
