package io.bimtsweep.core.cost;

import java.util.Locale;

/** Which spatial regulariser weights a connection's cost. */
public enum Regularizer {
  /** BIMT: |w| times the connection's length. */
  BIMT,
  /**
   * The spatially embedded RNN's (Achterberg et al., 2023): |w| times length times the
   * communicability of the two neurons, C = expm(S|W|S) with a zero diagonal.
   */
  SERNN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Regularizer parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown regularizer '" + s + "': expected bimt or sernn");
    }
  }
}
