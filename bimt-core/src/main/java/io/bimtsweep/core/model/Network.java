package io.bimtsweep.core.model;

import static io.bimtsweep.core.Checks.check;

import java.util.SplittableRandom;

/**
 * The trainable state of a layered network: one flat parameter vector (layout fixed by the
 * {@link Architecture}) and the input and output permutations that swaps of input and output
 * neurons build up. inputPermutation[j] is the original input feature (or embedding dimension)
 * that enters at input position j; outputPermutation[o] is the original target that output unit
 * o answers. Mutable on purpose: the trainer updates it in place thousands of times a second;
 * results hold copies.
 */
public final class Network {
  private final Architecture arch;
  private final double[] params;
  private final int[] inputPermutation;
  private final int[] outputPermutation;

  public Network(Architecture arch, double[] params, int[] inputPermutation, int[] outputPermutation) {
    check(params.length == arch.parameterCount(), "expected %d parameters, got %d", arch.parameterCount(), params.length);
    int nIn = arch.hasEmbedding() ? arch.embedding().dim() : arch.inputs();
    check(inputPermutation.length == nIn, "input permutation needs %d entries", nIn);
    check(outputPermutation.length == arch.outputs(), "output permutation needs %d entries", arch.outputs());
    this.arch = arch;
    this.params = params;
    this.inputPermutation = inputPermutation;
    this.outputPermutation = outputPermutation;
  }

  /**
   * PyTorch's default initialisation: weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in));
   * embedding entries ~ N(0, 1).
   */
  public static Network initialise(Architecture arch, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] p = new double[arch.parameterCount()];
    for (int l = 0; l < arch.weightLayers(); l++) {
      double bound = 1 / Math.sqrt(arch.width(l));
      int end = arch.biasOffset(l) + arch.width(l + 1);
      for (int i = arch.weightOffset(l); i < end; i++) {
        p[i] = rnd.nextDouble(-bound, bound);
      }
    }
    if (arch.hasEmbedding()) {
      java.util.Random g = new java.util.Random(rnd.nextLong());
      for (int i = arch.embeddingOffset(); i < p.length; i++) {
        p[i] = g.nextGaussian();
      }
    }
    int nIn = arch.hasEmbedding() ? arch.embedding().dim() : arch.inputs();
    return new Network(arch, p, identity(nIn), identity(arch.outputs()));
  }

  /** The permutation 0..n-1: a network whose inputs or outputs have not moved. */
  public static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  public Architecture architecture() { return arch; }

  /** The live parameter vector (not a copy): for the engine and the swapper. */
  public double[] parameters() { return params; }

  /** The live input permutation (not a copy). */
  public int[] inputPermutation() { return inputPermutation; }

  /** The live output permutation (not a copy). */
  public int[] outputPermutation() { return outputPermutation; }

  public Network copy() {
    return new Network(arch, params.clone(), inputPermutation.clone(), outputPermutation.clone());
  }

  public double weight(int layer, int out, int in) {
    return params[arch.weightOffset(layer) + out * arch.width(layer) + in];
  }

  public double bias(int layer, int out) {
    return params[arch.biasOffset(layer) + out];
  }

  /** Weights of layer l as [out][in], a copy. */
  public double[][] weights(int l) {
    int nIn = arch.width(l);
    int nOut = arch.width(l + 1);
    double[][] w = new double[nOut][nIn];
    for (int o = 0; o < nOut; o++) {
      System.arraycopy(params, arch.weightOffset(l) + o * nIn, w[o], 0, nIn);
    }
    return w;
  }

  public double[] biases(int l) {
    double[] b = new double[arch.width(l + 1)];
    System.arraycopy(params, arch.biasOffset(l), b, 0, b.length);
    return b;
  }
}
