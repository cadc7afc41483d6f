package io.bimtsweep.core.metrics;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Did training find the true structure? A task's ground truth says which inputs each output
 * depends on; the pruned network says which inputs reach each output. Both in original (1-based)
 * numbering, the swaps' permutations undone.
 *
 * <p>Exact for every threshold at once: an input reaches an output in the network pruned at t
 * exactly when the widest path between them (the path whose weakest |w| is largest) has a bottleneck
 * above t. So the recovered reachability equals the truth for t in [the largest bottleneck of a
 * pair the truth lacks, the smallest bottleneck of a pair it has), an interval because pruning more
 * only removes pairs.
 *
 * @param precision share of recovered (input, output) pairs that the truth has (NaN: none recovered)
 * @param recall share of the truth's pairs that were recovered
 * @param exactFrom lower end of the thresholds (relative to max|w|) where reachability equals the truth
 * @param exactTo upper end (exclusive); both NaN when no threshold gives the truth
 */
public record StructureRecovery(double precision, double recall, double exactFrom, double exactTo) {

  /** Whether some pruning threshold recovers the truth exactly. */
  public boolean exactSomewhere() {
    return !Double.isNaN(exactFrom);
  }

  /**
   * Compares the network with a ground truth, pruning at {@code prune} times max|w| for precision
   * and recall.
   *
   * @param truth for each original output (0-based list index), its original inputs (1-based)
   */
  public static StructureRecovery compute(Network net, List<Set<Integer>> truth, double prune) {
    double[][] b = bottlenecks(net);
    Architecture a = net.architecture();
    check(truth.size() == a.outputs(), "the ground truth has %d outputs, the network %d", truth.size(), a.outputs());
    int inputs = originalInputs(a);
    double max = maxAbsWeight(net);
    double t = prune * max;
    int tp = 0;
    int predicted = 0;
    int actual = 0;
    double lowestTrue = Double.POSITIVE_INFINITY;
    double highestFalse = 0;
    for (int o = 0; o < truth.size(); o++) {
      for (int i = 1; i <= inputs; i++) {
        boolean is = truth.get(o).contains(i);
        double x = b[o][i - 1];
        boolean reached = x > t;
        actual += is ? 1 : 0;
        predicted += reached ? 1 : 0;
        tp += is && reached ? 1 : 0;
        if (is) {
          lowestTrue = Math.min(lowestTrue, x);
        } else {
          highestFalse = Math.max(highestFalse, x);
        }
      }
    }
    double from = Double.NaN;
    double to = Double.NaN;
    if (max > 0 && highestFalse < lowestTrue) {
      from = highestFalse / max;
      to = lowestTrue / max;
    }
    return new StructureRecovery(predicted == 0 ? Double.NaN : (double) tp / predicted,
        actual == 0 ? Double.NaN : (double) tp / actual, from, to);
  }

  /** For each original output (0-based) and original input (0-based), the widest path's bottleneck |w| (0: no path). */
  static double[][] bottlenecks(Network net) {
    Architecture a = net.architecture();
    int inputs = originalInputs(a);
    int layers = a.weightLayers();
    double[] p = net.parameters();
    // width[n] for the current layer: the widest path from the input being traced to neuron n
    double[][] out = new double[a.outputs()][inputs];
    int dim = a.hasEmbedding() ? a.embedding().dim() : a.inputs();
    int[] inPerm = net.inputPermutation();
    for (int orig = 0; orig < inputs; orig++) {
      double[] width = new double[a.inputs()];
      for (int i = 0; i < a.inputs(); i++) {
        int fold = i / dim;
        if (fold * dim + inPerm[i % dim] == orig) {
          width[i] = Double.POSITIVE_INFINITY;
        }
      }
      for (int l = 0; l < layers; l++) {
        int in = a.width(l);
        int n = a.width(l + 1);
        double[] next = new double[n];
        int off = a.weightOffset(l);
        for (int o = 0; o < n; o++) {
          double best = 0;
          for (int i = 0; i < in; i++) {
            if (width[i] > 0) {
              best = Math.max(best, Math.min(width[i], Math.abs(p[off + o * in + i])));
            }
          }
          next[o] = best;
        }
        width = next;
      }
      int[] outPerm = net.outputPermutation();
      for (int o = 0; o < a.outputs(); o++) {
        out[outPerm[o]][orig] = width[o];
      }
    }
    return out;
  }

  /** Original inputs: features, or embedding dimensions times token positions. */
  static int originalInputs(Architecture a) {
    return a.inputs();
  }

  static double maxAbsWeight(Network net) {
    Architecture a = net.architecture();
    double[] p = net.parameters();
    double max = 0;
    for (int l = 0; l < a.weightLayers(); l++) {
      int n = a.width(l) * a.width(l + 1);
      for (int i = 0; i < n; i++) {
        max = Math.max(max, Math.abs(p[a.weightOffset(l) + i]));
      }
    }
    return max;
  }

  /**
   * The true factorisation as modules: connected components of the bipartite graph of outputs and
   * the inputs they depend on, each as (inputs, outputs), sorted by first input, as {@link Module}s.
   */
  public static List<Module> trueModules(List<Set<Integer>> truth) {
    List<TreeSet<Integer>> ins = new ArrayList<>();
    List<TreeSet<Integer>> outs = new ArrayList<>();
    for (int o = 0; o < truth.size(); o++) {
      TreeSet<Integer> i = new TreeSet<>(truth.get(o));
      TreeSet<Integer> os = new TreeSet<>(List.of(o + 1));
      for (int k = ins.size() - 1; k >= 0; k--) {
        if (!java.util.Collections.disjoint(ins.get(k), i)) {
          i.addAll(ins.remove(k));
          os.addAll(outs.remove(k));
        }
      }
      ins.add(i);
      outs.add(os);
    }
    List<Module> m = new ArrayList<>();
    for (int k = 0; k < ins.size(); k++) {
      if (!ins.get(k).isEmpty()) {
        m.add(new Module(new ArrayList<>(ins.get(k)), new ArrayList<>(outs.get(k))));
      }
    }
    m.sort((x, y) -> Integer.compare(x.inputs().get(0), y.inputs().get(0)));
    return m;
  }
}
