package io.bimtsweep.core.transformer;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.AdamW;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.LossHistory;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * BIMT's training loop for a transformer, wiring the same kinds of pieces as the MLP's
 * {@link io.bimtsweep.core.train.Trainer}: the passes ({@link TransformerPass}), the connection
 * cost ({@link TransformerCost}), AdamW and the swaps ({@link TransformerSwapper}). Mini-batches are
 * drawn with replacement, as the notebook's {@code np.random.choice(..., replace=True)} does.
 * Deterministic: the same problem and settings give the same bits.
 */
public final class TransformerTrainer {

  /**
   * What a transformer run produced.
   *
   * @param result the usual result, whose network is the layered {@link TransformerView} of the model
   * @param net the trained transformer
   * @param test the test figures per target position (null if the run diverged)
   */
  public record Outcome(TrainingResult result, TransformerNet net, TransformerPass.Evaluation test) {
    public Outcome {
      net = net.copy();
    }

    @Override
    public TransformerNet net() {
      return net.copy();
    }
  }

  public Outcome train(SequenceProblem problem, TrainingSettings s, Activation activation) {
    return train(problem, s, activation, TransformerNet.initialise(problem.shape(), s.seed()), null);
  }

  /** As {@link #train(SequenceProblem, TrainingSettings, Activation)} from a given net, timing each step into stepNanos when non-null. */
  public Outcome train(SequenceProblem problem, TrainingSettings s, Activation activation, TransformerNet initial,
      long[] stepNanos) {
    return run(problem, s, activation, initial, null, s.steps(), "", stepNanos).outcome();
  }

  /** A run that may stop before the end: its outcome at that step and the checkpoint to go on from (null if diverged). */
  public record Run(Outcome outcome, io.bimtsweep.core.train.TrainingCheckpoint checkpoint) {}

  /**
   * Trains from {@code from} (null: from {@code initial}) up to step {@code stopAt} of the run that
   * {@code s} describes, then evaluates; going on from the checkpoint gives the bits of one
   * uninterrupted run (the mini-batch draws are replayed from the seed).
   */
  public Run run(SequenceProblem problem, TrainingSettings s, Activation activation, TransformerNet initial,
      io.bimtsweep.core.train.TrainingCheckpoint from, int stopAt, String identity, long[] stepNanos) {
    io.bimtsweep.core.Checks.check(stopAt > 0 && stopAt <= s.steps(), "stop step %d outside 1..%d", stopAt, s.steps());
    io.bimtsweep.core.Checks.check(from == null || from.identity().equals(identity),
        "the checkpoint belongs to another configuration");
    io.bimtsweep.core.Checks.check(from == null || from.step() <= stopAt, "the checkpoint is at step %d, past %d",
        from == null ? 0 : from.step(), stopAt);
    long start = System.nanoTime() - (from == null ? 0 : (long) (from.seconds() * 1e9));
    TransformerShape shape = problem.shape();
    TransformerNet net = from == null ? initial.copy()
        : new TransformerNet(shape, from.parameters().clone(), from.inputPermutation().clone(),
            from.outputPermutation().clone());
    TransformerPass pass = TransformerPass.of(problem, activation);
    TransformerCost trainCost = new TransformerCost(shape, problem.layoutWidth(), problem.layerDistance(),
        problem.norm(), s.reduction(), s.distanceInLastLayer());
    TransformerCost fullCost = new TransformerCost(shape, problem.layoutWidth(), problem.layerDistance(),
        problem.norm(), s.reduction(), true);
    TransformerSwapper swapper = new TransformerSwapper(shape, fullCost);
    double[] params = net.parameters();
    double[] grad = new double[params.length];
    AdamW opt = new AdamW(params.length, s.learningRate(), 0.9, 0.999, 1e-8, s.weightDecay());
    int n = problem.train().size();
    int batch = s.batchSize() == 0 || s.batchSize() >= n ? 0 : s.batchSize();
    int[] idx = batch == 0 ? null : new int[batch];
    SplittableRandom rnd = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
    LossHistory history = new LossHistory(s);
    long biasFrom = (long) Math.floor(s.biasPenaltyFrom() * s.steps());
    LambdaSchedule.Resolved lambdas = s.lambda().resolve(s.steps());
    int swaps = 0;
    long swapNanos = 0;
    int diverged = -1;
    int step = 0;
    if (from != null) {
      opt.restore(from.adamM(), from.adamV(), from.adamT());
      step = from.step();
      history.restore(from.historySteps(), from.historyLoss(), from.historyCost());
      swaps = from.swaps();
      swapNanos = (long) (from.swapSeconds() * 1e9);
      for (long i = 0; idx != null && i < (long) step * batch; i++) {
        rnd.nextInt(n); // the draws so far, replayed: the generator is where it was
      }
    }
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
      if (idx != null) {
        for (int b = 0; b < batch; b++) {
          idx[b] = rnd.nextInt(n);
        }
      }
      Arrays.fill(grad, 0.0);
      double loss = pass.lossAndGradient(net, problem.train(), idx, grad);
      if (!Double.isFinite(loss)) {
        diverged = step;
        break;
      }
      trainCost.addGradient(params, grad, lambdas.valueAt(step), step >= biasFrom);
      if (history.due(step)) {
        history.record(step, loss, fullCost.value(params, true));
      }
      opt.step(params, grad);
      if (s.swaps() && (step + 1) % s.swapInterval() == 0) {
        long t0 = System.nanoTime();
        swaps += s.permuteOptimizerState()
            ? swapper.swapPass(net, s.topK(), s.swapInputs(), opt.firstMoment(), opt.secondMoment())
            : swapper.swapPass(net, s.topK(), s.swapInputs(), null, null);
        swapNanos += System.nanoTime() - t0;
      }
    }
    boolean ok = diverged < 0 && allFinite(params);
    if (!ok && diverged < 0) {
      diverged = step - 1;
    }
    double trainLoss = Double.NaN;
    TransformerPass.Evaluation te = null;
    if (ok) {
      trainLoss = pass.evaluate(net, problem.train()).mse();
      te = pass.evaluate(net, problem.test());
    }
    Network view = TransformerView.network(net);
    double wall = (System.nanoTime() - start) / 1e9;
    TrainingResult r = new TrainingResult(view, ok ? TrainingResult.Status.OK : TrainingResult.Status.DIVERGED,
        ok ? stopAt : diverged, swaps, diverged, trainLoss, ok ? te.mse() : Double.NaN, Double.NaN, Double.NaN,
        fullCost.value(params, true), history.steps(), history.loss(), history.cost(), wall,
        swapNanos / 1e9);
    var cp = ok ? new io.bimtsweep.core.train.TrainingCheckpoint(identity, stopAt, params.clone(),
        net.inputPermutation().clone(), net.outputPermutation().clone(), opt.firstMoment().clone(),
        opt.secondMoment().clone(), opt.steps(), history.steps(), history.loss(),
        history.cost(), swaps, swapNanos / 1e9, wall, null) : null;
    return new Run(new Outcome(r, net, te), cp);
  }

  private static boolean allFinite(double[] p) {
    for (double v : p) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
