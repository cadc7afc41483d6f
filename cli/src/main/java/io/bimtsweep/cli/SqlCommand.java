package io.bimtsweep.cli;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.QueryOutput;
import io.bimtsweep.analysis.ReadOnlySql;
import io.bimtsweep.analysis.pareto.Objective;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt sql}: Spark SQL over the results. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run Spark SQL over a results dataset.",
        "Views: trials (one row per trial), pareto (the trials on each task's front for --objectives).",
        "Read-only by default: queries only (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN), no SQL over raw files "
            + "(csv.`path`), no Java methods (reflect); --allow-writes lifts this. Tables a query creates live in a "
            + "temporary warehouse, removed on exit. Arrays and structs print as JSON."},
    footer = {"%nExamples:", "  bimt sql results \"SELECT task, norm, avg(modularity_q) FROM trials GROUP BY task, norm\"",
        "  bimt sql results \"SELECT trial_id, lambda, layout_width FROM pareto\" --csv front.csv"})
public final class SqlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESULTS", description = "dataset root a sweep wrote (its --out)")
  String results;

  @Parameters(index = "1", paramLabel = "QUERY", description = "a Spark SQL query")
  String query;

  @Option(names = "--objectives", description = "objectives of the pareto view (default: ${DEFAULT-VALUE})",
      defaultValue = AnalysisSession.DEFAULT_OBJECTIVES)
  String objectives;

  @Option(names = "--csv", paramLabel = "FILE", description = "write the result as one CSV file instead of printing it")
  java.nio.file.Path csv;

  @Option(names = "--parquet", paramLabel = "DIR", description = "write the result as Parquet instead of printing it")
  String parquet;

  @Option(names = "--limit", description = "rows to print, at least 1 (default: ${DEFAULT-VALUE})", defaultValue = "50")
  int limit;

  @Option(names = "--overwrite", description = "replace an existing --csv file or --parquet folder (default: refuse)")
  boolean overwrite;

  @Option(names = "--allow-writes", description = "run any statement: writes, SQL over files, Java methods")
  boolean allowWrites;

  /** Spark's own words: the error class, the position and the caret under the query; no stack trace. */
  private IllegalArgumentException failed(Exception e) {
    if (e instanceof org.apache.spark.SparkThrowable t && "TABLE_OR_VIEW_NOT_FOUND".equals(t.getCondition())) {
      String name = t.getMessageParameters().getOrDefault("relationName", "?");
      var at = java.util.regex.Pattern.compile("line (\\d+),? pos (\\d+)").matcher(String.valueOf(e.getMessage()));
      String where = at.find() ? " (line " + at.group(1) + ", pos " + at.group(2) + ")" : "";
      var file = java.util.regex.Pattern.compile("`(csv|json|parquet|orc|text|avro|binaryFile)`\\.`(.+)`",
          java.util.regex.Pattern.CASE_INSENSITIVE).matcher(name);
      if (file.matches() && !allowWrites) {
        return new IllegalArgumentException("the query reads the file " + file.group(2) + " directly" + where + ": bimt sql "
            + "reads only the results unless --allow-writes is given");
      }
      return new IllegalArgumentException("query failed: no table or view " + name + where + ": the results are the views "
          + "trials and pareto");
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    // analysis errors end with the query plan: leave it out
    return new IllegalArgumentException("query failed: " + String.join("\n", m.lines()
        .takeWhile(l -> !l.startsWith("'") && !l.strip().startsWith("+-") && !l.startsWith("Project ")).limit(12).toList())
        .strip());
  }

  /** One policy for outputs: an existing one is refused unless --overwrite; a CSV file must not be a folder. */
  private void checkOutput(String path, boolean file) {
    if (path == null || path.contains("://")) {
      return;
    }
    java.nio.file.Path p = java.nio.file.Path.of(path);
    if (file && java.nio.file.Files.isDirectory(p)) {
      throw new IllegalArgumentException("--csv " + path + " is a folder: give a file name");
    }
    if (java.nio.file.Files.exists(p) && !overwrite) {
      throw new IllegalArgumentException(path + " exists: choose another name, or add --overwrite to replace it");
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Objective> obj = Objective.parseList(objectives);
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
    if (csv != null && parquet != null) {
      throw new IllegalArgumentException("give --csv or --parquet, not both");
    }
    checkOutput(csv == null ? null : csv.toString(), true);
    checkOutput(parquet, false);
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      SparkSession spark = h.spark();
      try {
        spark.sessionState().sqlParser().parsePlan(query); // a typo is named as one, before any other judgement
      } catch (Exception e) {
        throw failed(e);
      }
      if (!allowWrites) {
        ReadOnlySql.check(query);
      }
      spark.conf().set("spark.sql.runSQLOnFiles", Boolean.toString(allowWrites));
      if (AnalysisSession.mayReadPareto(query)) {
        AnalysisSession.register(spark, results, obj);
      } else {
        AnalysisSession.registerTrials(spark, results, obj);
      }
      Cli.noteOlderRows(spark.table("trials"), results);
      Dataset<Row> df;
      try {
        df = spark.sql(query);
      } catch (Exception e) {
        throw failed(e);
      }
      if (parquet != null) {
        df.write().mode(overwrite ? "overwrite" : "errorifexists").parquet(parquet);
        System.out.println("wrote " + df.count() + " rows to " + parquet);
      } else if (csv != null) {
        QueryOutput.writeCsv(df, csv);
      } else {
        QueryOutput.print(df, limit);
      }
      return 0;
    }
  }

}
