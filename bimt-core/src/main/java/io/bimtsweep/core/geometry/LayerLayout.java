package io.bimtsweep.core.geometry;

import static io.bimtsweep.core.Checks.check;

import java.util.Arrays;

/**
 * Where the neurons of one layer sit, in unit coordinates (each in [0, 1]). The layer's y
 * coordinate is implied by its index. Positions never move during training: a swap moves a
 * neuron's parameters into another position, so distance matrices can be computed once.
 *
 * @param coordinates one row per neuron; all rows have the same dimension
 * @param folds how many times the positions repeat (token-embedding inputs): neuron f * m + p
 *     sits at position p, where m = size / folds
 */
public record LayerLayout(double[][] coordinates, int folds) {

  public LayerLayout {
    check(coordinates.length > 0, "a layer needs at least one neuron");
    check(folds >= 1 && coordinates.length % folds == 0,
        "layer of %d neurons cannot be folded %d times", coordinates.length, folds);
    int dim = coordinates[0].length;
    double[][] copy = new double[coordinates.length][];
    for (int i = 0; i < coordinates.length; i++) {
      check(coordinates[i].length == dim, "all neurons of a layer need %d coordinates", dim);
      copy[i] = coordinates[i].clone();
    }
    coordinates = copy;
  }

  /** n neurons evenly in [0, 1] with half a gap at each end: (j + 1/2) / n. */
  public static LayerLayout line(int n) {
    return folded(n, 1);
  }

  /** n neurons made of {@code folds} repeats of n / folds line positions. */
  public static LayerLayout folded(int n, int folds) {
    check(n > 0 && folds > 0 && n % folds == 0, "cannot fold %d neurons %d times", n, folds);
    int m = n / folds;
    double[][] c = new double[n][];
    for (int i = 0; i < n; i++) {
      c[i] = new double[] {(i % m + 0.5) / m};
    }
    return new LayerLayout(c, folds);
  }

  /** rows x cols neurons on a grid in the unit square, row-major, coordinates (x, z). */
  public static LayerLayout grid(int rows, int cols) {
    double[][] c = new double[rows * cols][];
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        c[r * cols + q] = new double[] {(q + 0.5) / cols, (r + 0.5) / rows};
      }
    }
    return new LayerLayout(c, 1);
  }

  /** n neurons on a circle of the given radius around (0.5, 0.5), coordinates (x, z). */
  public static LayerLayout ring(int n, double radius) {
    double[][] c = new double[n][];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      c[i] = new double[] {0.5 + radius * Math.cos(t), 0.5 + radius * Math.sin(t)};
    }
    return new LayerLayout(c, 1);
  }

  public int size() {
    return coordinates.length;
  }

  public int dimension() {
    return coordinates[0].length;
  }

  /** Unit coordinates of neuron j (a copy). */
  public double[] position(int j) {
    return coordinates[j].clone();
  }

  /** A 1-D layer lifted to 2-D (z = 0.5) so it can face a grid layer. */
  LayerLayout withDimension(int dim) {
    if (dim == dimension()) {
      return this;
    }
    check(dimension() == 1 && dim == 2, "cannot lift a %d-D layer to %d-D", dimension(), dim);
    double[][] c = new double[size()][];
    for (int i = 0; i < size(); i++) {
      c[i] = new double[] {coordinates[i][0], 0.5};
    }
    return new LayerLayout(c, folds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerLayout l && l.folds == folds && Arrays.deepEquals(l.coordinates, coordinates);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(coordinates) + folds;
  }

  @Override
  public String toString() {
    return "LayerLayout[n=" + size() + ", dim=" + dimension() + ", folds=" + folds + "]";
  }
}
