package io.bimtsweep.core.transformer;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.train.Dataset;

/**
 * What a transformer learns: sequences of {@code length} tokens of {@code shape.inputs()} values
 * each (a dataset's features, token after token), and at each of {@code targetPositions} one real
 * target (the dataset's targets, in that order) that output component {@code targetOutput} must
 * predict, with the mean squared error. The in-context task: tokens (0, x1), (y1, 0), (0, x2), and
 * y1, y2 predicted at the x positions 0 and 2 by component 0.
 *
 * @param layoutWidth A; each neuron group sits on a line in [0, A]
 * @param layerDistance y*: the length added to every connection (and the cost weight of a bias)
 */
public record SequenceProblem(String task, Dataset train, Dataset test, TransformerShape shape, int length,
    int[] targetPositions, int targetOutput, double layoutWidth, double layerDistance, DistanceNorm norm) {

  public SequenceProblem {
    check(length > 0, "sequences need at least one token");
    targetPositions = targetPositions.clone();
    check(targetPositions.length > 0, "a sequence task needs at least one target position");
    for (int t : targetPositions) {
      check(t >= 0 && t < length, "target position %d outside a sequence of %d tokens", t, length);
    }
    check(targetOutput >= 0 && targetOutput < shape.outputs(), "target output %d outside the network's %d outputs",
        targetOutput, shape.outputs());
    for (Dataset d : new Dataset[] {train, test}) {
      check(!d.hasTokens() && !d.isClassification(), "a transformer task has real-valued tokens and targets");
      check(d.features() == length * shape.inputs(), "inconsistent widths: the data has %d values per sequence but %d "
          + "tokens of the network's %d inputs make %d", d.features(), length, shape.inputs(), length * shape.inputs());
      check(d.outputWidth() == targetPositions.length, "the data has %d targets per sequence but %d target positions",
          d.outputWidth(), targetPositions.length);
    }
  }

  @Override
  public int[] targetPositions() {
    return targetPositions.clone();
  }
}
