package io.bimtsweep.cli;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.QueryOutput;
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
      Cli.noteOlderRows(spark.table("trials"), results);
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
        QueryOutput.writeCsv(df, csv);
      } else {
        QueryOutput.print(df, limit);
      }
      return 0;
    }
  }

}
