package io.bimtsweep.core.geometry;

import static io.bimtsweep.core.Checks.check;
import static io.bimtsweep.core.Checks.finiteNonNegative;

import java.util.List;

/**
 * Every neuron's place, and the length of every connection. Layer i of neurons sits at
 * y = i * y*; in-plane unit coordinates are scaled by the layout width A.
 *
 * @param layers one layout per layer of neurons, input first
 * @param layoutWidth A (the notebooks' weight_factor); 0 makes the cost plain L1
 * @param layerDistance y* (the notebooks' l0)
 * @param norm how offsets combine into a length
 */
public record Geometry(List<LayerLayout> layers, double layoutWidth, double layerDistance, DistanceNorm norm) {

  public Geometry {
    layers = List.copyOf(layers);
    check(layers.size() >= 2, "a network needs at least an input and an output layer");
    finiteNonNegative(layoutWidth, "layout_width (A)");
    finiteNonNegative(layerDistance, "layer_distance (y*)");
    check(norm != null, "norm is required");
  }

  /** The notebooks' layout: every layer a line, the input folded {@code inputFolds} times. */
  public static Geometry lines(int[] widths, int inputFolds, double a, double yStar, DistanceNorm norm) {
    LayerLayout[] l = new LayerLayout[widths.length];
    for (int i = 0; i < widths.length; i++) {
      l[i] = i == 0 ? LayerLayout.folded(widths[0], inputFolds) : LayerLayout.line(widths[i]);
    }
    return new Geometry(List.of(l), a, yStar, norm);
  }

  /**
   * MNIST's layout ({@link Layout#GRIDS}): the input and hidden layers on square grids in the unit
   * square, row-major like the image's pixels, and the outputs on a ring of radius 1/4 around
   * (0.5, 0.5).
   */
  public static Geometry grids(int[] widths, double a, double yStar, DistanceNorm norm) {
    LayerLayout[] l = new LayerLayout[widths.length];
    for (int i = 0; i < widths.length; i++) {
      if (i == widths.length - 1) {
        l[i] = LayerLayout.ring(widths[i], 0.25);
      } else {
        int side = (int) Math.round(Math.sqrt(widths[i]));
        check(side * side == widths[i], "layout grids puts every layer but the last on a square grid: layer %d has %d "
            + "neurons, not a square (784 = 28x28, 100 = 10x10)", i, widths[i]);
        l[i] = LayerLayout.grid(side, side);
      }
    }
    return new Geometry(List.of(l), a, yStar, norm);
  }

  public int weightLayers() {
    return layers.size() - 1;
  }

  /** The same layout with another A, y* or norm: e.g. the fixed reference geometry of the metrics. */
  public Geometry with(double a, double yStar, DistanceNorm n) {
    return new Geometry(layers, a, yStar, n);
  }

  /**
   * Lengths of the connections of weight layer l (from neuron layer l to l + 1), row-major
   * [out][in] like the weight matrix itself.
   */
  public double[] distances(int l) {
    check(l >= 0 && l < weightLayers(), "weight layer %d out of range 0..%d", l, weightLayers() - 1);
    int dim = Math.max(layers.get(l).dimension(), layers.get(l + 1).dimension());
    LayerLayout in = layers.get(l).withDimension(dim);
    LayerLayout out = layers.get(l + 1).withDimension(dim);
    int nIn = in.size();
    int nOut = out.size();
    double[] d = new double[nIn * nOut];
    for (int o = 0; o < nOut; o++) {
      double[] po = out.coordinates()[o];
      for (int i = 0; i < nIn; i++) {
        d[o * nIn + i] = norm.distance(po, in.coordinates()[i], layoutWidth, layerDistance);
      }
    }
    return d;
  }
}
