package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.SparkParetoTest;
import io.bimtsweep.core.config.YamlFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code bad-inputs.yaml}): sweep files, formulas, command-line options,
 * results folders and SQL that a user gets wrong. Each must end with exit code 2 and one specific
 * line naming the file, key or path (Spark's SQL context block aside), no stack trace, and nothing
 * written or changed: neither in the case's own folder nor in the shared results, nor a
 * spark-warehouse in the working folder.
 */
class BadInputCorpusTest {
  @TempDir static Path root;
  static Path results;
  static final Map<String, Double> SECONDS = new TreeMap<>();

  @BeforeAll
  static void dataset() {
    results = root.resolve("results");
    SparkParetoTest.randomTrials(60, 5).withColumn("sweep_id", org.apache.spark.sql.functions.lit("s"))
        .write().partitionBy("sweep_id", "task").parquet(results.toString());
  }

  @AfterAll
  static void slowest() {
    // figures, not assertions: a case's time depends on the machine (Spark's first query is the slow one)
    SECONDS.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
        .forEach(e -> System.out.printf(java.util.Locale.ROOT, "bad input '%s': %.2f s%n", e.getKey(), e.getValue()));
  }

  record Case(String name, Map<String, String> files, List<String> args, List<String> says) {}

  @SuppressWarnings("unchecked")
  static List<Case> corpus() throws IOException {
    String text;
    try (var in = BadInputCorpusTest.class.getResourceAsStream("/bad-inputs.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Map<String, Object>> cases = (List<Map<String, Object>>) YamlFiles.parseMapping(text, "bad-inputs.yaml").get("cases");
    return cases.stream().map(c -> new Case((String) c.get("case"),
        (Map<String, String>) c.getOrDefault("files", Map.of()), (List<String>) c.get("args"),
        (List<String>) c.get("says"))).toList();
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputIsRefusedInOneSpecificLineAndWritesNothing() throws IOException {
    List<Case> cases = corpus();
    assertTrue(cases.size() >= 60, "the corpus has " + cases.size() + " cases");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, cases.indexOf(c))));
  }

  record Out(int code, String err) {}

  private static void check(Case c, int index) throws Exception {
    Path dir = Files.createDirectories(root.resolve("case" + index));
    for (var f : c.files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    String[] args = c.args().stream().map(a -> fill(a, dir)).toArray(String[]::new);
    Map<String, String> before = snapshot(dir);
    Map<String, String> resultsBefore = snapshot(results);
    boolean warehouseBefore = Files.exists(Path.of("spark-warehouse"));
    long t0 = System.nanoTime();
    Out o = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(args));
    SECONDS.put(c.name(), (System.nanoTime() - t0) / 1e9);
    String err = o.err().strip();
    String context = c.name() + ": " + err;
    assertEquals(2, o.code(), context);
    assertTrue(err.startsWith("error: "), context);
    for (String s : c.says()) {
      assertTrue(err.contains(fill(s, dir)), c.name() + ": the message should name '" + fill(s, dir) + "': " + err);
    }
    assertFalse(err.contains("\tat ") || err.contains("Exception in thread") || err.contains("Caused by"),
        "no stack trace: " + context);
    // Spark's parse errors add the query with a caret under the position: that block is wanted
    long lines = err.lines().takeWhile(l -> !l.equals("== SQL ==")).count();
    assertTrue(lines <= 2, "one line (and at most a pointer to --help): " + context);
    assertEquals(before, snapshot(dir), "nothing written in the case's folder: " + c.name());
    assertEquals(resultsBefore, snapshot(results), "results untouched: " + c.name());
    assertEquals(warehouseBefore, Files.exists(Path.of("spark-warehouse")), "no spark-warehouse left: " + c.name());
  }

  private static String fill(String s, Path dir) {
    return s.replace("{dir}", dir.toString()).replace("{results}", results.toString());
  }

  private static Out run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new ByteArrayOutputStream()));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      // picocli's writers default to System.out and System.err, read when the command line is made
      int code = Main.commandLine().execute(args);
      System.err.flush();
      return new Out(code, stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Every file and folder under dir with its size and modification time. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (var s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return m;
  }
}
