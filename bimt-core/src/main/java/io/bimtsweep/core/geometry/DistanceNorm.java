package io.bimtsweep.core.geometry;

import java.util.Locale;

/**
 * How the length of a connection is measured. The in-plane offset is scaled by the layout width
 * A; consecutive layers are y* apart.
 */
public enum DistanceNorm {
  /** The paper's default: A * (sum of |in-plane offsets|) + y*. */
  L1,
  /** Euclidean: sqrt(A^2 * (sum of squared in-plane offsets) + y*^2). */
  L2;

  /**
   * Length of a connection between two neurons of consecutive layers.
   *
   * @param a unit coordinates of one neuron
   * @param b unit coordinates of the other (same dimension)
   */
  public double distance(double[] a, double[] b, double layoutWidth, double layerDistance) {
    if (this == L1) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += Math.abs(a[i] - b[i]);
      }
      return layoutWidth * s + layerDistance;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = layoutWidth * (a[i] - b[i]);
      s += d * d;
    }
    return Math.sqrt(s + layerDistance * layerDistance);
  }

  public static DistanceNorm parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown norm '" + s + "': expected L1 or L2");
    }
  }
}
