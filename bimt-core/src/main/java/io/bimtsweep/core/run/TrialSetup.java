package io.bimtsweep.core.run;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.engine.Engines;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.TokenEmbedding;
import io.bimtsweep.core.task.SequenceSpec;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.Loss;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import io.bimtsweep.core.transformer.SequenceProblem;
import io.bimtsweep.core.transformer.TransformerShape;
import io.bimtsweep.core.transformer.TransformerTrainer;
import java.util.List;

/**
 * Turns a configuration into what an engine needs (the task's data, a {@link Problem}, the
 * {@link TrainingSettings} of its effective values) and checks that they fit; {@link #train} then
 * hands them to the configured engine. Throws IllegalArgumentException naming the problem.
 */
public final class TrialSetup {

  /**
   * A trial's inputs and what training gave. A layered network's trial has a {@code problem}; a
   * sequence task's has a {@code sequenceProblem} and the {@code transformer} outcome instead.
   */
  public record Outcome(TrialConfig config, TrialConfig effective, TaskData data, Problem problem, Engine engine,
      TrainingResult result, SequenceProblem sequenceProblem, TransformerTrainer.Outcome transformer,
      io.bimtsweep.core.train.TrainingCheckpoint checkpoint) {

    public Outcome(TrialConfig config, TrialConfig effective, TaskData data, Problem problem, Engine engine,
        TrainingResult result) {
      this(config, effective, data, problem, engine, result, null, null, null);
    }
  }

  private TrialSetup() {}

  /**
   * Bytes one trial needs at least, from its widths and batch: the parameters with their gradient
   * and AdamW's two moments, the activations (three arrays per neuron per example of a batch, or of
   * at least 100 examples for full-batch training), and the neurons' coordinates. Arithmetic on the
   * settings only, so an impossible network is refused before anything is allocated.
   */
  public static double estimateBytes(TrialConfig c) {
    List<Integer> w = c.widths();
    double params = 0;
    double neurons = 0;
    for (int l = 0; l < w.size(); l++) {
      neurons += w.get(l);
      if (l > 0) {
        params += (double) w.get(l - 1) * w.get(l) + w.get(l);
      }
    }
    // a batch, or for full-batch training at least the 100 examples of the smallest preset: a lower bound
    int examples = c.batchSize() > 0 ? c.batchSize() : 100;
    return 8 * (4 * params + 3 * neurons * examples + 2 * neurons);
  }

  /** Refuses a configuration whose estimate exceeds the budget, naming the estimate. */
  public static void checkMemory(TrialConfig c, long budgetBytes) {
    double need = estimateBytes(c);
    if (need > budgetBytes) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "widths %s need about %s of memory per "
          + "trial, more than the %s available (the executor's memory in a cluster, this JVM's heap locally)",
          c.widths(), human(need), human(budgetBytes)));
    }
  }

  /**
   * Bytes a trial needs with its data: {@link #estimateBytes}, the data set itself (features and
   * targets of both splits, as doubles), and one evaluation pass (activations of up to
   * 4,096 examples at a time).
   */
  public static double estimateBytes(TrialConfig c, TaskData data) {
    return estimateBytes(c) + dataBytes(data) + evaluationBytes(c, data);
  }

  private static double dataBytes(TaskData data) {
    double bytes = 0;
    for (io.bimtsweep.core.train.Dataset d : List.of(data.train(), data.test())) {
      bytes += 8.0 * (d.x() == null ? 0 : d.x().length) + 8.0 * (d.y() == null ? 0 : d.y().length)
          + 4.0 * (d.labels() == null ? 0 : d.labels().length) + 4.0 * (d.tokens() == null ? 0 : d.tokens().length);
    }
    return bytes;
  }

  private static double evaluationBytes(TrialConfig c, TaskData data) {
    int largest = Math.max(data.train().size(), data.test().size());
    double neurons = 0;
    int widest = 0;
    for (int w : c.widths()) {
      neurons += w;
      widest = Math.max(widest, w);
    }
    return 8.0 * Math.min(largest, 4096) * (3 * neurons + 2 * widest);
  }

  /** Refuses a configuration that cannot fit with its data, naming the parts of the estimate. */
  public static void checkMemory(TrialConfig c, TaskData data, long budgetBytes) {
    double need = estimateBytes(c, data);
    if (need > budgetBytes) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "task %s with widths %s needs about %s of "
          + "memory per trial (%s for its %d + %d examples, %s for the network, its optimiser and activations), more "
          + "than the %s available (the executor's memory in a cluster, this JVM's heap locally): take fewer examples "
          + "(n_train, n_test) or give the trial more memory", c.task(), c.widths(), human(need), human(dataBytes(data)),
          data.train().size(), data.test().size(), human(need - dataBytes(data)), human(budgetBytes)));
    }
  }

  private static String human(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", bytes, units[u]);
  }

  /**
   * The settings a {@link Problem} is made of: the task, the network and its layout. Two
   * configurations with equal specs (and data) make equal problems, so a sweep checks each spec
   * once, not once per seed or lambda.
   */
  public record ProblemSpec(String task, List<Integer> widths, Activation activation, int embeddingDim, Loss loss,
      double layoutWidth, double layerDistance, DistanceNorm norm, io.bimtsweep.core.geometry.Layout layout) {
    public static ProblemSpec of(TrialConfig c) {
      return new ProblemSpec(c.task(), c.widths(), c.activation(), c.embeddingDim(), c.loss(), c.layoutWidth(),
          c.layerDistance(), c.norm(), c.layout());
    }
  }

  /** The problem of a configuration (its effective values) on this data. */
  public static Problem problem(TrialConfig c, TaskData data) {
    return problem(ProblemSpec.of(c), data);
  }

  /** Checks that a spec fits this data, for a layered network or a transformer alike; throws naming the problem. */
  public static void checkFits(ProblemSpec c, TaskData data) {
    if (data.sequences()) {
      sequenceProblem(c, data);
    } else {
      problem(c, data);
    }
  }

  /**
   * The transformer problem of a spec on sequence data: the widths spell the transformer
   * ({@link TransformerShape#fromWidths}), each token is one input row.
   */
  public static SequenceProblem sequenceProblem(ProblemSpec c, TaskData data) {
    SequenceSpec seq = data.sequence();
    io.bimtsweep.core.Checks.check(seq != null, "task '%s' has no sequences: it trains a layered network", c.task());
    io.bimtsweep.core.Checks.check(c.loss() == Loss.MSE, "task '%s' trains a transformer with the squared error: set "
        + "loss: mse", c.task());
    io.bimtsweep.core.Checks.check(c.layout() == io.bimtsweep.core.geometry.Layout.LINES, "task '%s' trains a "
        + "transformer, whose neurons sit on lines: layout grids is for image inputs", c.task());
    TransformerShape shape = TransformerShape.fromWidths(c.widths(), seq.layerNorm());
    io.bimtsweep.core.Checks.check(shape.inputs() == seq.tokenWidth(), "inconsistent widths: the tokens of task '%s' "
        + "have %d values but the transformer's input width is %d", c.task(), seq.tokenWidth(), shape.inputs());
    return new SequenceProblem(c.task(), data.train(), data.test(), shape, seq.length(), seq.targetPositions(),
        seq.targetOutput(), c.layoutWidth(), c.layerDistance(), c.norm());
  }

  /** The problem of a spec on this data; throws if they do not fit. */
  public static Problem problem(ProblemSpec c, TaskData data) {
    io.bimtsweep.core.Checks.check(!data.sequences(), "task '%s' has sequences: it trains a transformer, not a layered "
        + "network", c.task());
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
    Geometry g;
    if (c.layout() == io.bimtsweep.core.geometry.Layout.GRIDS) {
      check(arch.inputFolds() == 1, "layout grids is for image inputs, not token inputs (task '%s')", c.task());
      g = Geometry.grids(widths, c.layoutWidth(), c.layerDistance(), c.norm());
    } else {
      g = Geometry.lines(widths, arch.inputFolds(), c.layoutWidth(), c.layerDistance(), c.norm());
    }
    return new Problem(c.task(), data.train(), data.test(), arch, g, c.loss());
  }

  /** The training settings of an (effective) configuration. */
  public static TrainingSettings settings(TrialConfig e) {
    return new TrainingSettings(e.steps(), e.learningRate(), e.batchSize(), e.lambdaSchedule(), e.reduction(),
        e.biasPenaltyFrom(), e.distanceInLastLayer(), e.swapInterval(), e.topK(), e.permuteOptimizerState(),
        e.weightDecay(), e.seed(), 0, e.regularizer(), e.communicabilityInterval(), e.swapInputs());
  }

  /** The task's data for a configuration. */
  public static TaskData data(TrialConfig c) {
    return Tasks.get(c.task()).generate(c.taskOptions(), c.dataSeed());
  }

  /**
   * Checks, without training, that the configuration fits its task's data; throws naming the
   * problem, and returns the data's warnings.
   */
  public static List<String> validate(TrialConfig config) {
    checkMemory(config.effective(), Runtime.getRuntime().maxMemory());
    TaskData data = data(config);
    checkMemory(config.effective(), data, Runtime.getRuntime().maxMemory());
    checkFits(ProblemSpec.of(config.effective()), data);
    if (data.sequences()) {
      checkTransformerEngine(config.effective());
    } else {
      engine(config.effective()).check(problem(config.effective(), data), settings(config.effective()));
    }
    return data.warnings();
  }

  /** Transformers train in the Java engine only (other engines train layered networks), in float64. */
  public static void checkTransformerEngine(TrialConfig e) {
    io.bimtsweep.core.Checks.check(e.engine().equals(io.bimtsweep.core.engine.JavaEngine.NAME), "task '%s' trains a "
        + "transformer, which only the java engine can train (engine is '%s')", e.task(), e.engine());
    io.bimtsweep.core.Checks.check(e.dtype() == io.bimtsweep.core.train.Dtype.FLOAT64, "task '%s' trains a "
        + "transformer, which trains in float64 only (dtype is %s; float32 covers layered networks)", e.task(),
        e.dtype().label());
  }

  /** The configured engine in the configured number type; an engine without that type is refused by name. */
  public static Engine engine(TrialConfig e) {
    return Engines.get(e.engine()).withDtype(e.dtype().label());
  }

  /** Generates the data, checks that the configuration fits it, and trains with the configured engine. */
  public static Outcome train(TrialConfig config) {
    return train(config, null, 0);
  }

  /**
   * As {@link #train(TrialConfig)}, but from a checkpoint (null: from the start) and only up to step
   * {@code stopAt} of the run (0: to the end); the outcome carries the checkpoint to go on from.
   * Only the java engine stops and resumes (the schedules stay those of the whole run).
   */
  public static Outcome train(TrialConfig config, io.bimtsweep.core.train.TrainingCheckpoint from, int stopAt) {
    TrialConfig effective = config.effective();
    boolean partial = from != null || stopAt > 0;
    int until = stopAt > 0 ? Math.min(stopAt, effective.steps()) : effective.steps();
    String identity = io.bimtsweep.core.config.TrialIds.of(config);
    checkMemory(effective, Runtime.getRuntime().maxMemory());
    TaskData data = data(config);
    checkMemory(effective, data, Runtime.getRuntime().maxMemory());
    if (data.sequences()) {
      SequenceProblem sp = sequenceProblem(ProblemSpec.of(effective), data);
      checkTransformerEngine(effective);
      TransformerTrainer.Run run = new TransformerTrainer().run(sp, settings(effective), effective.activation(),
          io.bimtsweep.core.transformer.TransformerNet.initialise(sp.shape(), effective.seed()), from, until, identity,
          null);
      TransformerTrainer.Outcome t = run.outcome();
      return new Outcome(config, effective, data, null, Engines.get(effective.engine()), t.result(), sp, t,
          run.checkpoint());
    }
    Problem problem = problem(effective, data);
    Engine engine = engine(effective);
    engine.check(problem, settings(effective));
    if (partial) {
      io.bimtsweep.core.Checks.check(engine instanceof io.bimtsweep.core.engine.JavaEngine, "engine '%s' cannot stop "
          + "and resume a run: successive halving needs the java engine", engine.name());
      io.bimtsweep.core.train.Trainer.Run run = ((io.bimtsweep.core.engine.JavaEngine) engine).trainer().run(problem, settings(effective),
          io.bimtsweep.core.model.Network.initialise(problem.architecture(), effective.seed()), from, until, identity,
          null);
      return new Outcome(config, effective, data, problem, engine, run.result(), null, null, run.checkpoint());
    }
    TrainingResult r = engine.train(problem, settings(effective));
    return new Outcome(config, effective, data, problem, engine, r);
  }
}
