package io.bimtsweep.core.io;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.model.TokenEmbedding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained-network format, "bimt-network/1": plain JSON that any language can read.
 *
 * <pre>
 * format              "bimt-network/1"
 * widths              neurons per layer, input first
 * activation          hidden activation (silu, tanh, relu, gelu); the output layer is linear
 * embedding           {vocab, dim, tokens} for token inputs, else null
 * weights             per weight layer, a matrix [out][in] (internal neuron order)
 * biases              per weight layer, a vector [out]
 * embedding_table     [vocab][dim], or null
 * input_permutation   input position j holds original input (or embedding dimension) input_permutation[j], 0-based
 * output_permutation  output unit o answers original target (or class) output_permutation[o], 0-based
 * positions           per layer, each neuron's unit coordinates (x, or x and z for grids)
 * layout_width, layer_distance, norm   the geometry (A, y*, L1/L2)
 * input_names, output_names            labels for diagrams
 * layer_names         per layer, a label (a transformer's rows: "residual", "attention 1", ...); absent for MLPs
 * </pre>
 */
public final class NetworkJson {
  public static final String FORMAT = "bimt-network/1";

  private NetworkJson() {}

  public static Map<String, Object> toMap(Network net, Geometry g, List<String> inputNames, List<String> outputNames) {
    Architecture a = net.architecture();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("widths", a.widths());
    m.put("activation", a.activation().name().toLowerCase(java.util.Locale.ROOT));
    m.put("embedding", a.hasEmbedding()
        ? Map.of("vocab", a.embedding().vocab(), "dim", a.embedding().dim(), "tokens", a.embedding().tokens()) : null);
    List<double[][]> w = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (int l = 0; l < a.weightLayers(); l++) {
      w.add(net.weights(l));
      b.add(net.biases(l));
    }
    m.put("weights", w);
    m.put("biases", b);
    if (a.hasEmbedding()) {
      int dim = a.embedding().dim();
      double[][] t = new double[a.embedding().vocab()][dim];
      for (int v = 0; v < t.length; v++) {
        System.arraycopy(net.parameters(), a.embeddingOffset() + v * dim, t[v], 0, dim);
      }
      m.put("embedding_table", t);
    } else {
      m.put("embedding_table", null);
    }
    m.put("input_permutation", net.inputPermutation().clone());
    m.put("output_permutation", net.outputPermutation().clone());
    List<double[][]> pos = new ArrayList<>();
    g.layers().forEach(l -> pos.add(l.coordinates()));
    m.put("positions", pos);
    m.put("layout_width", g.layoutWidth());
    m.put("layer_distance", g.layerDistance());
    m.put("norm", g.norm().name());
    m.put("input_names", inputNames);
    m.put("output_names", outputNames);
    return m;
  }

  public static String write(Network net, Geometry g, List<String> inputNames, List<String> outputNames) {
    return Json.canonical(toMap(net, g, inputNames, outputNames));
  }

  /** As {@link #write(Network, Geometry, List, List)}, with a label per layer (a transformer's layered view). */
  public static String write(Network net, Geometry g, List<String> inputNames, List<String> outputNames,
      List<String> layerNames) {
    Map<String, Object> m = toMap(net, g, inputNames, outputNames);
    m.put("layer_names", layerNames);
    return Json.canonical(m);
  }

  /**
   * A network read back: parameters, permutations and the neuron positions for drawing; layerNames
   * is null when the document has none.
   */
  public record Read(Network network, double[][][] positions, List<String> inputNames, List<String> outputNames,
      List<String> layerNames) {}

  /**
   * The neurons' places a document records (positions, A, y*, norm), e.g. to compute the
   * project's metrics of a network trained elsewhere (bimt-dl4j's export).
   */
  public static Geometry geometry(String json) {
    try {
      Map<String, Object> m = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
      double[][][] pos = Json.MAPPER.convertValue(m.get("positions"), double[][][].class);
      @SuppressWarnings("unchecked")
      Map<String, Integer> e = (Map<String, Integer>) m.get("embedding");
      List<io.bimtsweep.core.geometry.LayerLayout> layers = new ArrayList<>();
      for (int l = 0; l < pos.length; l++) {
        layers.add(new io.bimtsweep.core.geometry.LayerLayout(pos[l], l == 0 && e != null ? e.get("tokens") : 1));
      }
      return new Geometry(layers, ((Number) m.get("layout_width")).doubleValue(),
          ((Number) m.get("layer_distance")).doubleValue(),
          io.bimtsweep.core.geometry.DistanceNorm.parse((String) m.get("norm")));
    } catch (java.io.IOException | RuntimeException ex) {
      throw new IllegalArgumentException("cannot read the neuron positions of a " + FORMAT + " document: "
          + ex.getMessage(), ex);
    }
  }

  public static Read read(String json) {
    try {
      Map<String, Object> m = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
      if (!FORMAT.equals(m.get("format"))) {
        throw new IllegalArgumentException("not a " + FORMAT + " document (format: " + m.get("format") + ")");
      }
      int[] widths = Json.MAPPER.convertValue(m.get("widths"), int[].class);
      @SuppressWarnings("unchecked")
      Map<String, Integer> e = (Map<String, Integer>) m.get("embedding");
      Architecture a = new Architecture(widths, Activation.parse((String) m.get("activation")),
          e == null ? null : new TokenEmbedding(e.get("vocab"), e.get("dim"), e.get("tokens")));
      double[] p = new double[a.parameterCount()];
      double[][][] w = Json.MAPPER.convertValue(m.get("weights"), double[][][].class);
      double[][] b = Json.MAPPER.convertValue(m.get("biases"), double[][].class);
      for (int l = 0; l < a.weightLayers(); l++) {
        for (int o = 0; o < widths[l + 1]; o++) {
          System.arraycopy(w[l][o], 0, p, a.weightOffset(l) + o * widths[l], widths[l]);
        }
        System.arraycopy(b[l], 0, p, a.biasOffset(l), widths[l + 1]);
      }
      if (a.hasEmbedding()) {
        double[][] t = Json.MAPPER.convertValue(m.get("embedding_table"), double[][].class);
        for (int v = 0; v < t.length; v++) {
          System.arraycopy(t[v], 0, p, a.embeddingOffset() + v * a.embedding().dim(), a.embedding().dim());
        }
      }
      Network net = new Network(a, p, Json.MAPPER.convertValue(m.get("input_permutation"), int[].class),
          Json.MAPPER.convertValue(m.get("output_permutation"), int[].class));
      @SuppressWarnings("unchecked")
      List<String> in = (List<String>) m.get("input_names");
      @SuppressWarnings("unchecked")
      List<String> out = (List<String>) m.get("output_names");
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) m.get("layer_names");
      return new Read(net, Json.MAPPER.convertValue(m.get("positions"), double[][][].class), in, out, names);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalArgumentException("malformed network JSON: " + ex.getOriginalMessage());
    }
  }
}
