package io.bimtsweep.core.metrics;

import java.util.Arrays;
import java.util.Random;
import nl.cwts.networkanalysis.Clustering;
import nl.cwts.networkanalysis.LeidenAlgorithm;

/**
 * Newman's modularity, Q = (1/2m) sum_ij [A_ij - k_i k_j / 2m] delta(c_i, c_j), and the best
 * partition the Leiden algorithm (CWTS networkanalysis) finds for it. Q is always recomputed here
 * from the partition, so the reported number does not depend on the library's internals.
 */
public final class Modularity {
  private Modularity() {}

  /** A partition of the graph's non-isolated nodes and its Q; isolated nodes get community -1. */
  public record Partition(int[] community, int communities, int[] sizes, double q) {}

  /** Q of a given partition; 0 for a graph without edges. */
  public static double quality(WeightedGraph g, int[] community) {
    double[] k = g.strengths();
    double m = 0;
    for (double w : g.weight()) {
      m += w;
    }
    if (m == 0) {
      return 0;
    }
    double inside = 0;
    for (int e = 0; e < g.edges(); e++) {
      if (community[g.from()[e]] == community[g.to()[e]]) {
        inside += g.weight()[e];
      }
    }
    int max = 0;
    for (int c : community) {
      max = Math.max(max, c);
    }
    double[] degreeSum = new double[max + 1];
    for (int i = 0; i < g.nodes(); i++) {
      if (community[i] >= 0) {
        degreeSum[community[i]] += k[i];
      }
    }
    double expected = 0;
    for (double d : degreeSum) {
      expected += (d / (2 * m)) * (d / (2 * m));
    }
    return inside / m - expected;
  }

  /**
   * The best of {@code restarts} Leiden runs (seeded, so deterministic). Isolated nodes are
   * dropped first; a graph without edges has Q = 0 and no communities.
   */
  public static Partition best(WeightedGraph g, long seed, int restarts) {
    double[] k = g.strengths();
    int[] index = new int[g.nodes()];
    int kept = 0;
    for (int i = 0; i < g.nodes(); i++) {
      index[i] = k[i] > 0 ? kept++ : -1;
    }
    int[] community = new int[g.nodes()];
    Arrays.fill(community, -1);
    if (kept == 0) {
      return new Partition(community, 0, new int[0], 0);
    }
    int[][] edges = new int[2][g.edges()];
    for (int e = 0; e < g.edges(); e++) {
      edges[0][e] = index[g.from()[e]];
      edges[1][e] = index[g.to()[e]];
    }
    var network = new nl.cwts.networkanalysis.Network(kept, true,
        new nl.cwts.util.LargeIntArray[] {new nl.cwts.util.LargeIntArray(edges[0]), new nl.cwts.util.LargeIntArray(edges[1])},
        new nl.cwts.util.LargeDoubleArray(g.weight().clone()), false, false);
    double resolution = 1.0 / (2 * network.getTotalEdgeWeight() + network.getTotalEdgeWeightSelfLinks());
    Random random = new Random(seed);
    LeidenAlgorithm leiden = new LeidenAlgorithm(resolution, 10, LeidenAlgorithm.DEFAULT_RANDOMNESS, random);
    Clustering bestClustering = null;
    double bestQuality = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < Math.max(1, restarts); r++) {
      Clustering c = new Clustering(kept);
      leiden.improveClustering(network, c);
      double q = leiden.calcQuality(network, c);
      if (q > bestQuality) {
        bestQuality = q;
        bestClustering = c;
      }
    }
    bestClustering.orderClustersByNNodes();
    int[] clusters = bestClustering.getClusters();
    for (int i = 0; i < g.nodes(); i++) {
      if (index[i] >= 0) {
        community[i] = clusters[index[i]];
      }
    }
    int n = bestClustering.getNClusters();
    int[] sizes = new int[n];
    for (int c : clusters) {
      sizes[c]++;
    }
    return new Partition(community, n, sizes, quality(g, community));
  }

  /**
   * The null model: the same layers with each layer's weights shuffled among its own connections.
   * Returns Q of the best partition of each of {@code samples} shuffled copies.
   */
  public static double[] shuffledQ(io.bimtsweep.core.model.Network net, long seed, int samples, int restarts) {
    var a = net.architecture();
    Random rnd = new Random(seed);
    double[] out = new double[samples];
    for (int s = 0; s < samples; s++) {
      var copy = net.copy();
      double[] p = copy.parameters();
      for (int l = 0; l < a.weightLayers(); l++) {
        int off = a.weightOffset(l);
        int n = a.width(l) * a.width(l + 1);
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          double t = p[off + i];
          p[off + i] = p[off + j];
          p[off + j] = t;
        }
      }
      out[s] = best(WeightedGraph.ofNetwork(copy, 0), rnd.nextLong(), restarts).q();
    }
    return out;
  }

  /**
   * Q of copies in which each layer's weights are shuffled only among its active neurons (those
   * keeping an edge above threshold): the same sparse subnetwork's neurons and weight values,
   * wired at random. Unlike shuffling the whole layer, it does not leave a sparse network's
   * shuffled copy fragmented into many tiny pieces (which are themselves "modular").
   */
  public static double[] activeShuffledQ(io.bimtsweep.core.model.Network net, double threshold, long seed, int samples,
      int restarts) {
    var a = net.architecture();
    double[] p0 = net.parameters();
    int layers = a.weightLayers();
    boolean[][] active = new boolean[layers + 1][];
    for (int l = 0; l <= layers; l++) {
      active[l] = new boolean[a.width(l)];
    }
    for (int l = 0; l < layers; l++) {
      int in = a.width(l);
      for (int o = 0; o < a.width(l + 1); o++) {
        for (int i = 0; i < in; i++) {
          if (Math.abs(p0[a.weightOffset(l) + o * in + i]) > threshold) {
            active[l][i] = true;
            active[l + 1][o] = true;
          }
        }
      }
    }
    Random rnd = new Random(seed);
    double[] out = new double[samples];
    for (int s = 0; s < samples; s++) {
      var copy = net.copy();
      double[] p = copy.parameters();
      for (int l = 0; l < layers; l++) {
        int in = a.width(l);
        java.util.List<Integer> block = new java.util.ArrayList<>();
        for (int o = 0; o < a.width(l + 1); o++) {
          for (int i = 0; i < in; i++) {
            if (active[l + 1][o] && active[l][i]) {
              block.add(a.weightOffset(l) + o * in + i);
            }
          }
        }
        for (int k = block.size() - 1; k > 0; k--) {
          int j = rnd.nextInt(k + 1);
          double t = p[block.get(k)];
          p[block.get(k)] = p[block.get(j)];
          p[block.get(j)] = t;
        }
      }
      out[s] = best(WeightedGraph.ofNetwork(copy, 0), rnd.nextLong(), restarts).q();
    }
    return out;
  }
}
