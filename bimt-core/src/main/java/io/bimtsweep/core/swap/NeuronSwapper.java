package io.bimtsweep.core.swap;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * BIMT's neuron swaps. A swap of neurons j and k of one layer exchanges rows j, k of the incoming
 * weights, biases j, k and columns j, k of the outgoing weights (every fold's, for a folded input),
 * so the network computes the same function in the original input and output order.
 *
 * <p>The choice of swap is the notebooks' rule (try every partner, keep the lowest full connection
 * cost, ties to the lowest index), but computed from the two neurons' rows and columns only: the
 * cost change of swapping j and k is (D_j - D_k) . (|W_k| - |W_j|) over the incoming rows plus the
 * same over the outgoing columns; bias and embedding terms cannot change under a permutation.
 */
public final class NeuronSwapper {
  private final Architecture arch;
  private final double[][] distances;
  private final double[] scale;

  /**
   * @param cost supplies the connection lengths and the reduction; the swap choice always uses the
   *     full cost (pass a cost built with the last layer's distance term kept)
   */
  public NeuronSwapper(Architecture arch, ConnectionCost cost) {
    this.arch = arch;
    int n = arch.weightLayers();
    distances = new double[n][];
    scale = new double[n];
    for (int l = 0; l < n; l++) {
      distances[l] = cost.distances(l);
      scale[l] = cost.reduction() == Reduction.SUM ? 1 : 1.0 / distances[l].length;
    }
  }

  /** Neurons that can be swapped in layer i: an input layer counts positions of one fold. */
  public int positions(int layer) {
    return layer == 0 ? arch.inputs() / arch.inputFolds() : arch.width(layer);
  }

  /** s_j = sum |incoming| + sum |outgoing| (the input layer summed over folds). */
  public double[] scores(Network net, int layer) {
    double[] p = net.parameters();
    int n = positions(layer);
    double[] s = new double[n];
    if (layer > 0) {
      int l = layer - 1;
      int nIn = arch.width(l);
      int off = arch.weightOffset(l);
      for (int j = 0; j < n; j++) {
        double t = 0;
        for (int a = 0; a < nIn; a++) {
          t += Math.abs(p[off + j * nIn + a]);
        }
        s[j] += t;
      }
    }
    if (layer < arch.weightLayers()) {
      int nIn = arch.width(layer);
      int nOut = arch.width(layer + 1);
      int off = arch.weightOffset(layer);
      for (int c = 0; c < nOut; c++) {
        for (int col = 0; col < nIn; col++) {
          s[col % n] += Math.abs(p[off + c * nIn + col]);
        }
      }
    }
    return s;
  }

  /**
   * Positions of the top_k scores, highest first (ties: lower position first), ranked once
   * before the layer's swaps.
   */
  public int[] topPositions(Network net, int layer, int topK) {
    double[] s = scores(net, layer);
    Integer[] idx = new Integer[s.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (x, y) -> s[y] != s[x] ? Double.compare(s[y], s[x]) : Integer.compare(x, y));
    int k = Math.min(topK, s.length);
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = idx[i];
    }
    return top;
  }

  /** The change in l_w if neurons j and k of the layer were swapped (0 for k == j). */
  public double costChange(Network net, int layer, int j, int k) {
    if (j == k) {
      return 0;
    }
    double[] p = net.parameters();
    double delta = 0;
    if (layer > 0) {
      int l = layer - 1;
      int nIn = arch.width(l);
      int off = arch.weightOffset(l);
      double[] d = distances[l];
      double s = 0;
      int rj = j * nIn;
      int rk = k * nIn;
      for (int a = 0; a < nIn; a++) {
        s += (d[rj + a] - d[rk + a]) * (Math.abs(p[off + rk + a]) - Math.abs(p[off + rj + a]));
      }
      delta += s * scale[l];
    }
    if (layer < arch.weightLayers()) {
      int nIn = arch.width(layer);
      int nOut = arch.width(layer + 1);
      int folds = layer == 0 ? arch.inputFolds() : 1;
      int m = nIn / folds;
      int off = arch.weightOffset(layer);
      double[] d = distances[layer];
      double s = 0;
      for (int c = 0; c < nOut; c++) {
        int row = c * nIn;
        for (int f = 0; f < folds; f++) {
          int cj = row + f * m + j;
          int ck = row + f * m + k;
          s += (d[cj] - d[ck]) * (Math.abs(p[off + ck]) - Math.abs(p[off + cj]));
        }
      }
      delta += s * scale[layer];
    }
    return delta;
  }

  /** The partner for neuron j that gives the lowest cost (j itself if none is lower; ties: lowest index). */
  public int bestPartner(Network net, int layer, int j) {
    int n = positions(layer);
    int best = 0;
    double bestDelta = costChange(net, layer, j, 0);
    for (int k = 1; k < n; k++) {
      double dk = costChange(net, layer, j, k);
      if (dk < bestDelta) {
        bestDelta = dk;
        best = k;
      }
    }
    return best;
  }

  /**
   * Swaps neurons j and k of the layer in place, with their parameters and (for the input and
   * output layers) the permutations; optional extra parameter-shaped arrays (e.g. optimiser
   * moments) are permuted the same way.
   */
  public void swap(Network net, int layer, int j, int k, double[]... companions) {
    if (j == k) {
      return;
    }
    check(j >= 0 && k >= 0 && j < positions(layer) && k < positions(layer), "swap %d<->%d out of range in layer %d", j, k, layer);
    swapIn(net.parameters(), layer, j, k);
    for (double[] c : companions) {
      swapIn(c, layer, j, k);
    }
    if (layer == 0) {
      swapInts(net.inputPermutation(), j, k);
    }
    if (layer == arch.weightLayers()) {
      swapInts(net.outputPermutation(), j, k);
    }
  }

  private void swapIn(double[] p, int layer, int j, int k) {
    if (layer > 0) {
      int l = layer - 1;
      int nIn = arch.width(l);
      int off = arch.weightOffset(l);
      for (int a = 0; a < nIn; a++) {
        swapDoubles(p, off + j * nIn + a, off + k * nIn + a);
      }
      swapDoubles(p, arch.biasOffset(l) + j, arch.biasOffset(l) + k);
    }
    if (layer < arch.weightLayers()) {
      int nIn = arch.width(layer);
      int nOut = arch.width(layer + 1);
      int folds = layer == 0 ? arch.inputFolds() : 1;
      int m = nIn / folds;
      int off = arch.weightOffset(layer);
      for (int c = 0; c < nOut; c++) {
        for (int f = 0; f < folds; f++) {
          swapDoubles(p, off + c * nIn + f * m + j, off + c * nIn + f * m + k);
        }
      }
    }
    if (layer == 0 && arch.hasEmbedding()) {
      int dim = arch.embedding().dim();
      int off = arch.embeddingOffset();
      for (int v = 0; v < arch.embedding().vocab(); v++) {
        swapDoubles(p, off + v * dim + j, off + v * dim + k);
      }
    }
  }

  /**
   * One swap pass over every layer, input and output included: rank the top_k positions, then
   * move each (whatever neuron now holds it) to its best partner.
   *
   * @return how many swaps changed the network (a neuron that stays put is not counted)
   */
  public int swapPass(Network net, int topK, double[]... companions) {
    return swapPass(net, topK, true, companions);
  }

  /**
   * One swap pass; with {@code swapInputs} false the input layer stays as it is (MNIST: each pixel
   * keeps its place on the grid).
   */
  public int swapPass(Network net, int topK, boolean swapInputs, double[]... companions) {
    int swaps = 0;
    for (int layer = swapInputs ? 0 : 1; layer <= arch.weightLayers(); layer++) {
      for (int j : topPositions(net, layer, topK)) {
        int k = bestPartner(net, layer, j);
        if (k != j) {
          swap(net, layer, j, k, companions);
          swaps++;
        }
      }
    }
    return swaps;
  }

  private static void swapDoubles(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static void swapInts(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
