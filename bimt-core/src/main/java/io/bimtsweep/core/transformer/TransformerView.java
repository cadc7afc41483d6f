package io.bimtsweep.core.transformer;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * A transformer drawn as the notebook draws it: a layered network with one row of neurons per
 * stage (input, the residual stream after the embedding, per block the attention neurons, the
 * stream, the MLP's hidden neurons and the stream again, then the outputs) and one weight matrix
 * per linear map. The residual stream appears once per stage, at the same places; its skip
 * connections are not drawn. An attention neuron j's incoming weight from stream neuron i is the
 * largest in magnitude of q, k and v's (j, i) entries, sign kept, so a connection that any of them
 * uses shows. The view serves the diagrams and the graph metrics (modularity, sparsity, active
 * neurons per row); it does not compute the model's function.
 */
public final class TransformerView {
  private TransformerView() {}

  public static Network network(TransformerNet net) {
    TransformerShape shape = net.shape();
    int[] widths = shape.widths().stream().mapToInt(Integer::intValue).toArray();
    Architecture arch = new Architecture(widths, Activation.GELU, null);
    double[] p = net.parameters();
    double[] v = new double[arch.parameterCount()];
    var lin = shape.linears();
    for (int l = 0; l < lin.size(); l++) {
      TransformerShape.Linear m = lin.get(l);
      int n = m.out() / m.fold();
      int w = arch.weightOffset(l);
      int b = arch.biasOffset(l);
      for (int o = 0; o < n; o++) {
        for (int i = 0; i < m.in(); i++) {
          v[w + o * m.in() + i] = strongest(p, m, n, o, i);
        }
        double best = 0;
        for (int f = 0; f < m.fold(); f++) {
          double x = p[m.biasOffset() + f * n + o];
          if (Math.abs(x) > Math.abs(best)) {
            best = x;
          }
        }
        v[b + o] = best;
      }
    }
    return new Network(arch, v, net.inputPermutation().clone(), net.outputPermutation().clone());
  }

  /** The rows' names, input first: input, residual, then per block attention, residual, mlp, residual; output. */
  public static java.util.List<String> rowNames(TransformerShape shape) {
    java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("input", "residual"));
    for (int b = 1; b <= shape.blocks(); b++) {
      names.addAll(java.util.List.of("attention " + b, "residual", "mlp " + b, "residual"));
    }
    names.add("output");
    return names;
  }

  private static double strongest(double[] p, TransformerShape.Linear m, int n, int o, int i) {
    double best = 0;
    for (int f = 0; f < m.fold(); f++) {
      double x = p[m.weightOffset() + (f * n + o) * m.in() + i];
      if (Math.abs(x) > Math.abs(best)) {
        best = x;
      }
    }
    return best;
  }
}
