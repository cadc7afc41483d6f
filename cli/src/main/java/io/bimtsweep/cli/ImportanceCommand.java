package io.bimtsweep.cli;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.LambdaPath;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.SettingImportance;
import io.bimtsweep.analysis.pareto.Objective;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt importance}: which settings explain an objective, per task. */
@Command(name = "importance", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Which settings explain an objective, per task: a random forest (Spark MLlib) fitted on the finished "
        + "trials, with the settings that vary among them as features; prints each setting's share of the forest's "
        + "importance (summing to 1) and the objective's mean per value of the setting.",
        "Seeds are not features: what they change is the noise the settings are measured against."},
    footer = {"%nExamples:", "  bimt importance results --objective modularity_q",
        "  bimt importance results --objective test_loss --task independence"})
public final class ImportanceCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RESULTS", description = "dataset root a sweep wrote (its --out)")
  String results;

  @Option(names = "--objective", paramLabel = "COLUMN", required = true,
      description = "the numeric column to explain, e.g. modularity_q, test_loss (a :max or :min suffix is accepted "
          + "and ignored: importance has no direction)")
  String objective;

  @Option(names = "--task", paramLabel = "TASK", description = "the task (default: every task in the results)")
  String task;

  @Option(names = "--seed", description = "the forest's seed (default: ${DEFAULT-VALUE})", defaultValue = "1")
  long seed;

  @Override
  public Integer call() {
    Objective o = Objective.parse(objective.contains(":") ? objective : objective + ":max");
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      Dataset<Row> trials = Results.load(h.spark(), results);
      Cli.noteOlderRows(trials, results);
      List<String> tasks = LambdaPath.tasks(trials);
      if (task != null && !tasks.contains(task)) {
        throw new IllegalArgumentException("no trials of task '" + task + "' in " + results + " (tasks there: "
            + String.join(", ", tasks) + ")");
      }
      System.out.print(SettingImportance.text(SettingImportance.compute(trials, o, task, seed)));
      return 0;
    }
  }
}
