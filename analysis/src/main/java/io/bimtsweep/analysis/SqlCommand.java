package io.bimtsweep.analysis;

import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
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
        "Views: trials (one row per trial), pareto (the trials on each task's front for --objectives)."},
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

  @Option(names = "--limit", description = "rows to print (default: ${DEFAULT-VALUE})", defaultValue = "50")
  int limit;

  @Override
  public Integer call() throws Exception {
    List<Objective> obj = Objective.parseList(objectives);
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      SparkSession spark = h.spark();
      AnalysisSession.register(spark, results, obj);
      Dataset<Row> df;
      try {
        df = spark.sql(query);
      } catch (Exception e) {
        throw new IllegalArgumentException("query failed: " + e.getMessage().lines().findFirst().orElse(e.toString()));
      }
      if (parquet != null) {
        df.write().mode("errorifexists").parquet(parquet);
        System.out.println("wrote " + df.count() + " rows to " + parquet);
      } else if (csv != null) {
        writeCsv(df, csv);
      } else {
        print(df, limit);
      }
      return 0;
    }
  }

  static void print(Dataset<Row> df, int limit) {
    List<Row> rows = df.limit(limit + 1).collectAsList();
    Table t = new Table(List.of(df.columns()), 40);
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      List<Object> cells = new ArrayList<>();
      for (int c = 0; c < df.columns().length; c++) {
        cells.add(rows.get(i).get(c));
      }
      t.add(cells);
    }
    System.out.print(t.render());
    System.out.println(rows.size() > limit ? "(first " + limit + " rows; --limit for more)" : "(" + rows.size() + " rows)");
  }

  static void writeCsv(Dataset<Row> df, java.nio.file.Path file) throws java.io.IOException {
    StringBuilder b = new StringBuilder(String.join(",", df.columns())).append('\n');
    for (Row r : df.collectAsList()) {
      for (int c = 0; c < r.size(); c++) {
        if (c > 0) {
          b.append(',');
        }
        Object v = r.get(c);
        String s = v == null ? "" : Table.cell(v instanceof Double ? v : v).replace("\"", "\"\"");
        if (v instanceof Double d) {
          s = Double.toString(d);
        }
        b.append(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s + "\"" : s);
      }
      b.append('\n');
    }
    io.bimtsweep.core.io.ResultFiles.atomicWrite(file, b.toString());
    System.out.println("wrote " + file);
  }
}
