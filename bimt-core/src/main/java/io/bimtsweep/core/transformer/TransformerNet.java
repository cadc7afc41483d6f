package io.bimtsweep.core.transformer;

import static io.bimtsweep.core.Checks.check;

import java.util.SplittableRandom;

/**
 * A transformer's trainable state: one flat parameter vector laid out by its {@link TransformerShape}
 * and the input and output permutations that swaps of input and output neurons build up (as in
 * {@link io.bimtsweep.core.model.Network}). Mutable on purpose, for the trainer; results hold copies.
 */
public final class TransformerNet {
  private final TransformerShape shape;
  private final double[] params;
  private final int[] inputPermutation;
  private final int[] outputPermutation;

  public TransformerNet(TransformerShape shape, double[] params, int[] inputPermutation, int[] outputPermutation) {
    check(params.length == shape.parameterCount(), "expected %d parameters, got %d", shape.parameterCount(), params.length);
    check(inputPermutation.length == shape.inputs(), "input permutation needs %d entries", shape.inputs());
    check(outputPermutation.length == shape.outputs(), "output permutation needs %d entries", shape.outputs());
    this.shape = shape;
    this.params = params;
    this.inputPermutation = inputPermutation;
    this.outputPermutation = outputPermutation;
  }

  /**
   * PyTorch's defaults: every linear map's weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
   * LayerNorm gains 1 and biases 0.
   */
  public static TransformerNet initialise(TransformerShape shape, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] p = new double[shape.parameterCount()];
    for (TransformerShape.Linear l : shape.linears()) {
      double bound = 1 / Math.sqrt(l.in());
      for (int i = l.weightOffset(); i < l.biasOffset() + l.out(); i++) {
        p[i] = rnd.nextDouble(-bound, bound);
      }
    }
    for (int n = 0; n < shape.layerNorms(); n++) {
      java.util.Arrays.fill(p, shape.layerNormOffset(n), shape.layerNormOffset(n) + shape.width(), 1.0);
    }
    return new TransformerNet(shape, p, identity(shape.inputs()), identity(shape.outputs()));
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  public TransformerShape shape() { return shape; }

  /** The live parameter vector (not a copy). */
  public double[] parameters() { return params; }

  /** inputPermutation[j]: the original input component that enters at input neuron j (live). */
  public int[] inputPermutation() { return inputPermutation; }

  /** outputPermutation[o]: the original output component that output neuron o answers (live). */
  public int[] outputPermutation() { return outputPermutation; }

  public TransformerNet copy() {
    return new TransformerNet(shape, params.clone(), inputPermutation.clone(), outputPermutation.clone());
  }
}
