package io.bimtsweep.core.metrics;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * An undirected weighted graph given as an edge list (each edge once, no self links).
 *
 * @param nodes number of nodes
 * @param from one end of each edge
 * @param to the other end
 * @param weight each edge's weight, > 0
 */
public record WeightedGraph(int nodes, int[] from, int[] to, double[] weight) {

  public WeightedGraph {
    check(from.length == to.length && to.length == weight.length, "edge arrays differ in length");
    for (int i = 0; i < from.length; i++) {
      check(from[i] != to[i], "self link at node %d", from[i]);
      check(from[i] >= 0 && from[i] < nodes && to[i] >= 0 && to[i] < nodes, "edge %d outside 0..%d", i, nodes - 1);
      check(weight[i] > 0 && Double.isFinite(weight[i]), "edge weights must be finite and > 0, got %s", weight[i]);
    }
  }

  public int edges() {
    return from.length;
  }

  /** Each node's strength: the sum of the weights of its edges (0 for an isolated node). */
  public double[] strengths() {
    double[] k = new double[nodes];
    for (int e = 0; e < from.length; e++) {
      k[from[e]] += weight[e];
      k[to[e]] += weight[e];
    }
    return k;
  }

  /** Index of neuron j of layer l among all neurons, input layer first. */
  public static int[] layerOffsets(Architecture a) {
    int[] off = new int[a.weightLayers() + 2];
    for (int l = 0; l <= a.weightLayers(); l++) {
      off[l + 1] = off[l] + a.width(l);
    }
    return off;
  }

  /**
   * The graph of all neurons, with an edge of weight |w| for every weight whose |w| exceeds
   * {@code threshold} (0 keeps every non-zero weight).
   */
  public static WeightedGraph ofNetwork(Network net, double threshold) {
    Architecture a = net.architecture();
    int[] off = layerOffsets(a);
    double[] p = net.parameters();
    int count = 0;
    for (int l = 0; l < a.weightLayers(); l++) {
      int n = a.width(l) * a.width(l + 1);
      for (int i = 0; i < n; i++) {
        if (Math.abs(p[a.weightOffset(l) + i]) > threshold) {
          count++;
        }
      }
    }
    int[] f = new int[count];
    int[] t = new int[count];
    double[] w = new double[count];
    int e = 0;
    for (int l = 0; l < a.weightLayers(); l++) {
      int nIn = a.width(l);
      for (int o = 0; o < a.width(l + 1); o++) {
        for (int i = 0; i < nIn; i++) {
          double v = Math.abs(p[a.weightOffset(l) + o * nIn + i]);
          if (v > threshold) {
            f[e] = off[l] + i;
            t[e] = off[l + 1] + o;
            w[e] = v;
            e++;
          }
        }
      }
    }
    return new WeightedGraph(off[off.length - 1], f, t, w);
  }
}
