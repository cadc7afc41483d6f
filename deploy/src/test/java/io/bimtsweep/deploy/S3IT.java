package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.spark.TrialStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Results on an S3-compatible store: S3Proxy 4.1.0 (deploy/s3/s3proxy.sh, its own JVM, files under
 * target/it-s3) on loopback, written through S3A as on AWS. The commit there is a conditional put
 * (If-None-Match: *), not a rename, and these tests hold it to exactly one row per trial.
 */
class S3IT {
  static final Path BASE = ItSupport.MODULE.resolve("target/it-s3");
  static final int PORT = freePort();
  static final String ENDPOINT = "http://127.0.0.1:" + PORT;
  static final String BUCKET = "results";
  static final String ACCESS = "bimt-it";
  static final String SECRET = "bimt-it-secret";
  static BimtProcesses processes;
  static Process server;
  static Path conf;
  static Configuration hadoop;

  @TempDir Path dir;

  @BeforeAll
  static void startS3Server() throws Exception {
    ItSupport.deleteTree(BASE);
    Files.createDirectories(BASE);
    ProcessBuilder pb = new ProcessBuilder(ItSupport.ROOT.resolve("deploy/s3/s3proxy.sh").toString(),
        BASE.resolve("data").toString(), String.valueOf(PORT))
        .redirectErrorStream(true).redirectOutput(BASE.resolve("s3proxy.log").toFile());
    pb.environment().putAll(Map.of("S3PROXY_ACCESS_KEY", ACCESS, "S3PROXY_SECRET_KEY", SECRET));
    server = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // the first start resolves S3Proxy from Maven
    while (!listening()) {
      assertTrue(server.isAlive(), "S3Proxy did not start:\n" + Files.readString(BASE.resolve("s3proxy.log")));
      assertTrue(System.nanoTime() < deadline, "S3Proxy did not listen within 300 s");
      Thread.sleep(200);
    }
    try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(ENDPOINT)).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET))).build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
    // the client configuration a user's HADOOP_CONF_DIR would hold for this store
    hadoop = new Configuration(false);
    hadoop.set("fs.s3a.endpoint", ENDPOINT);
    hadoop.set("fs.s3a.endpoint.region", "us-east-1");
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    hadoop.set("fs.s3a.access.key", ACCESS);
    hadoop.set("fs.s3a.secret.key", SECRET);
    conf = Files.createDirectories(BASE.resolve("conf"));
    try (OutputStream o = Files.newOutputStream(conf.resolve("core-site.xml"))) {
      hadoop.writeXml(o);
    }
    ItSupport.closeReader(); // the reader reads s3a:// with this configuration from here on
    for (Map.Entry<String, String> e : hadoop) {
      System.setProperty("spark.hadoop." + e.getKey(), e.getValue());
    }
    processes = new BimtProcesses(Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OMP_NUM_THREADS", "1"), conf);
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static boolean listening() {
    try {
      new Socket("127.0.0.1", PORT).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopS3Server() throws Exception {
    ItSupport.closeReader();
    for (Map.Entry<String, String> e : hadoop) {
      System.clearProperty("spark.hadoop." + e.getKey());
    }
    if (server != null) {
      server.destroy();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "S3Proxy did not stop");
    }
    assertFalse(listening(), "the S3 server outlived its test");
  }

  @BeforeEach
  void logFolder(TestInfo test) throws IOException {
    processes.logTo(BASE.resolve("logs").resolve(test.getTestMethod().orElseThrow().getName()));
  }

  @AfterEach
  void stopDrivers() throws Exception {
    if (processes != null) {
      processes.stopAll();
    }
  }

  static Configuration s3a() {
    Configuration c = new Configuration();
    for (Map.Entry<String, String> e : hadoop) {
      c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  /** A bimt command in its own JVM with the store's core-site.xml on its classpath, as the launcher gives it HADOOP_CONF_DIR. */
  Process bimt(String log, String... args) throws IOException {
    return processes.bimt(log, List.of(), args);
  }

  String finish(Process p, String log) throws Exception {
    return processes.finish(p, log);
  }

  /** Objects of the dataset: committed rows (part-*.parquet) and anything else outside hidden folders. */
  static List<String> objects(String root) throws IOException {
    org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path(root);
    FileSystem fs = r.getFileSystem(s3a());
    List<String> names = new ArrayList<>();
    if (!fs.exists(r)) {
      return names;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(r, true);
    while (it.hasNext()) {
      String rel = r.toUri().relativize(it.next().getPath().toUri()).getPath();
      if (!rel.contains("/_") && !rel.contains("/.")) {
        names.add(rel);
      }
    }
    return names;
  }

  static int committed(String root) throws IOException {
    return (int) objects(root).stream().filter(n -> n.matches(".*/part-[0-9a-f]{16}\\.parquet")).count();
  }

  @Test
  void eightConcurrentCommitsOfOneTrialLeaveOneRow_theFirst() throws Exception {
    TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("steps", 50, "swap_interval", 25)), "race");
    String root = "s3a://" + BUCKET + "/race";
    TrialStore store = new TrialStore(root, "race");
    int attempts = 8;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> done = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      TrialRecord attempt = r.with(Map.of("host", "attempt-" + i)); // which attempt's row stays
      done.add(pool.submit(() -> {
        go.await();
        return store.commit(attempt, s3a());
      }));
    }
    go.countDown();
    List<Integer> won = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      if (done.get(i).get(120, TimeUnit.SECONDS)) {
        won.add(i);
      }
    }
    pool.shutdown();
    assertEquals(1, won.size(), "exactly one attempt commits; the store refuses the others: " + won);
    assertEquals(List.of("sweep_id=race/task=independence/part-" + r.trialId() + ".parquet"), objects(root));
    List<Row> rows = ItSupport.reader().read().parquet(root).select("trial_id", "host", "test_loss").collectAsList();
    assertEquals(1, rows.size());
    assertEquals("attempt-" + won.get(0), rows.get(0).getString(1), "the winner's row, whole");
    assertEquals((Double) r.get("test_loss"), rows.get(0).getDouble(2), 0);
    assertFalse(store.commit(r.with(Map.of("host", "late")), s3a()), "a later attempt finds the trial committed");
    assertEquals("attempt-" + won.get(0), ItSupport.reader().read().parquet(root).select("host").first().getString(0));
  }

  @Test
  void aSweepToS3EqualsTheLocalOne_andSqlReadsIt() throws Exception {
    Path spec = ItSupport.sharedSpec(dir);
    int n = ItSupport.SHARED_TRIALS;
    String out = "s3a://" + BUCKET + "/sweeps";
    String s3Log = finish(bimt("s3.log", "sweep", spec.toString(), "--master", "local[2]", "--out", out), "s3.log");
    assertEquals(n, committed(out));
    assertEquals(n, objects(out).size(), "nothing but the rows outside hidden folders: " + objects(out));
    ItSupport.assertSameRows(ItSupport.rows(ItSupport.localReference().toString()), ItSupport.rows(out));
    String sql = finish(bimt("sql.log", "sql", out, "SELECT count(*) AS n, count(DISTINCT trial_id) AS ids FROM trials"), "sql.log");
    assertTrue(sql.lines().anyMatch(l -> l.matches("\\s*" + n + "\\s*\\|?\\s*" + n + "\\s*")), sql);
    System.out.printf("FIGURE %d trials of %d steps in local[2]: to s3a:// (S3Proxy on loopback) %.1f s, to local files %.1f s%n",
        n, ItSupport.SHARED_STEPS, ItSupport.wall(s3Log), ItSupport.localReferenceWall());
  }

  @Test
  void aKilledDriverRerunOnS3RunsOnlyTheMissingTrials() throws Exception {
    Path spec = ItSupport.sharedSpec(dir);
    int n = ItSupport.SHARED_TRIALS;
    String out = "s3a://" + BUCKET + "/killed";
    Process d = bimt("first.log", "sweep", spec.toString(), "--master", "local[2]", "--out", out, "--progress", "1");
    ItSupport.awaitCommitted(() -> committed(out), 3, d, 300);
    d.destroyForcibly();
    assertTrue(d.waitFor(30, TimeUnit.SECONDS));
    int before = committed(out);
    assertTrue(before >= 3 && before < n, "committed before the kill: " + before);
    String log = finish(bimt("rerun.log", "sweep", spec.toString(), "--master", "local[2]", "--out", out), "rerun.log");
    Matcher m = Pattern.compile(n + " trials, (\\d+) already committed, (\\d+) to run").matcher(log);
    assertTrue(m.find(), log);
    assertTrue(Integer.parseInt(m.group(1)) >= before, log);
    assertEquals(n - Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    assertEquals(n, committed(out));
    assertEquals(n, ItSupport.rowCount(out), "every trial exactly once");
    ItSupport.assertSameRows(ItSupport.rows(ItSupport.localReference().toString()), ItSupport.rows(out)); // local mode's bits
  }
}
