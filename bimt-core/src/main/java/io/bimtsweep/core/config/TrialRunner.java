package io.bimtsweep.core.config;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.TokenEmbedding;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;

/** Turns a configuration into a problem and settings, and trains it. */
public final class TrialRunner {

  /** A trial's inputs and what training gave. */
  public record Outcome(TrialConfig config, TrialConfig effective, TaskData data, Problem problem, TrainingResult result) {}

  public Problem problem(TrialConfig c, TaskData data) {
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

  public TrainingSettings settings(TrialConfig e) {
    return new TrainingSettings(e.steps(), e.learningRate(), e.batchSize(), e.lambdaSchedule(), e.reduction(),
        e.biasPenaltyFrom(), e.distanceInLastLayer(), e.swapInterval(), e.topK(), e.permuteOptimizerState(),
        e.weightDecay(), e.seed(), 0);
  }

  /** Checks, without training, that the configuration fits its task's data; throws naming the problem. */
  public void validate(TrialConfig config) {
    TrialConfig e = config.effective();
    problem(e, Tasks.get(config.task()).generate(config.taskOptions(), config.dataSeed()));
  }

  /** Generates the data, checks that the configuration fits it, and trains. */
  public Outcome run(TrialConfig config) {
    TrialConfig effective = config.effective();
    TaskData data = Tasks.get(config.task()).generate(config.taskOptions(), config.dataSeed());
    Problem problem = problem(effective, data);
    TrainingResult r = new Trainer().train(problem, settings(effective));
    return new Outcome(config, effective, data, problem, r);
  }
}
