package io.bimtsweep.core.train;

import java.util.Arrays;

/**
 * The loss curve a run records: the training loss and the connection cost every few steps (the
 * settings' history interval, or 100 points per run). Every trainer records it the same way, so
 * engines' curves line up point for point.
 */
public final class LossHistory {
  private final int every;
  private final int[] steps;
  private final double[] loss;
  private final double[] cost;
  private int size;

  public LossHistory(TrainingSettings s) {
    every = s.historyEvery() > 0 ? s.historyEvery() : Math.max(1, s.steps() / 100);
    int points = (s.steps() + every - 1) / every;
    steps = new int[points];
    loss = new double[points];
    cost = new double[points];
  }

  /** Whether this step is recorded. */
  public boolean due(int step) {
    return step % every == 0;
  }

  public void record(int step, double stepLoss, double stepCost) {
    steps[size] = step;
    loss[size] = stepLoss;
    cost[size] = stepCost;
    size++;
  }

  /** Continues a checkpoint's curve. */
  public void restore(int[] fromSteps, double[] fromLoss, double[] fromCost) {
    size = fromSteps.length;
    System.arraycopy(fromSteps, 0, steps, 0, size);
    System.arraycopy(fromLoss, 0, loss, 0, size);
    System.arraycopy(fromCost, 0, cost, 0, size);
  }

  public int[] steps() { return Arrays.copyOf(steps, size); }
  public double[] loss() { return Arrays.copyOf(loss, size); }
  public double[] cost() { return Arrays.copyOf(cost, size); }
}
