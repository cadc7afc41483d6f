package io.bimtsweep.core.geometry;

import java.util.Locale;

/** How a network's layers are placed: the notebooks' lines, or MNIST's 2-D grids. */
public enum Layout {
  /** Every layer on a line in [0, 1] (a folded input repeats its positions). */
  LINES,
  /**
   * MNIST's: the input and hidden layers on square grids in the unit square (28x28 pixels, 10x10
   * hidden), the outputs on a ring of radius 1/4 around the centre.
   */
  GRIDS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Layout parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown layout '" + s + "': expected lines or grids");
    }
  }
}
