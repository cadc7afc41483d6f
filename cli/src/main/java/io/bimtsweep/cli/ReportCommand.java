package io.bimtsweep.cli;

import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.report.HtmlReport;
import io.bimtsweep.analysis.report.ReportModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt report}: a self-contained HTML page about a results dataset. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write DIR/index.html: per task the Pareto scatter, hyperparameters against metrics, modularity and "
        + "accuracy against lambda and A, and a connection diagram of each front member. Opens offline.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--include-stopped", description = "also the trials that successive halving stopped early (their "
      + "metrics are from a shorter run; left out by default)")
  boolean includeStopped;

  @Parameters(paramLabel = "RESULTS", description = "dataset root a sweep wrote (its --out)")
  String results;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for index.html")
  Path out;

  @Option(names = "--objectives", description = "objectives of the fronts (default: ${DEFAULT-VALUE})",
      defaultValue = AnalysisSession.DEFAULT_OBJECTIVES)
  String objectives;

  @Override
  public Integer call() throws Exception {
    var obj = Objective.parseList(objectives);
    io.bimtsweep.core.io.ResultFiles.checkOutputDir(out, "index.html"); // before Spark starts and the report is built
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      SparkSession spark = h.spark();
      var trials = Results.load(spark, results);
      Cli.noteOlderRows(trials, results);
      Results.checkObjectives(trials, obj);
      Path index = HtmlReport.write(ReportModel.build(trials, obj, results, includeStopped), out);
      System.out.println("wrote " + index);
      return 0;
    }
  }
}
