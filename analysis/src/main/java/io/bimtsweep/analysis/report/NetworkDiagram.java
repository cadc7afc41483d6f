package io.bimtsweep.analysis.report;

import static io.bimtsweep.analysis.report.Svg.esc;
import static io.bimtsweep.analysis.report.Svg.n;

import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained network drawn as in the paper: input layer at the bottom, neurons at their layout
 * coordinates, one line per connection with width proportional to |w| (blue positive, red
 * negative; connections below 1e-2 max|w| left out), inputs and outputs labelled in the original
 * order after undoing the swaps' permutations; rows are named when the network says their names (a
 * transformer's view: residual stream, attention and MLP rows).
 */
public final class NetworkDiagram {
  static final double PRUNE = 1e-2;
  /** At most this many connections are drawn, the strongest. */
  static final int MAX_EDGES = 3000;

  private NetworkDiagram() {}

  /** The connection diagram of a bimt-network/1 document, as an SVG of the given size. */
  public static String svg(String networkJson, int width, int height) {
    NetworkJson.Read read = NetworkJson.read(networkJson);
    Network net = read.network();
    Architecture a = net.architecture();
    int layers = a.weightLayers() + 1;
    double margin = 28;
    double[][][] pos = read.positions();
    double[][] px = new double[layers][];
    double[][] pyn = new double[layers][];
    double[] py = new double[layers];
    double band = (height - 2 * margin) / (layers - 1);
    for (int l = 0; l < layers; l++) {
      py[l] = height - margin - l * band;
      px[l] = new double[a.width(l)];
      pyn[l] = new double[a.width(l)];
      for (int j = 0; j < a.width(l); j++) {
        if (pos[l][j].length == 2) {
          // a 2-D layer (MNIST's grids, its output ring) drawn as a tilted plane: depth z goes up and right
          double x = pos[l][j][0];
          double z = pos[l][j][1];
          px[l][j] = margin + (0.8 * x + 0.2 * z) * (width - 2 * margin);
          pyn[l][j] = py[l] + band * 0.2 - z * band * 0.45;
        } else {
          px[l][j] = margin + pos[l][j][0] * (width - 2 * margin);
          pyn[l][j] = py[l];
        }
      }
    }
    double max = 0;
    for (int l = 0; l < a.weightLayers(); l++) {
      for (int o = 0; o < a.width(l + 1); o++) {
        for (int i = 0; i < a.width(l); i++) {
          max = Math.max(max, Math.abs(net.weight(l, o, i)));
        }
      }
    }
    List<double[]> edges = new ArrayList<>();
    for (int l = 0; l < a.weightLayers(); l++) {
      for (int o = 0; o < a.width(l + 1); o++) {
        for (int i = 0; i < a.width(l); i++) {
          double w = net.weight(l, o, i);
          if (max > 0 && Math.abs(w) > PRUNE * max) {
            edges.add(new double[] {Math.abs(w) / max, Math.signum(w), px[l][i], pyn[l][i], px[l + 1][o], pyn[l + 1][o]});
          }
        }
      }
    }
    edges.sort((x, y) -> Double.compare(x[0], y[0]));
    if (edges.size() > MAX_EDGES) {
      // an MNIST network keeps tens of thousands: the strongest are the picture, and the page stays small
      edges = new ArrayList<>(edges.subList(edges.size() - MAX_EDGES, edges.size()));
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg class='net' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='").append(height)
        .append("' role='img' aria-label='connection diagram, ").append(edges.size()).append(" connections shown'>");
    b.append("<rect width='100%' height='100%' fill='#fff'/>");
    for (double[] e : edges) {
      b.append("<line x1='").append(n(e[2])).append("' y1='").append(n(e[3])).append("' x2='").append(n(e[4]))
          .append("' y2='").append(n(e[5])).append("' stroke='").append(e[1] > 0 ? "#1f5fbf" : "#d62728")
          .append("' stroke-width='").append(n(0.3 + 3.2 * e[0])).append("' stroke-opacity='")
          .append(n(0.25 + 0.75 * e[0])).append("'/>");
    }
    double r = Math.max(1.2, Math.min(4, (width - 2 * margin) / (3.0 * maxWidth(a))));
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < a.width(l); j++) {
        b.append("<circle cx='").append(n(px[l][j])).append("' cy='").append(n(pyn[l][j])).append("' r='").append(n(r))
            .append("' fill='#333'/>");
      }
    }
    if (read.layerNames() != null && read.layerNames().size() == layers) {
      for (int l = 0; l < layers; l++) {
        b.append("<text x='2' y='").append(n(py[l] - 4)).append("' class='lbl' fill='#777'>")
            .append(esc(read.layerNames().get(l))).append("</text>");
      }
    }
    int dim = a.hasEmbedding() ? a.embedding().dim() : a.inputs();
    if (!a.hasEmbedding() && a.inputs() <= 16) {
      for (int j = 0; j < a.inputs(); j++) {
        int original = net.inputPermutation()[j];
        String name = read.inputNames() != null && original < read.inputNames().size() ? read.inputNames().get(original)
            : "x" + (original + 1);
        b.append("<text x='").append(n(px[0][j])).append("' y='").append(n(py[0] + 16)).append("' text-anchor='middle' class='lbl'>")
            .append(esc(name)).append("</text>");
      }
    } else if (a.hasEmbedding()) {
      for (int f = 0; f < a.embedding().tokens(); f++) {
        b.append("<text x='").append(n(px[0][f * dim + dim / 2])).append("' y='").append(n(py[0] + 16))
            .append("' text-anchor='middle' class='lbl'>token ").append(f + 1).append(" embedding</text>");
      }
    }
    int outs = a.outputs();
    if (outs <= 16) {
      boolean names = read.outputNames() != null && read.outputNames().size() == outs;
      for (int o = 0; o < outs; o++) {
        int original = net.outputPermutation()[o];
        String name = names ? "y" + (original + 1) : "c" + original;
        b.append("<text x='").append(n(px[layers - 1][o])).append("' y='").append(n(pyn[layers - 1][o] - 9))
            .append("' text-anchor='middle' class='lbl'>").append(esc(name)).append("<title>")
            .append(esc(names ? read.outputNames().get(original) : "class " + original)).append("</title></text>");
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  private static int maxWidth(Architecture a) {
    int m = 1;
    for (int w : a.widths()) {
      m = Math.max(m, w);
    }
    return m;
  }
}
