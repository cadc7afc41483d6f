package io.bimtsweep.core.metrics;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Computes {@link NetworkMetrics} for a trained network. Deterministic for a given seed: Leiden
 * and the shuffles draw from seeded generators.
 *
 * @param seed seeds Leiden and the null-model shuffles
 * @param restarts Leiden runs per graph (the best Q is kept)
 * @param nullSamples shuffled copies for the null model
 */
public record MetricsCalculator(long seed, int restarts, int nullSamples) {
  /** Pruning threshold (relative to max|w|) for components and active neurons. */
  public static final double PRUNE = 1e-2;
  /** Clusters of the spectral n-cut. */
  public static final int SPECTRAL_CLUSTERS = 4;

  public MetricsCalculator {
    check(restarts > 0, "restarts must be > 0");
    check(nullSamples >= 2, "the null model needs at least 2 samples for a spread");
  }

  public static MetricsCalculator defaults(long seed) {
    return new MetricsCalculator(seed, 4, 8);
  }

  public NetworkMetrics compute(Network net, Geometry geometry, Reduction reduction) {
    long start = System.nanoTime();
    Architecture a = net.architecture();
    double[] p = net.parameters();
    for (double v : p) {
      check(Double.isFinite(v), "the network has non-finite parameters (NaN or infinite): no metrics");
    }
    double max = 0;
    long total = 0;
    for (int l = 0; l < a.weightLayers(); l++) {
      int n = a.width(l) * a.width(l + 1);
      total += n;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, Math.abs(p[a.weightOffset(l) + i]));
      }
    }
    double f2 = fraction(net, 1e-2 * max, total, max);
    double f1 = fraction(net, 1e-1 * max, total, max);

    WeightedGraph full = WeightedGraph.ofNetwork(net, 0);
    Modularity.Partition part = Modularity.best(full, seed, restarts);
    double[] nullQ = Modularity.shuffledQ(net, seed + 1, nullSamples, restarts);
    double mean = mean(nullQ);
    double std = std(nullQ, mean);
    double z = z(part.q(), nullQ);
    List<Integer> sizes = new ArrayList<>();
    for (int s : part.sizes()) {
      sizes.add(s);
    }

    WeightedGraph pruned = WeightedGraph.ofNetwork(net, max == 0 ? Double.POSITIVE_INFINITY : PRUNE * max);
    int[] off = WeightedGraph.layerOffsets(a);
    int[] degree = new int[pruned.nodes()];
    UnionFind uf = new UnionFind(pruned.nodes());
    for (int e = 0; e < pruned.edges(); e++) {
      degree[pruned.from()[e]]++;
      degree[pruned.to()[e]]++;
      uf.union(pruned.from()[e], pruned.to()[e]);
    }
    List<Integer> activePerLayer = new ArrayList<>();
    int active = 0;
    for (int l = 0; l <= a.weightLayers(); l++) {
      int c = 0;
      for (int i = off[l]; i < off[l + 1]; i++) {
        if (degree[i] > 0) {
          c++;
        }
      }
      activePerLayer.add(c);
      active += c;
    }
    List<Module> modules = modules(net, uf, degree, off);
    double[] activeNull = Modularity.activeShuffledQ(net, max == 0 ? Double.POSITIVE_INFINITY : PRUNE * max, seed + 3,
        nullSamples, restarts);
    double zActive = z(part.q(), activeNull);

    ConnectionCost own = new ConnectionCost(a, geometry, reduction, true);
    ConnectionCost ref = new ConnectionCost(a, geometry.with(1.0, 0.0, DistanceNorm.L1), Reduction.SUM, true);
    return new NetworkMetrics(part.q(), mean, std, z, part.communities(), sizes, f2, f1, active, activePerLayer,
        modules.size(), modules, own.value(p, true), ref.weightCost(p),
        SpectralCut.compute(net, SPECTRAL_CLUSTERS, seed + 2, nullSamples), zActive, (System.nanoTime() - start) / 1e9);
  }

  /** (q - mean) / std of the null sample; 0 when they agree with no spread, NaN when they differ with none. */
  static double z(double q, double[] nullQ) {
    double mean = mean(nullQ);
    double std = std(nullQ, mean);
    return std > 1e-12 ? (q - mean) / std : (Math.abs(q - mean) <= 1e-12 ? 0 : Double.NaN);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n - 1). */
  private static double std(double[] v, double mean) {
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /** Share of weights with |w| above the threshold: the edges of the graph pruned there. */
  private static double fraction(Network net, double threshold, long total, double max) {
    return max == 0 ? 0 : (double) WeightedGraph.ofNetwork(net, threshold).edges() / total;
  }

  /** Components with at least one input and one output, inputs and outputs in original numbering. */
  private static List<Module> modules(Network net, UnionFind uf, int[] degree, int[] off) {
    Architecture a = net.architecture();
    int lastLayer = a.weightLayers();
    java.util.Map<Integer, TreeSet<Integer>> ins = new java.util.TreeMap<>();
    java.util.Map<Integer, TreeSet<Integer>> outs = new java.util.TreeMap<>();
    int dim = a.hasEmbedding() ? a.embedding().dim() : a.inputs();
    for (int i = 0; i < a.inputs(); i++) {
      if (degree[off[0] + i] > 0) {
        int fold = i / dim;
        int original = fold * dim + net.inputPermutation()[i % dim];
        ins.computeIfAbsent(uf.find(off[0] + i), k -> new TreeSet<>()).add(original + 1);
      }
    }
    for (int o = 0; o < a.outputs(); o++) {
      if (degree[off[lastLayer] + o] > 0) {
        outs.computeIfAbsent(uf.find(off[lastLayer] + o), k -> new TreeSet<>()).add(net.outputPermutation()[o] + 1);
      }
    }
    List<Module> result = new ArrayList<>();
    for (var e : ins.entrySet()) {
      TreeSet<Integer> o = outs.get(e.getKey());
      if (o != null) {
        result.add(new Module(new ArrayList<>(e.getValue()), new ArrayList<>(o)));
      }
    }
    result.sort((x, y) -> Integer.compare(x.inputs().get(0), y.inputs().get(0)));
    return result;
  }

  private static final class UnionFind {
    private final int[] parent;

    UnionFind(int n) {
      parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    void union(int x, int y) {
      int a = find(x);
      int b = find(y);
      if (a != b) {
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
}
