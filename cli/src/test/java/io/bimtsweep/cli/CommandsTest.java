package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.bimtsweep.analysis.SparkParetoTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bimt sql and bimt pareto over a small dataset, as a user calls them. */
class CommandsTest {
  @TempDir static Path dir;
  static String results;

  @BeforeAll
  static void dataset() {
    results = dir.resolve("results").toString();
    // Hive-partitioned like a sweep's output: task comes from the directory
    SparkParetoTest.randomTrials(400, 9).withColumn("sweep_id", org.apache.spark.sql.functions.lit("s"))
        .write().partitionBy("sweep_id", "task").parquet(results);
  }

  record Out(int code, String out, String err) {}

  static Out run(Object command, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Cli.configure(new CommandLine(command));
    cl.setErr(new PrintWriter(err));
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf));
    try {
      return new Out(cl.execute(args), buf.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void benchRefusesAnUnknownTaskBeforeTimingTheOnesBeforeIt() {
    Out o = run(new BenchCommand(), "--tasks", "two_moons,nope", "--steps", "300", "--dtypes", "float64");
    assertEquals(2, o.code(), o.out());
    assertTrue(o.err().contains("unknown task 'nope'"), o.err());
    assertTrue(o.out().startsWith("bimt bench: java") && o.out().lines().count() == 1,
        "only the header line, no table and no two_moons row: " + o.out());
  }

  @Test
  void sqlPrintsATableAndSeesTheParetoView() {
    Out o = run(new SqlCommand(), results, "SELECT task, count(*) AS n FROM trials GROUP BY task ORDER BY task");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("task | n"), o.out());
    assertTrue(o.out().contains("(3 rows)"), o.out());
    Out p = run(new SqlCommand(), results, "SELECT count(*) AS members FROM pareto");
    assertEquals(0, p.code(), p.err());
    int members = Integer.parseInt(p.out().lines().skip(2).findFirst().orElseThrow().trim());
    assertTrue(members >= 3, "each of the 3 tasks has a front: " + members);
  }

  @Test
  void sqlWritesCsv() throws Exception {
    Path csv = dir.resolve("out.csv");
    Out o = run(new SqlCommand(), results, "SELECT trial_id, test_loss FROM trials ORDER BY trial_id LIMIT 5", "--csv", csv.toString());
    assertEquals(0, o.code(), o.err());
    var lines = Files.readAllLines(csv);
    assertEquals("trial_id,test_loss", lines.get(0));
    assertEquals(6, lines.size());
  }

  @Test
  void badQueriesAndObjectivesGetOneLine() {
    Out o = run(new SqlCommand(), results, "SELECT nope FROM trials");
    assertEquals(2, o.code());
    assertTrue(o.err().startsWith("error: query failed:"), o.err());
    Out p = run(new ParetoCommand(), results, "--objectives", "accuracy:max,modularity_q:max");
    assertEquals(2, p.code());
    assertTrue(p.err().startsWith("error: objective 'accuracy' is not a numeric column"), p.err());
    Out missing = run(new ParetoCommand(), dir.resolve("nothing").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no results at"), missing.err());
  }

  @Test
  void paretoPrintsEachTasksFront() {
    Out o = run(new ParetoCommand(), results, "--objectives", "test_loss:min,modularity_q:max", "--task", "t1");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("== t1:"), o.out());
    assertTrue(o.out().contains("hypervolume"), o.out());
    assertTrue(o.out().contains("left out for a missing or non-finite value"), o.out());
    Out agg = run(new ParetoCommand(), results, "--aggregate-seeds", "--reference", "1,0");
    assertEquals(0, agg.code(), agg.err());
    assertTrue(agg.out().contains("configurations"), agg.out());
    assertTrue(agg.out().contains("against reference (1, 0)"), agg.out());
  }

  @Test
  void lambdaPathPrintsEachPathsTransitionAndPrice() {
    String paths = dir.resolve("paths").toString();
    io.bimtsweep.analysis.LambdaPathTest.syntheticDataset().withColumn("sweep_id", org.apache.spark.sql.functions.lit("s"))
        .write().partitionBy("sweep_id", "task").parquet(paths);
    Out o = run(new LambdaPathCommand(), paths, "--task", "t");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("== t: 2 lambda path(s)"), o.out());
    // A = 1: transition at 1e-3, price 0.01 (1.0%); A = 2: at 0.01, price 0.02
    assertTrue(o.out().matches("(?s).*layout_width=1\\.0\\s+\\|\\s+5\\s+\\|\\s+0\\.001000\\s+\\|.*"), o.out());
    assertTrue(o.out().contains("0.01000") && o.out().contains("0.02000"), o.out());
    Out unknown = run(new LambdaPathCommand(), paths, "--task", "nope");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no trials of task 'nope'") && unknown.err().contains("tasks there: other, t"),
        unknown.err());
    Out badColumn = run(new LambdaPathCommand(), paths, "--task", "t", "--structure", "modularity_q:max");
    assertEquals(2, badColumn.code());
    assertTrue(badColumn.err().contains("modularity_q"), badColumn.err());
  }

  @Test
  void sqlSaysWhatIsWrongAndOnlyReadsByDefault() throws Exception {
    Out typo = run(new SqlCommand(), results, "SELEC x FROM trials");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("PARSE_SYNTAX_ERROR") && typo.err().contains("== SQL ==") && typo.err().contains("^^^"),
        typo.err());
    assertTrue(!typo.err().contains("\tat "), "no stack trace");
    for (String q : new String[] {"CREATE TABLE t AS SELECT 1", "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
        "SELECT reflect('java.lang.System', 'exit', 3)", "SELECT * FROM csv.`/etc/passwd`"}) {
      Out w = run(new SqlCommand(), results, q);
      assertEquals(2, w.code(), q);
      assertTrue(w.err().startsWith("error: "), q + ": " + w.err());
    }
    Out created = run(new SqlCommand(), results, "CREATE TABLE t AS SELECT 1 AS one", "--allow-writes");
    assertEquals(0, created.code(), created.err());
    assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("spark-warehouse")), "no warehouse in the working folder");
    Out nested = run(new SqlCommand(), results, "SELECT array(1, 3) AS a, named_struct('x', 1) AS s");
    assertTrue(nested.out().contains("[1,3]") && nested.out().contains("{\"x\":1}"), nested.out());
    Out limit = run(new SqlCommand(), results, "SELECT 1", "--limit", "0");
    assertEquals(2, limit.code());
    assertTrue(limit.err().contains("--limit must be at least 1"), limit.err());
    Path csv = dir.resolve("exists.csv");
    Files.writeString(csv, "keep\n");
    Out refused = run(new SqlCommand(), results, "SELECT 1 AS one", "--csv", csv.toString());
    assertEquals(2, refused.code());
    assertEquals("keep\n", Files.readString(csv), "nothing overwritten");
    assertEquals(0, run(new SqlCommand(), results, "SELECT 1 AS one", "--csv", csv.toString(), "--overwrite").code());
    assertEquals("one\n1\n", Files.readString(csv));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Out none = run(new SqlCommand(), empty.toString(), "SELECT 1");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no results yet at " + empty), none.err());
  }
}
