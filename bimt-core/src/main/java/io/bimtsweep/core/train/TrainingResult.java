package io.bimtsweep.core.train;

import io.bimtsweep.core.model.Network;

/**
 * What a run produced. Immutable: the network is a copy, taken when training stopped.
 *
 * @param network the trained network (parameters and permutations)
 * @param status ok, or diverged when the loss stopped being finite
 * @param stepsDone optimiser steps taken
 * @param swaps neuron swaps that moved something
 * @param divergedAtStep the step whose loss was not finite, or -1
 * @param trainLoss final prediction loss on the training split (NaN if diverged)
 * @param testLoss final prediction loss on the test split
 * @param testAccuracy test accuracy, NaN for regression
 * @param connectionCost l_w + l_b + l_emb of the final network (biases penalised)
 * @param historySteps steps at which the history was recorded
 * @param historyTrainLoss training loss (the mini-batch's, for mini-batch runs) at those steps
 * @param historyCost connection cost at those steps
 * @param wallSeconds training time, evaluation included
 * @param swapSeconds of which spent choosing and making swaps
 */
public record TrainingResult(
    Network network, Status status, int stepsDone, int swaps, int divergedAtStep,
    double trainLoss, double testLoss, double testAccuracy, double trainAccuracy, double connectionCost,
    int[] historySteps, double[] historyTrainLoss, double[] historyCost, double wallSeconds, double swapSeconds) {

  /** How a run ended. */
  public enum Status {
    OK, DIVERGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public TrainingResult {
    network = network.copy();
    historySteps = historySteps.clone();
    historyTrainLoss = historyTrainLoss.clone();
    historyCost = historyCost.clone();
  }

  @Override public Network network() { return network.copy(); }
  @Override public int[] historySteps() { return historySteps.clone(); }
  @Override public double[] historyTrainLoss() { return historyTrainLoss.clone(); }
  @Override public double[] historyCost() { return historyCost.clone(); }
}
