package io.bimtsweep.core.cost;

import java.util.Locale;

/** How each layer's connection-cost terms are reduced: the symbolic notebooks sum, the token ones take the mean. */
public enum Reduction {
  SUM, MEAN;

  public static Reduction parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown reduction '" + s + "': expected sum or mean");
    }
  }
}
