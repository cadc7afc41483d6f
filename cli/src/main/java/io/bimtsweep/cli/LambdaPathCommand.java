package io.bimtsweep.cli;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.LambdaPath;
import io.bimtsweep.analysis.LambdaPathText;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.pareto.Objective;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt lambda-path}: where along lambda the network turns modular, and what that costs. */
@Command(name = "lambda-path", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"For each group of trials that differ only in lambda (seeds averaged): the smallest lambda at which a "
        + "structure measure reaches its best value (or --target), and the objective given up there against lambda = 0.",
        "The baseline is the group's own lambda = 0 trials, else mode-none trials with the same data, network and "
            + "optimiser settings."},
    footer = {"%nExamples:", "  bimt lambda-path results --task independence --target 2",
        "  bimt lambda-path results --task two_moons --structure modularity_q:max --points"})
public final class LambdaPathCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RESULTS", description = "dataset root a sweep wrote (its --out)")
  String results;

  @Option(names = "--task", paramLabel = "TASK", description = "the task (default: every task in the results)")
  String task;

  @Option(names = "--objective", paramLabel = "COLUMN:max|min",
      description = "what interpretability costs (default: test_accuracy:max where the task has an accuracy, else "
          + "test_loss:min)")
  String objective;

  @Option(names = "--structure", paramLabel = "COLUMN:max|min", description = "the structure measure (default: "
      + "${DEFAULT-VALUE})", defaultValue = "components:max")
  String structure;

  @Option(names = "--target", paramLabel = "VALUE", description = "the structure value that counts as reached, e.g. the "
      + "true number of modules (default: the best value on each path)")
  Double target;

  @Option(names = "--points", description = "also print every point of every path")
  boolean points;

  @Override
  public Integer call() {
    Objective s = Objective.parse(structure);
    Objective given = objective == null ? null : Objective.parse(objective);
    if (target != null && !Double.isFinite(target)) {
      throw new IllegalArgumentException("--target must be a finite number, got " + target);
    }
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      Dataset<Row> trials = Results.load(h.spark(), results);
      Cli.noteOlderRows(trials, results);
      List<String> tasks = LambdaPath.tasks(trials);
      if (task != null && !tasks.contains(task)) {
        throw new IllegalArgumentException("no trials of task '" + task + "' in " + results + " (tasks there: "
            + String.join(", ", tasks) + ")");
      }
      for (String t : task == null ? tasks : List.of(task)) {
        Objective o = given != null ? given : LambdaPath.defaultObjective(trials, t);
        Results.checkObjectives(trials, List.of(o, s));
        List<LambdaPath.Path> paths = LambdaPath.compute(LambdaPath.collect(trials, t, o, s), o, s, target);
        System.out.print(LambdaPathText.render(t, paths, o, s, target, points));
        if (paths.isEmpty()) {
          System.out.println("(no path: no group of trials of " + t + " varies lambda over two or more values)");
        }
      }
      return 0;
    }
  }
}
