package io.bimtsweep.core;

/** Preconditions whose failures read as a user-facing sentence naming the bad value. */
public final class Checks {
  private Checks() {}

  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, format, args));
    }
  }

  public static double finiteNonNegative(double v, String name) {
    check(Double.isFinite(v) && v >= 0, "%s must be a finite number >= 0, got %s", name, v);
    return v;
  }

  public static int positive(int v, String name) {
    check(v > 0, "%s must be > 0, got %d", name, v);
    return v;
  }
}
