package io.bimtsweep.core.train;

import java.util.Locale;

/** Prediction losses: mean squared error over all outputs, or mean softmax cross-entropy. */
public enum Loss {
  MSE, CROSS_ENTROPY;

  public static Loss parse(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (t.equals("CE")) {
      return CROSS_ENTROPY;
    }
    try {
      return valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown loss '" + s + "': expected mse or cross_entropy");
    }
  }
}
