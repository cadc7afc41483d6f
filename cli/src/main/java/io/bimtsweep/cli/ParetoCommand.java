package io.bimtsweep.cli;

import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.FrontText;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.SparkPareto;
import io.bimtsweep.analysis.pareto.Objective;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bimt pareto}: each task's front of the chosen objectives. */
@Command(name = "pareto", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print each task's Pareto front: its members and their settings, hypervolume and knee point.",
    footer = {"%nExamples:", "  bimt pareto results --objectives test_accuracy:max,modularity_q:max --task two_moons",
        "  bimt pareto results --objectives test_loss:min,weight_fraction_1e2:min --aggregate-seeds"})
public final class ParetoCommand implements Callable<Integer> {
  @Option(names = "--include-stopped", description = "also the trials that successive halving stopped early (their "
      + "metrics are from a shorter run; left out by default)")
  boolean includeStopped;

  @Parameters(paramLabel = "RESULTS", description = "dataset root a sweep wrote (its --out)")
  String results;

  @Option(names = "--objectives", description = "two or more COLUMN:max|min (default: ${DEFAULT-VALUE})",
      defaultValue = AnalysisSession.DEFAULT_OBJECTIVES)
  String objectives;

  @Option(names = "--task", description = "only this task (default: every task)")
  String task;

  @Option(names = "--aggregate-seeds", description = "average trials that differ only in seed first (mean and spread)")
  boolean aggregate;

  @Option(names = "--reference", paramLabel = "V1,V2,...", split = ",",
      description = "hypervolume reference point, one value per objective (default: each task's worst values)")
  List<Double> reference;

  @Override
  public Integer call() {
    List<Objective> obj = Objective.parseList(objectives);
    if (reference != null && reference.size() != obj.size()) {
      throw new IllegalArgumentException("--reference needs " + obj.size() + " values, one per objective; got " + reference.size());
    }
    try (AnalysisSession.Handle h = AnalysisSession.open()) {
      SparkSession spark = h.spark();
      Dataset<Row> trials = Results.load(spark, results);
      if (!includeStopped) {
        trials = Results.finishedOnly(trials);
      }
      Cli.noteOlderRows(trials, results);
      if (task != null) {
        if (trials.filter(functions.col("task").equalTo(task)).isEmpty()) {
          throw new IllegalArgumentException("no trials of task '" + task + "' in " + results);
        }
        trials = trials.filter(functions.col("task").equalTo(task));
      }
      Map<String, double[]> ref = null;
      if (reference != null) {
        double[] r = reference.stream().mapToDouble(Double::doubleValue).toArray();
        ref = new LinkedHashMap<>();
        for (Row g : trials.select("task").distinct().collectAsList()) {
          ref.put(g.getString(0), r);
        }
      }
      for (Front f : SparkPareto.fronts(trials, obj, aggregate, ref).values()) {
        System.out.print(FrontText.render(f, aggregate));
      }
      return 0;
    }
  }

}
