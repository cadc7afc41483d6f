package io.bimtsweep.dl4j;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J network seen as this project's layered network: its dense layers in order, their widths,
 * and their parameters copied to and from the project's flat layout (per layer W as [out][in]
 * row-major, then b: DL4J's own 'f'-ordered W [nIn, nOut] holds the same order). Works for a
 * MultiLayerNetwork of dense layers and for a ComputationGraph whose layers form one chain.
 */
public final class DenseChain {
  private final List<Layer> layers;
  private final int[] widths;
  private final Activation activation;

  private DenseChain(List<Layer> layers) {
    check(!layers.isEmpty(), "the network has no layers");
    this.layers = List.copyOf(layers);
    widths = new int[layers.size() + 1];
    Activation act = null;
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      boolean last = l == layers.size() - 1;
      check(conf instanceof DenseLayer || (last && conf instanceof OutputLayer),
          "BIMT needs dense layers (DenseLayer, then an OutputLayer): layer %d is a %s", l, conf.getClass().getSimpleName());
      var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf;
      check(ff.getNIn() > 0 && ff.getNOut() > 0, "layer %d has no nIn/nOut set: initialise the network first", l);
      check(l == 0 || ff.getNIn() == widths[l], "layer %d takes %d inputs but layer %d gives %d", l, ff.getNIn(), l - 1, widths[l]);
      widths[l] = (int) ff.getNIn();
      widths[l + 1] = (int) ff.getNOut();
      check(layer.getParam("W") != null && layer.getParam("b") != null, "layer %d has no W or b parameter (hasBias false?)", l);
      if (!last) {
        Activation a = activation(((BaseLayer) conf).getActivationFn(), l);
        check(act == null || act == a, "every hidden layer needs the same activation: layer %d uses %s, earlier ones %s",
            l, a, act);
        act = a;
      }
    }
    activation = act == null ? Activation.TANH : act;
  }

  /** The dense layers of a MultiLayerNetwork (initialised). */
  public static DenseChain of(MultiLayerNetwork net) {
    check(net.getLayers() != null, "initialise the network (net.init()) before attaching BIMT");
    return new DenseChain(List.of(net.getLayers()));
  }

  /** The layers of a ComputationGraph that is one chain of dense layers: one input, one output. */
  public static DenseChain of(ComputationGraph graph) {
    check(graph.getLayers() != null, "initialise the graph (graph.init()) before attaching BIMT");
    check(graph.getNumInputArrays() == 1 && graph.getNumOutputArrays() == 1,
        "BIMT needs a graph with one input and one output, this one has %d and %d", graph.getNumInputArrays(),
        graph.getNumOutputArrays());
    GraphVertex[] vertices = graph.getVertices();
    List<Layer> chain = new ArrayList<>();
    int previous = -1;
    for (int v : graph.topologicalSortOrder()) {
      GraphVertex gv = vertices[v];
      if (gv.isInputVertex()) {
        continue;
      }
      check(gv.hasLayer(), "BIMT needs a chain of dense layers: vertex '%s' is a %s", gv.getVertexName(),
          gv.getClass().getSimpleName());
      VertexIndices[] in = gv.getInputVertices();
      check(in != null && in.length == 1, "BIMT needs a chain: vertex '%s' has %d inputs", gv.getVertexName(),
          in == null ? 0 : in.length);
      int from = in[0].getVertexIndex();
      check(previous < 0 ? vertices[from].isInputVertex() : from == previous,
          "BIMT needs a chain: vertex '%s' does not follow the previous layer", gv.getVertexName());
      chain.add(gv.getLayer());
      previous = v;
    }
    return new DenseChain(chain);
  }

  static Activation activation(IActivation a, int layer) {
    if (a instanceof ActivationSwish) {
      return Activation.SILU;
    }
    if (a instanceof ActivationTanH) {
      return Activation.TANH;
    }
    if (a instanceof ActivationReLU) {
      return Activation.RELU;
    }
    throw new IllegalArgumentException("layer " + layer + " uses activation " + a + "; BIMT's metrics and exports know "
        + "swish (SiLU), tanh and relu");
  }

  /** The DL4J activation of a hidden layer. */
  public static IActivation dl4jActivation(Activation a) {
    return switch (a) {
      case SILU -> new ActivationSwish();
      case TANH -> new ActivationTanH();
      case RELU -> new ActivationReLU();
      case GELU -> throw new IllegalArgumentException("engine dl4j has no tanh-form GELU (DL4J's differs from the "
          + "paper's); use activation silu, tanh or relu, or engine java");
    };
  }

  static boolean isIdentityOrSoftmax(IActivation a) {
    return a instanceof ActivationIdentity || a instanceof ActivationSoftmax;
  }

  public int[] widths() {
    return widths.clone();
  }

  public List<Layer> layers() {
    return layers;
  }

  /** This chain as the project's architecture (hidden activation; linear outputs, as the loss sees them). */
  public Architecture architecture() {
    return new Architecture(widths, activation, null);
  }

  /** Copies the network's parameters into p, in the project's layout. */
  public void read(double[] p) {
    Architecture a = architecture();
    for (int l = 0; l < layers.size(); l++) {
      double[] w = ConnectionCostRegularization.values(layers.get(l).getParam("W"));
      double[] b = ConnectionCostRegularization.values(layers.get(l).getParam("b"));
      System.arraycopy(w, 0, p, a.weightOffset(l), w.length);
      System.arraycopy(b, 0, p, a.biasOffset(l), b.length);
    }
  }

  /** Writes p (the project's layout) into the network's parameters. */
  public void write(double[] p) {
    Architecture a = architecture();
    for (int l = 0; l < layers.size(); l++) {
      INDArray w = layers.get(l).getParam("W");
      INDArray b = layers.get(l).getParam("b");
      int nw = widths[l] * widths[l + 1];
      double[] wv = java.util.Arrays.copyOfRange(p, a.weightOffset(l), a.weightOffset(l) + nw);
      double[] bv = java.util.Arrays.copyOfRange(p, a.biasOffset(l), a.biasOffset(l) + widths[l + 1]);
      w.assign(Nd4j.create(wv, w.shape(), 'f').castTo(w.dataType()));
      b.assign(Nd4j.create(bv, b.shape(), 'f').castTo(b.dataType()));
    }
  }
}
