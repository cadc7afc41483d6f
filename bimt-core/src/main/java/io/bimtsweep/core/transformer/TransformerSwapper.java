package io.bimtsweep.core.transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * BIMT's neuron swaps in a transformer. A swap of two neurons of a group exchanges everything
 * attached to them, so the model computes the same function afterwards: their rows (in every fold:
 * q, k and v together) and biases in each map that writes the group, their columns in each map
 * that reads it, and for the residual stream also their LayerNorm gains and biases; every map that
 * reads or writes the stream (embedding, q/k/v, projections, both MLP layers, head) permutes
 * together. Swapping input or output neurons updates the net's permutations instead of the data.
 *
 * <p>A pass visits the groups from the output down to the input (the notebook's order); in each it
 * ranks the neurons once by the |w| they touch and moves each of the top k to the place (itself
 * included) of lowest connection cost, ties to the lowest index.
 */
public final class TransformerSwapper {
  private final TransformerShape shape;
  private final List<TransformerShape.Linear> lin;
  private final TransformerCost cost;

  public TransformerSwapper(TransformerShape shape, TransformerCost cost) {
    this.shape = shape;
    this.lin = shape.linears();
    this.cost = cost;
  }

  /** One pass over all groups; returns the number of swaps that moved something. Moments may be null. */
  public int swapPass(TransformerNet net, int topK, boolean swapInputs, double[] m, double[] v) {
    int swaps = 0;
    List<Integer> order = new ArrayList<>();
    order.add(shape.outputGroup());
    for (int b = shape.blocks() - 1; b >= 0; b--) {
      order.add(shape.hiddenGroup(b));
      order.add(shape.attentionGroup(b));
    }
    order.add(TransformerShape.RESIDUAL);
    if (swapInputs) {
      order.add(TransformerShape.INPUT);
    }
    double[] p = net.parameters();
    for (int g : order) {
      int n = shape.groupSize(g);
      int[] top = topByScore(p, g, Math.min(topK, n));
      for (int j : top) {
        int best = j;
        double bestDelta = 0;
        for (int k = 0; k < n; k++) {
          double dlt = cost.swapDelta(p, g, j, k);
          if (dlt < bestDelta || (dlt == bestDelta && k < best)) {
            best = k;
            bestDelta = dlt;
          }
        }
        if (best != j) {
          swap(net, g, j, best, m, v);
          swaps++;
        }
      }
    }
    return swaps;
  }

  /** Importance: the summed |w| of a neuron's rows (averaged over folds) and columns. */
  double[] scores(double[] p, int g) {
    int n = shape.groupSize(g);
    double[] s = new double[n];
    for (TransformerShape.Linear l : lin) {
      int w = l.weightOffset();
      if (l.outGroup() == g) {
        for (int f = 0; f < l.fold(); f++) {
          for (int j = 0; j < n; j++) {
            int r = w + (f * n + j) * l.in();
            double t = 0;
            for (int i = 0; i < l.in(); i++) {
              t += Math.abs(p[r + i]);
            }
            s[j] += t / l.fold();
          }
        }
      }
      if (l.inGroup() == g) {
        for (int o = 0; o < l.out(); o++) {
          int r = w + o * l.in();
          for (int j = 0; j < n; j++) {
            s[j] += Math.abs(p[r + j]);
          }
        }
      }
    }
    return s;
  }

  private int[] topByScore(double[] p, int g, int k) {
    double[] s = scores(p, g);
    Integer[] idx = new Integer[s.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = idx[i];
    }
    return top;
  }

  /** Exchanges neurons j and k of group g (and the optimiser's moments with them, when given). */
  public void swap(TransformerNet net, int g, int j, int k, double[] m, double[] v) {
    if (j == k) {
      return;
    }
    double[] p = net.parameters();
    int n = shape.groupSize(g);
    List<double[]> arrays = new ArrayList<>(List.of(p));
    if (m != null) {
      arrays.add(m);
      arrays.add(v);
    }
    for (double[] a : arrays) {
      for (TransformerShape.Linear l : lin) {
        int w = l.weightOffset();
        if (l.outGroup() == g) {
          for (int f = 0; f < l.fold(); f++) {
            int rj = f * n + j;
            int rk = f * n + k;
            for (int i = 0; i < l.in(); i++) {
              exchange(a, w + rj * l.in() + i, w + rk * l.in() + i);
            }
            exchange(a, l.biasOffset() + rj, l.biasOffset() + rk);
          }
        }
        if (l.inGroup() == g) {
          for (int o = 0; o < l.out(); o++) {
            exchange(a, w + o * l.in() + j, w + o * l.in() + k);
          }
        }
      }
      if (g == TransformerShape.RESIDUAL) {
        for (int ln = 0; ln < shape.layerNorms(); ln++) {
          int off = shape.layerNormOffset(ln);
          exchange(a, off + j, off + k);
          exchange(a, off + n + j, off + n + k);
        }
      }
    }
    if (g == TransformerShape.INPUT) {
      exchange(net.inputPermutation(), j, k);
    } else if (g == shape.outputGroup()) {
      exchange(net.outputPermutation(), j, k);
    }
  }

  private static void exchange(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static void exchange(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
