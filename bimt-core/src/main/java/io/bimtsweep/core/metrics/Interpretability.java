package io.bimtsweep.core.metrics;

import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import io.bimtsweep.core.train.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the paper reads off a trained network beyond modularity: whether the input-output structure
 * matches the task's ground truth, the modules hidden inside the network (components of the pruned
 * network without its output layer), what each of them does (knockouts), and which hidden neuron
 * carries a named quantity (probes).
 *
 * @param recovery reachability against the ground truth (null without one)
 * @param structureExact whether the modules equal the true factorisation (null without a ground truth)
 * @param hiddenModules the hidden modules, largest first
 * @param knockouts the test loss and accuracy with each hidden module kept alone and removed; entry
 *     0 is all hidden modules together
 * @param probes for each named quantity, the hidden neuron that correlates with it best
 */
public record Interpretability(StructureRecovery recovery, Boolean structureExact, List<HiddenModule> hiddenModules,
    List<Knockout> knockouts, List<Probe> probes) {

  /** Knockouts are run for at most this many hidden modules (the largest). */
  public static final int MAX_KNOCKOUTS = 8;

  /**
   * A component of the pruned network without its output layer, with an edge into the output
   * layer.
   *
   * @param inputs original inputs (1-based) it touches
   * @param outputs original outputs (1-based) its last layer feeds
   * @param neurons its hidden neurons as (hidden layer 1.., position) pairs, in the network's order
   */
  public record HiddenModule(List<Integer> inputs, List<Integer> outputs, List<int[]> neurons) {
    public int size() {
      return neurons.size();
    }
  }

  /**
   * @param module 1-based index into the hidden modules; 0 for all of them together
   * @param size hidden neurons in it
   * @param keptLoss test loss with every other hidden neuron's outgoing weights zeroed
   * @param keptAccuracy test accuracy then (NaN for regression)
   * @param removedLoss test loss with this module's outgoing weights zeroed
   * @param removedAccuracy test accuracy then
   */
  public record Knockout(int module, int size, double keptLoss, double keptAccuracy, double removedLoss,
      double removedAccuracy) {}

  /**
   * @param name the quantity
   * @param layer hidden layer (1-based) of the best neuron
   * @param neuron its position in that layer (0-based, the network's order)
   * @param correlation its Pearson correlation with the quantity (the sign kept)
   */
  public record Probe(String name, int layer, int neuron, double correlation) {}

  /**
   * @param truth the ground truth (null: none)
   * @param modules the pruned network's modules, for structure_exact
   * @param quantities named quantities per test example (may be empty)
   * @param prune pruning threshold relative to max|w|
   */
  public static Interpretability compute(Network net, Loss loss, Dataset test, List<Set<Integer>> truth,
      List<Module> modules, Map<String, double[]> quantities, double prune) {
    StructureRecovery r = truth == null ? null : StructureRecovery.compute(net, truth, prune);
    Boolean exact = truth == null ? null : modules.equals(StructureRecovery.trueModules(truth));
    List<HiddenModule> hidden = hiddenModules(net, prune * StructureRecovery.maxAbsWeight(net));
    return new Interpretability(r, exact, hidden, knockouts(net, loss, test, hidden), probes(net, loss, test, quantities));
  }

  /**
   * Components among the hidden neurons of the network pruned at threshold (inputs and outputs
   * removed, so parallel modules that read the same inputs and feed the same outputs stay apart)
   * that feed an output; each with the inputs that feed it.
   */
  public static List<HiddenModule> hiddenModules(Network net, double threshold) {
    Architecture a = net.architecture();
    int layers = a.weightLayers();
    if (layers < 2) {
      return List.of();
    }
    int[] off = WeightedGraph.layerOffsets(a);
    int nodes = off[layers];
    int[] parent = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      parent[i] = i;
    }
    double[] p = net.parameters();
    for (int l = 1; l < layers - 1; l++) {
      int in = a.width(l);
      for (int o = 0; o < a.width(l + 1); o++) {
        for (int i = 0; i < in; i++) {
          if (Math.abs(p[a.weightOffset(l) + o * in + i]) > threshold) {
            union(parent, off[l] + i, off[l + 1] + o);
          }
        }
      }
    }
    int last = layers - 1;
    Map<Integer, TreeSet<Integer>> outs = new TreeMap<>();
    for (int o = 0; o < a.outputs(); o++) {
      for (int j = 0; j < a.width(last); j++) {
        if (Math.abs(p[a.weightOffset(last) + o * a.width(last) + j]) > threshold) {
          outs.computeIfAbsent(find(parent, off[last] + j), k -> new TreeSet<>()).add(net.outputPermutation()[o] + 1);
        }
      }
    }
    Map<Integer, TreeSet<Integer>> ins = new TreeMap<>();
    int dim = a.hasEmbedding() ? a.embedding().dim() : a.inputs();
    for (int j = 0; j < a.width(1); j++) {
      for (int i = 0; i < a.inputs(); i++) {
        if (Math.abs(p[a.weightOffset(0) + j * a.inputs() + i]) > threshold) {
          int fold = i / dim;
          ins.computeIfAbsent(find(parent, off[1] + j), k -> new TreeSet<>())
              .add(fold * dim + net.inputPermutation()[i % dim] + 1);
        }
      }
    }
    Map<Integer, List<int[]>> neurons = new TreeMap<>();
    for (int l = 1; l < layers; l++) {
      for (int j = 0; j < a.width(l); j++) {
        int root = find(parent, off[l] + j);
        if (outs.containsKey(root)) {
          neurons.computeIfAbsent(root, k -> new ArrayList<>()).add(new int[] {l, j});
        }
      }
    }
    List<HiddenModule> out = new ArrayList<>();
    for (var e : neurons.entrySet()) {
      out.add(new HiddenModule(List.copyOf(ins.getOrDefault(e.getKey(), new TreeSet<>())),
          List.copyOf(outs.get(e.getKey())), List.copyOf(e.getValue())));
    }
    // largest first; ties in the order of their first neuron
    out.sort((x, y) -> x.size() != y.size() ? Integer.compare(y.size(), x.size())
        : Integer.compare(x.neurons().get(0)[0] * 100000 + x.neurons().get(0)[1], y.neurons().get(0)[0] * 100000
            + y.neurons().get(0)[1]));
    return out;
  }

  /** Test loss and accuracy with each module kept alone and removed; first all modules together. */
  static List<Knockout> knockouts(Network net, Loss loss, Dataset test, List<HiddenModule> hidden) {
    if (hidden.isEmpty()) {
      return List.of();
    }
    Mlp mlp = new Mlp(net.architecture(), loss);
    List<Knockout> out = new ArrayList<>();
    List<int[]> all = new ArrayList<>();
    hidden.forEach(h -> all.addAll(h.neurons()));
    out.add(knockout(mlp, net, test, 0, all));
    for (int m = 0; m < Math.min(MAX_KNOCKOUTS, hidden.size()); m++) {
      out.add(knockout(mlp, net, test, m + 1, hidden.get(m).neurons()));
    }
    return out;
  }

  private static Knockout knockout(Mlp mlp, Network net, Dataset test, int index, List<int[]> module) {
    Architecture a = net.architecture();
    Set<Long> in = new java.util.HashSet<>();
    module.forEach(n -> in.add(key(n[0], n[1])));
    Network kept = net.copy();
    Network removed = net.copy();
    for (int l = 1; l < a.weightLayers(); l++) {
      for (int j = 0; j < a.width(l); j++) {
        silence(in.contains(key(l, j)) ? removed : kept, l, j);
      }
    }
    Mlp.Evaluation k = mlp.evaluate(kept, test);
    Mlp.Evaluation r = mlp.evaluate(removed, test);
    return new Knockout(index, module.size(), k.loss(), k.accuracy(), r.loss(), r.accuracy());
  }

  private static long key(int layer, int neuron) {
    return ((long) layer << 32) | neuron;
  }

  /** Zeroes a hidden neuron's outgoing weights: the layers above no longer see it. */
  static void silence(Network net, int layer, int neuron) {
    Architecture a = net.architecture();
    double[] p = net.parameters();
    int in = a.width(layer);
    for (int o = 0; o < a.width(layer + 1); o++) {
      p[a.weightOffset(layer) + o * in + neuron] = 0;
    }
  }

  /** For each quantity, the hidden neuron with the largest |Pearson correlation| over the test set. */
  static List<Probe> probes(Network net, Loss loss, Dataset test, Map<String, double[]> quantities) {
    if (quantities.isEmpty() || net.architecture().weightLayers() < 2) {
      return List.of();
    }
    double[][] acts = new Mlp(net.architecture(), loss).hiddenActivations(net, test);
    int n = test.size();
    List<Probe> out = new ArrayList<>();
    for (var q : quantities.entrySet()) {
      double[] y = q.getValue();
      Probe best = new Probe(q.getKey(), 0, -1, Double.NaN);
      for (int l = 0; l < acts.length; l++) {
        int w = acts[l].length / n;
        for (int j = 0; j < w; j++) {
          double c = pearson(acts[l], j, w, y);
          if (Double.isFinite(c) && !(Math.abs(c) <= Math.abs(best.correlation()))) {
            best = new Probe(q.getKey(), l + 1, j, c);
          }
        }
      }
      out.add(best);
    }
    return out;
  }

  /** Pearson correlation of column j of a row-major [n x w] matrix with y; NaN if either is constant. */
  static double pearson(double[] m, int j, int w, double[] y) {
    int n = y.length;
    double mx = 0;
    double my = 0;
    for (int s = 0; s < n; s++) {
      mx += m[s * w + j];
      my += y[s];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int s = 0; s < n; s++) {
      double dx = m[s * w + j] - mx;
      double dy = y[s] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxx < 1e-24 || syy < 1e-24 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static void union(int[] parent, int x, int y) {
    int a = find(parent, x);
    int b = find(parent, y);
    if (a != b) {
      parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
}
