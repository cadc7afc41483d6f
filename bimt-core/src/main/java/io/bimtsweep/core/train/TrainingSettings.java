package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.cost.Regularizer;

/**
 * How to train: optimiser, regulariser schedule, swaps. The five training modes of the paper are
 * points in this space (lambda 0; A = 0 without swaps; A > 0 without swaps; A = 0 with swaps; BIMT).
 *
 * @param steps optimiser steps
 * @param learningRate AdamW learning rate
 * @param batchSize examples per step; 0 means full batch
 * @param lambda the connection-cost weight over the run
 * @param reduction per-layer sum or mean of the cost terms
 * @param biasPenaltyFrom fraction of the run before which biases are not penalised (0: always)
 * @param distanceInLastLayer false drops the last layer's in-plane distance from the training cost
 * @param swapInterval S: swap after every S-th step; 0 means never
 * @param topK neurons per layer considered for a swap
 * @param permuteOptimizerState permute AdamW's moments with swapped parameters (the notebooks don't)
 * @param weightDecay AdamW's decoupled decay (the notebooks: 0)
 * @param seed initialises the network and draws mini-batches
 * @param historyEvery record the training loss every this many steps (0: 100 points per run)
 * @param regularizer BIMT's cost, or seRNN's communicability-weighted one
 * @param communicabilityInterval with seRNN: recompute the communicability every this many steps
 */
public record TrainingSettings(
    int steps, double learningRate, int batchSize, LambdaSchedule lambda, Reduction reduction,
    double biasPenaltyFrom, boolean distanceInLastLayer, int swapInterval, int topK,
    boolean permuteOptimizerState, double weightDecay, long seed, int historyEvery, Regularizer regularizer,
    int communicabilityInterval, boolean swapInputs) {

  /** With swaps in every layer, inputs included (all but MNIST). */
  public TrainingSettings(int steps, double learningRate, int batchSize, LambdaSchedule lambda, Reduction reduction,
      double biasPenaltyFrom, boolean distanceInLastLayer, int swapInterval, int topK, boolean permuteOptimizerState,
      double weightDecay, long seed, int historyEvery, Regularizer regularizer, int communicabilityInterval) {
    this(steps, learningRate, batchSize, lambda, reduction, biasPenaltyFrom, distanceInLastLayer, swapInterval, topK,
        permuteOptimizerState, weightDecay, seed, historyEvery, regularizer, communicabilityInterval, true);
  }

  /** BIMT's regulariser. */
  public TrainingSettings(int steps, double learningRate, int batchSize, LambdaSchedule lambda, Reduction reduction,
      double biasPenaltyFrom, boolean distanceInLastLayer, int swapInterval, int topK, boolean permuteOptimizerState,
      double weightDecay, long seed, int historyEvery) {
    this(steps, learningRate, batchSize, lambda, reduction, biasPenaltyFrom, distanceInLastLayer, swapInterval, topK,
        permuteOptimizerState, weightDecay, seed, historyEvery, Regularizer.BIMT, 1);
  }

  public TrainingSettings {
    check(steps > 0, "steps must be > 0, got %d", steps);
    check(Double.isFinite(learningRate) && learningRate > 0, "learning rate must be > 0, got %s", learningRate);
    check(batchSize >= 0, "batch size must be >= 0 (0: full batch), got %d", batchSize);
    check(lambda != null, "a lambda schedule is required");
    check(biasPenaltyFrom >= 0 && biasPenaltyFrom <= 1, "bias penalty start must be a fraction in [0, 1], got %s", biasPenaltyFrom);
    check(swapInterval >= 0, "swap interval must be >= 0 (0: never), got %d", swapInterval);
    check(topK >= 0, "top_k must be >= 0, got %d", topK);
    check(Double.isFinite(weightDecay) && weightDecay >= 0, "weight decay must be >= 0, got %s", weightDecay);
    check(historyEvery >= 0, "history interval must be >= 0");
    check(regularizer != null, "a regularizer is required");
    check(communicabilityInterval > 0, "communicability interval must be > 0, got %d", communicabilityInterval);
  }

  public boolean swaps() {
    return swapInterval > 0 && topK > 0;
  }
}
