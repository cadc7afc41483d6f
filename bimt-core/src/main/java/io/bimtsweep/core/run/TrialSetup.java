package io.bimtsweep.core.run;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.engine.Engines;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.TokenEmbedding;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;

/**
 * Turns a configuration into what an engine needs (the task's data, a {@link Problem}, the
 * {@link TrainingSettings} of its effective values) and checks that they fit; {@link #train} then
 * hands them to the configured engine. Throws IllegalArgumentException naming the problem.
 */
public final class TrialSetup {

  /** A trial's inputs and what training gave. */
  public record Outcome(TrialConfig config, TrialConfig effective, TaskData data, Problem problem, Engine engine,
      TrainingResult result) {}

  private TrialSetup() {}

  /** The problem of a configuration (its effective values) on this data. */
  public static Problem problem(TrialConfig c, TaskData data) {
    int[] widths = c.widths().stream().mapToInt(Integer::intValue).toArray();
    TokenEmbedding emb = null;
    if (data.tokens()) {
      check(c.embeddingDim() > 0, "task '%s' has token inputs: set embedding_dim > 0", c.task());
      int tokens = data.train().tokensPerExample();
      emb = new TokenEmbedding(data.vocab(), c.embeddingDim(), tokens);
      check(widths[0] == emb.inputWidth(),
          "inconsistent widths: input width %d but %d tokens x embedding_dim %d = %d", widths[0], tokens, c.embeddingDim(),
          emb.inputWidth());
    }
    Architecture arch = new Architecture(widths, c.activation(), emb);
    Geometry g = Geometry.lines(widths, arch.inputFolds(), c.layoutWidth(), c.layerDistance(), c.norm());
    return new Problem(c.task(), data.train(), data.test(), arch, g, c.loss());
  }

  /** The training settings of an (effective) configuration. */
  public static TrainingSettings settings(TrialConfig e) {
    return new TrainingSettings(e.steps(), e.learningRate(), e.batchSize(), e.lambdaSchedule(), e.reduction(),
        e.biasPenaltyFrom(), e.distanceInLastLayer(), e.swapInterval(), e.topK(), e.permuteOptimizerState(),
        e.weightDecay(), e.seed(), 0, e.regularizer(), e.communicabilityInterval());
  }

  /** The task's data for a configuration. */
  public static TaskData data(TrialConfig c) {
    return Tasks.get(c.task()).generate(c.taskOptions(), c.dataSeed());
  }

  /** Checks, without training, that the configuration fits its task's data; throws naming the problem. */
  public static void validate(TrialConfig config) {
    problem(config.effective(), data(config));
  }

  /** Generates the data, checks that the configuration fits it, and trains with the configured engine. */
  public static Outcome train(TrialConfig config) {
    TrialConfig effective = config.effective();
    TaskData data = data(config);
    Problem problem = problem(effective, data);
    Engine engine = Engines.get(effective.engine());
    TrainingResult r = engine.train(problem, settings(effective));
    return new Outcome(config, effective, data, problem, engine, r);
  }
}
