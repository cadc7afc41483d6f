package io.bimtsweep.core.train;

import io.bimtsweep.core.cost.Communicability;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Regularizer;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.swap.NeuronSwapper;
import java.util.concurrent.CancellationException;

/**
 * The BIMT training loop. It only wires the pieces: prediction loss and gradient ({@link Mlp}),
 * the connection cost and its gradient ({@link ConnectionCost}), the optimiser ({@link AdamW}) and
 * the swaps ({@link NeuronSwapper}). Deterministic: the same problem and settings give the same
 * bits. Responds to thread interruption (a trial timeout) by throwing CancellationException.
 * Trains in float64, or in float32 ({@link Dtype}; {@link Numerics} holds the difference).
 */
public final class Trainer {
  private final Dtype dtype;

  /** A float64 trainer. */
  public Trainer() {
    this(Dtype.FLOAT64);
  }

  public Trainer(Dtype dtype) {
    this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
  }

  public Dtype dtype() {
    return dtype;
  }

  public TrainingResult train(Problem problem, TrainingSettings s) {
    return train(problem, s, Network.initialise(problem.architecture(), s.seed()));
  }

  public TrainingResult train(Problem problem, TrainingSettings s, Network initial) {
    return train(problem, s, initial, null);
  }

  /**
   * As {@link #train(Problem, TrainingSettings, Network)}, recording each step's duration (swap
   * passes included) in stepNanos when it is non-null and long enough: for benchmarks.
   */
  public TrainingResult train(Problem problem, TrainingSettings s, Network initial, long[] stepNanos) {
    return run(problem, s, initial, null, s.steps(), "", stepNanos).result();
  }

  /** A run that may stop before the end: its result at that step, and the checkpoint to go on from. */
  public record Run(TrainingResult result, TrainingCheckpoint checkpoint) {}

  /**
   * Trains from {@code from} (null: from {@code initial}) up to step {@code stopAt} of the run that
   * {@code s} describes (the schedules are those of all {@code s.steps()} steps), then evaluates.
   * Going on from the returned checkpoint to the end gives the same bits as one uninterrupted run.
   *
   * @param identity the configuration's fingerprint, stored in the checkpoint and checked on resume
   */
  public Run run(Problem problem, TrainingSettings s, Network initial, TrainingCheckpoint from, int stopAt,
      String identity, long[] stepNanos) {
    io.bimtsweep.core.Checks.check(stopAt > 0 && stopAt <= s.steps(), "stop step %d outside 1..%d", stopAt, s.steps());
    io.bimtsweep.core.Checks.check(from == null || from.identity().equals(identity),
        "the checkpoint belongs to another configuration");
    io.bimtsweep.core.Checks.check(from == null || from.step() <= stopAt, "the checkpoint is at step %d, past %d",
        from == null ? 0 : from.step(), stopAt);
    long start = System.nanoTime() - (from == null ? 0 : (long) (from.seconds() * 1e9));
    var arch = problem.architecture();
    Network net = from == null ? initial.copy()
        : new Network(arch, from.parameters().clone(), from.inputPermutation().clone(), from.outputPermutation().clone());
    Numerics num = Numerics.of(dtype, net, problem, s);
    ConnectionCost trainCost = new ConnectionCost(arch, problem.geometry(), s.reduction(), s.distanceInLastLayer());
    ConnectionCost fullCost = new ConnectionCost(arch, problem.geometry(), s.reduction(), true);
    NeuronSwapper swapper = new NeuronSwapper(arch, fullCost);
    Dataset train = problem.train();
    BatchSampler sampler = BatchSampler.of(s, train.size());
    LossHistory history = new LossHistory(s);
    long biasFrom = (long) Math.floor(s.biasPenaltyFrom() * s.steps());
    LambdaSchedule.Resolved lambdas = s.lambda().resolve(s.steps());
    int swaps = 0;
    long swapNanos = 0;
    boolean sernn = s.regularizer() == Regularizer.SERNN;
    double[][] communicability = null; // seRNN: a constant weighting, recomputed every few steps and after swaps
    int step = 0;
    if (from != null) {
      num.restore(from.adamM(), from.adamV(), from.adamT());
      step = from.step();
      history.restore(from.historySteps(), from.historyLoss(), from.historyCost());
      swaps = from.swaps();
      swapNanos = (long) (from.swapSeconds() * 1e9);
      communicability = from.communicability() == null ? null : deepCopy(from.communicability());
      for (int i = 0; sampler != null && i < step; i++) {
        sampler.next(); // the sampler's state after `step` draws: replayed, exact
      }
    }
    int diverged = -1;
    long stepStart = System.nanoTime();
    for (; step < stopAt; step++) {
      if (stepNanos != null && step > 0 && step - 1 < stepNanos.length) {
        long now = System.nanoTime();
        stepNanos[step - 1] = now - stepStart;
        stepStart = now;
      }
      if ((step & 63) == 0 && Thread.currentThread().isInterrupted()) {
        throw new CancellationException("training interrupted at step " + step);
      }
      double lambda = lambdas.valueAt(step);
      boolean penaliseBiases = step >= biasFrom;
      double loss = num.lossAndGradient(train, sampler == null ? null : sampler.next());
      if (!Double.isFinite(loss)) {
        diverged = step;
        break;
      }
      if (sernn && lambda > 0 && (communicability == null || step % s.communicabilityInterval() == 0)) {
        communicability = Communicability.weightFactors(arch, num.parameters());
      }
      num.addCostGradient(trainCost, lambda, penaliseBiases, sernn ? communicability : null);
      if (history.due(step)) {
        history.record(step, loss, fullCost.value(num.parameters(), true));
      }
      num.step();
      if (s.swaps() && (step + 1) % s.swapInterval() == 0) {
        long t0 = System.nanoTime();
        num.parameters();
        double[][] moments = s.permuteOptimizerState() ? num.moments() : null;
        swaps += moments != null
            ? swapper.swapPass(net, s.topK(), s.swapInputs(), moments[0], moments[1])
            : swapper.swapPass(net, s.topK(), s.swapInputs());
        num.swapped(moments);
        swapNanos += System.nanoTime() - t0;
        communicability = null; // neurons moved: their communicability is recomputed next step
      }
    }
    boolean ok = diverged < 0 && num.allFinite();
    double[] params = num.parameters();
    if (!ok && diverged < 0) {
      diverged = step - 1;
    }
    Mlp.Evaluation tr = ok ? num.evaluate(train) : new Mlp.Evaluation(Double.NaN, Double.NaN);
    Mlp.Evaluation te = ok ? num.evaluate(problem.test()) : new Mlp.Evaluation(Double.NaN, Double.NaN);
    double wall = (System.nanoTime() - start) / 1e9;
    TrainingResult result = new TrainingResult(net, ok ? TrainingResult.Status.OK : TrainingResult.Status.DIVERGED,
        ok ? stopAt : diverged, swaps, diverged, tr.loss(), te.loss(), te.accuracy(), tr.accuracy(),
        fullCost.value(params, true), history.steps(), history.loss(),
        history.cost(), wall, swapNanos / 1e9);
    double[][] moments = ok ? copies(num.moments()) : null;
    TrainingCheckpoint cp = ok ? new TrainingCheckpoint(identity, stopAt, params.clone(), net.inputPermutation().clone(),
        net.outputPermutation().clone(), moments[0], moments[1], num.optimizerSteps(),
        history.steps(), history.loss(), history.cost(), swaps,
        swapNanos / 1e9, wall, communicability == null ? null : deepCopy(communicability)) : null;
    return new Run(result, cp);
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] == null ? null : a[i].clone();
    }
    return c;
  }

  private static double[][] copies(double[][] a) {
    return new double[][] {a[0].clone(), a[1].clone()};
  }
}
