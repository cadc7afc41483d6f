package io.bimtsweep.core.task;

/**
 * How a sequence task's examples read: each is {@code length} tokens of {@code tokenWidth} values
 * (its features, token after token), and its targets are what output component {@code targetOutput}
 * must predict at {@code targetPositions}, in order. Such tasks train a transformer.
 *
 * @param layerNorm apply the transformer's LayerNorms (the notebook builds them but does not)
 */
public record SequenceSpec(int length, int tokenWidth, int[] targetPositions, int targetOutput, boolean layerNorm) {
  public SequenceSpec {
    targetPositions = targetPositions.clone();
  }

  @Override
  public int[] targetPositions() {
    return targetPositions.clone();
  }
}
