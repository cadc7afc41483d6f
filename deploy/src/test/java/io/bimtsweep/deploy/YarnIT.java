package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HDFS (a NameNode and a DataNode) and a real YARN (a ResourceManager and a NodeManager that
 * starts every container as its own JVM), Hadoop {@value #HADOOP}'s mini clusters in this JVM on
 * loopback, as Spark's own YARN tests use them. Drivers are separate JVMs started as the bimt
 * launcher and deploy/yarn/submit-yarn.sh start them; kills are real kills by PID.
 */
class YarnIT {
  static final String HADOOP = "3.5.0";
  static final Path BASE = ItSupport.MODULE.resolve("target/it-yarn");
  static final String CLUSTER_NAME = "bimt-yarn-it";
  /** Where MiniYARNCluster keeps its NodeManager's local and log folders (its own choice of path). */
  static final Path NM_DIRS = ItSupport.MODULE.resolve("target/test/data/" + CLUSTER_NAME);
  static BimtProcesses processes;
  static MiniDFSCluster hdfs;
  static MiniYARNCluster yarn;
  static Path conf;
  static String namenode;
  static FileSystem dfs;

  @TempDir Path dir;
  /** Every process's output, kept under target/it-yarn/logs/TEST for a failure's post-mortem. */
  Path logs;

  @org.junit.jupiter.api.BeforeEach
  void logFolder(org.junit.jupiter.api.TestInfo test) throws IOException {
    logs = BASE.resolve("logs").resolve(test.getTestMethod().orElseThrow().getName());
    processes.logTo(logs);
  }

  @BeforeAll
  static void startHdfsAndYarn() throws Exception {
    ItSupport.deleteTree(BASE);
    ItSupport.deleteTree(NM_DIRS);
    Files.createDirectories(BASE);
    Configuration hc = new Configuration();
    hc.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, BASE.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(hc).numDataNodes(1).build();
    hdfs.waitClusterUp();
    namenode = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    dfs = hdfs.getFileSystem();

    YarnConfiguration yc = new YarnConfiguration();
    yc.set("fs.defaultFS", namenode); // staging (.sparkStaging) and results on HDFS, as on a real cluster
    yc.set("yarn.resourcemanager.hostname", "127.0.0.1");
    yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    yc.setInt("yarn.nodemanager.resource.memory-mb", 6144);
    yc.setInt("yarn.nodemanager.resource.cpu-vcores", 8);
    yc.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    yc.setBoolean("yarn.nodemanager.vmem-check-enabled", false); // JVMs reserve far more address space than they use
    // the mini cluster's jar has no capacity-scheduler.xml (Spark's YARN tests set the same)
    yc.set("yarn.scheduler.capacity.root.queues", "default");
    yc.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    yc.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    yc.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    yc.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    yc.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    yc.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    yc.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    yarn = new MiniYARNCluster(CLUSTER_NAME, 1, 1, 1);
    yarn.init(yc);
    yarn.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) { // the RM sets its port late
      assertTrue(System.nanoTime() < deadline, "the ResourceManager did not come up");
      Thread.sleep(100);
    }
    // the client configuration a user's HADOOP_CONF_DIR would hold
    conf = Files.createDirectories(BASE.resolve("conf"));
    // (only what differs from Hadoop's defaults: a dump of the whole configuration would pin every
    // default, e.g. HDFS client settings, over anything a process sets in core-site.xml)
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", namenode);
    // the mini DataNode reports a finished block to its NameNode a little later than the client's
    // first "is the file complete?" poll, which then sleeps the default 400 ms: per file, and YARN
    // uploads ~200 jars per application. A shorter first poll only (the retries still double).
    core.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20");
    write(core, conf.resolve("core-site.xml"));
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : yarn.getConfig()) {
      if (e.getKey().startsWith("yarn.resourcemanager.")) {
        site.set(e.getKey(), e.getValue());
      }
    }
    write(site, conf.resolve("yarn-site.xml"));
    processes = new BimtProcesses(env(), conf);
  }

  static void write(Configuration c, Path file) throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      c.writeXml(o);
    }
  }

  @AfterEach
  void stopDrivers() throws Exception {
    if (processes != null) {
      processes.stopAll();
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    ItSupport.closeReader();
    try {
      if (yarn != null) {
        yarn.stop(); // the NodeManager kills the containers it still runs
      }
    } finally {
      if (hdfs != null) {
        hdfs.shutdown();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!containerJvms().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), containerJvms(), "container JVMs outlived the mini cluster");
  }

  /** PIDs and command lines of the JVMs this test's NodeManager started (AMs, drivers, executors). */
  static List<String> containerJvms() throws IOException {
    Process ps = new ProcessBuilder("ps", "-eo", "pid=,args=").start();
    String all = new String(ps.getInputStream().readAllBytes());
    return all.lines().map(String::strip).filter(l -> l.contains(CLUSTER_NAME) && l.contains("java")).toList();
  }

  static Map<String, String> env() {
    Map<String, String> e = new HashMap<>();
    e.put("HADOOP_CONF_DIR", conf.toString());
    e.put("SPARK_LOCAL_IP", "127.0.0.1");
    e.put("OMP_NUM_THREADS", "1");
    e.put("JAVA_HOME", System.getProperty("java.home"));
    return e;
  }

  /** Two executors of one trial slot each, small containers: the mini NodeManager shares this machine. */
  static final List<String> EXECUTORS = List.of("-Dspark.executor.instances=2", "-Dspark.executor.cores=1",
      "-Dspark.executor.memory=640m", "-Dspark.yarn.am.memory=384m");

  Process bimt(String log, List<String> javaOptions, String... args) throws IOException {
    return processes.bimt(log, javaOptions, args);
  }

  Process sweepOnYarn(Path spec, String out, String log) throws IOException {
    return bimt(log, EXECUTORS, "sweep", spec.toString(), "--master", "yarn", "--out", out, "--progress", "1");
  }

  String finish(Process p, String log) throws Exception {
    return processes.finish(p, log);
  }

  static int committed(String out) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(out);
    if (!dfs.exists(root)) {
      return 0;
    }
    int n = 0;
    RemoteIterator<LocatedFileStatus> it = dfs.listFiles(root, true);
    while (it.hasNext()) {
      if (it.next().getPath().getName().startsWith("part-")) {
        n++;
      }
    }
    return n;
  }

  /** The sweep the tests share (ItSupport.sharedSpec): 12 trials, long enough for a kill to land mid-sweep. */
  static final int TRIALS = ItSupport.SHARED_TRIALS;
  static final int STEPS = ItSupport.SHARED_STEPS;
  static Path sharedSpec;
  static String baseline;
  static double baselineWall;

  /** The shared sweep run once on YARN in client mode (./bimt sweep --master yarn --out hdfs://...), for every test that compares with it. */
  synchronized String baseline() throws Exception {
    if (baseline == null) {
      sharedSpec = ItSupport.sharedSpec(Files.createDirectories(BASE.resolve("specs")));
      String out = namenode + "/user/bimt/baseline";
      String log = finish(sweepOnYarn(sharedSpec, out, "baseline-on-yarn.log"), "baseline-on-yarn.log");
      assertTrue(log.contains(TRIALS + " trials, 0 already committed, " + TRIALS + " to run on yarn"), log);
      baselineWall = ItSupport.wall(log);
      baseline = out;
    }
    return baseline;
  }

  @Test
  void clientModeWritesToHdfsWhatLocalModeWrites_andTheAnalysisCommandsReadIt() throws Exception {
    String out = baseline();
    Map<String, Row> onYarn = ItSupport.rows(out);
    assertEquals(TRIALS, onYarn.size());
    assertEquals(TRIALS, ItSupport.rowCount(out), "one row per trial");
    ItSupport.assertSameRows(ItSupport.rows(ItSupport.localReference().toString()), onYarn);

    String sql = finish(bimt("sql.log", List.of(), "sql", out, "SELECT count(*) AS n, count(DISTINCT trial_id) AS ids FROM trials"),
        "sql.log");
    assertTrue(sql.lines().anyMatch(l -> l.matches("\\s*" + TRIALS + "\\s*\\|?\\s*" + TRIALS + "\\s*")), sql);
    // (no separate `bimt pareto`: the report computes the same fronts from the same rows, and each
    // command is a fresh JVM with its own Spark session, 12-20 s here)
    Path report = dir.resolve("report");
    finish(bimt("report.log", List.of(), "report", out, "--out", report.toString()), "report.log");
    String page = Files.readString(report.resolve("index.html"));
    assertTrue(page.contains("independence") && page.contains("Pareto front"), "a report with the task's front");
    System.out.printf("FIGURE same %d trials of %d steps: local[2] %.1f s, YARN client mode (2 executors x 1 core) %.1f s%n",
        TRIALS, STEPS, ItSupport.localReferenceWall(), baselineWall);
  }

  @Test
  void clusterModeThroughSubmitYarnSh() throws Exception {
    String base = baseline(); // bit-identical to local[2] (the client-mode test)
    String out = namenode + "/user/bimt/cluster";
    ProcessBuilder pb = new ProcessBuilder(ItSupport.ROOT.resolve("deploy/yarn/submit-yarn.sh").toString(), "--progress", "1")
        .redirectErrorStream(true).redirectOutput(logs.resolve("submit.log").toFile());
    pb.environment().putAll(env());
    pb.environment().putAll(Map.of("SPEC", sharedSpec.toString(), "OUT", out, "EXECUTORS", "2", "EXECUTOR_CORES", "1",
        "EXECUTOR_MEMORY", "640m", "DRIVER_MEMORY", "512m",
        "SPARK_SUBMIT", ItSupport.ROOT.resolve("deploy/standalone/spark-submit.sh").toString(),
        "SPARK_YARN_ARCHIVE", stagedArchive()));
    long start = System.nanoTime();
    Process submit = pb.start();
    String log;
    try {
      log = finish(submit, "submit.log");
    } finally {
      submit.destroyForcibly();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // the submitting side: YARN's state of the application while it runs, and its end
    assertTrue(log.contains("(state: RUNNING)"), log);
    assertTrue(log.contains("final status: SUCCEEDED"), log);
    Matcher app = Pattern.compile("(application_\\d+_\\d+)").matcher(log);
    assertTrue(app.find(), log);
    // the driver's own progress lines, in the ApplicationMaster container's log
    String driverLog = containerLogs(app.group(1), "_000001");
    assertTrue(driverLog.contains(TRIALS + " trials, 0 already committed, " + TRIALS + " to run"), driverLog);
    assertTrue(driverLog.contains("s wall"), driverLog);
    assertEquals(TRIALS, ItSupport.rowCount(out));
    ItSupport.assertSameRows(ItSupport.rows(base), ItSupport.rows(out));
    System.out.printf("FIGURE %d trials of %d steps, YARN cluster mode via submit-yarn.sh: %.1f s from submit to exit"
        + " (driver: %.1f s wall)%n", TRIALS, STEPS, seconds, ItSupport.wall(driverLog));
  }

  /** The archive of Spark's jars that the launcher staged for the baseline (one per set of jars). */
  static String stagedArchive() throws IOException {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dfs.getHomeDirectory(), ".bimt-sweep/spark-jars");
    org.apache.hadoop.fs.FileStatus[] zips = dfs.globStatus(new org.apache.hadoop.fs.Path(folder, "spark-jars-*.zip"));
    assertEquals(1, zips.length, "one staged archive of Spark's jars");
    return zips[0].getPath().toString();
  }

  /** The stdout and stderr a NodeManager kept of an application's containers whose id ends so. */
  static String containerLogs(String appId, String containerSuffix) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(NM_DIRS)) {
      for (Path p : s.filter(f -> f.toString().contains(appId) && f.getParent().getFileName().toString().endsWith(containerSuffix)
          && (f.getFileName().toString().equals("stdout") || f.getFileName().toString().equals("stderr")))
          .sorted().toList()) {
        sb.append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  /**
   * Both failures in one application, since each YARN application here costs ~50 s of JVM starts:
   * an executor container is killed, the sweep goes on committing trials, then the driver is killed,
   * and a rerun runs only the trials not yet committed. The results equal the baseline's, bit for
   * bit, with every trial exactly once.
   */
  @Test
  void aKilledExecutorThenAKilledDriverLoseNothing_theRerunRunsOnlyTheMissingTrials() throws Exception {
    String base = baseline(); // (the archive of Spark's jars is staged by then: the kills land mid-sweep, not mid-upload)
    String out = namenode + "/user/bimt/killed";
    Process d = sweepOnYarn(sharedSpec, out, "first.log");
    ItSupport.awaitCommitted(() -> committed(out), 2, d, 300);
    List<String> executors = containerJvms().stream().filter(l -> l.contains("YarnCoarseGrainedExecutorBackend")).toList();
    assertFalse(executors.isEmpty(), "no executor JVM found");
    String pid = executors.get(0).split("\\s+")[0];
    assertEquals(0, new ProcessBuilder("kill", "-KILL", pid).start().waitFor());
    int atExecutorKill = committed(out);
    // the driver hears of the loss from YARN (the container's exit status), which can take longer than
    // a few of today's trials, so wait for that line rather than for a count of trials
    ItSupport.awaitLog(logs.resolve("first.log"), List.of("Lost executor", "ExecutorLostFailure", "Executor lost"), d,
        120);
    int atNotice = committed(out);
    // the sweep goes on without that executor: more trials commit before the driver dies
    ItSupport.awaitCommitted(() -> committed(out), Math.max(atExecutorKill + 3, atNotice + 1), d, 300);
    d.destroyForcibly(); // SIGKILL the driver
    assertTrue(d.waitFor(30, TimeUnit.SECONDS));
    int before = committed(out);
    assertTrue(before >= atExecutorKill + 3 && before < TRIALS, "committed before the driver's kill: " + before);
    String log = finish(sweepOnYarn(sharedSpec, out, "rerun.log"), "rerun.log");
    Matcher m = Pattern.compile(TRIALS + " trials, (\\d+) already committed, (\\d+) to run").matcher(log);
    assertTrue(m.find(), log);
    int skipped = Integer.parseInt(m.group(1));
    assertTrue(skipped >= before, "rerun skipped " + skipped + " of " + before + " committed");
    assertEquals(TRIALS - skipped, Integer.parseInt(m.group(2)));
    Map<String, Row> rows = ItSupport.rows(out);
    assertEquals(TRIALS, rows.size());
    assertEquals(TRIALS, ItSupport.rowCount(out), "every trial exactly once");
    assertTrue(rows.values().stream().allMatch(r -> r.getString(1).equals("ok")));
    ItSupport.assertSameRows(ItSupport.rows(base), rows);
    System.out.printf("FIGURE %d trials of %d steps on YARN (2 executors): %.1f s; killed executor at %d committed, killed"
        + " driver at %d; the rerun ran %d trials in %.1f s%n", TRIALS, STEPS, baselineWall, atExecutorKill, before,
        TRIALS - skipped, ItSupport.wall(log));
  }

}
