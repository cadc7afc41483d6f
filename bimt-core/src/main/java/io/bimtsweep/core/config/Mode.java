package io.bimtsweep.core.config;

import java.util.Locale;

/**
 * The paper's five training modes, as transformations of a configuration: each keeps what BIMT
 * would do and switches parts of it off.
 */
public enum Mode {
  /** lambda = 0, no swaps. */
  NONE,
  /** A = 0 (plain L1 on weights and biases), no swaps. */
  L1,
  /** A > 0 (locality), no swaps. */
  L1_LOCAL,
  /** A = 0, swaps on. */
  L1_SWAP,
  /** L1 + locality + swaps. */
  BIMT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean usesLocality() {
    return this == L1_LOCAL || this == BIMT;
  }

  public boolean usesSwaps() {
    return this == L1_SWAP || this == BIMT;
  }

  public boolean usesLambda() {
    return this != NONE;
  }

  public static Mode parse(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT).replace('+', '_').replace('-', '_');
    try {
      return valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown mode '" + s + "': expected one of none, l1, l1_local, l1_swap, bimt");
    }
  }
}
