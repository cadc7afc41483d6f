package io.bimtsweep.core.train;

import java.util.Locale;

/** The number type a run trains in: float64 (the default) or float32 (the notebooks' type for the small tasks). */
public enum Dtype {
  FLOAT64, FLOAT32;

  /** "float64" or "float32": the {@code dtype} setting's value. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Dtype parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "float64", "double", "f64" -> FLOAT64;
      case "float32", "float", "f32" -> FLOAT32;
      default -> throw new IllegalArgumentException("unknown dtype '" + s + "': expected float64 or float32");
    };
  }
}
