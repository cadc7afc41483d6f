package io.bimtsweep.core.sweep;

import java.util.List;

/**
 * A sampled axis of a sweep file: {@code {uniform: [lo, hi]}}, {@code {loguniform: [lo, hi]}}
 * (lo > 0), {@code {int_uniform: [lo, hi]}} (both ends included) or {@code {choice: [a, b, ...]}}.
 * A point u of the unit interval (from a random or Sobol sequence) maps to one value, so that the
 * same sequence gives the same values.
 *
 * @param integer round to the nearest integer (an integer setting, or int_uniform)
 */
public record Distribution(Kind kind, double low, double high, List<Object> choices, boolean integer) {
  public enum Kind { UNIFORM, LOGUNIFORM, INT_UNIFORM, CHOICE }

  public Distribution {
    choices = choices == null ? null : List.copyOf(choices);
  }

  /** The value at u in [0, 1). */
  public Object at(double u) {
    switch (kind) {
      case CHOICE -> {
        return choices.get(Math.min(choices.size() - 1, (int) Math.floor(u * choices.size())));
      }
      case INT_UNIFORM -> {
        long span = (long) high - (long) low + 1;
        return (long) low + Math.min(span - 1, (long) Math.floor(u * span));
      }
      case LOGUNIFORM -> {
        double v = Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        return integer ? (Object) Math.round(v) : (Object) v;
      }
      default -> {
        double v = low + u * (high - low);
        return integer ? (Object) Math.round(v) : (Object) v;
      }
    }
  }

  /** How the file spells it. */
  public String describe() {
    return switch (kind) {
      case CHOICE -> "choice " + choices;
      case INT_UNIFORM -> "int_uniform [" + (long) low + ", " + (long) high + "]";
      case LOGUNIFORM -> "loguniform [" + low + ", " + high + "]" + (integer ? " (rounded)" : "");
      case UNIFORM -> "uniform [" + low + ", " + high + "]" + (integer ? " (rounded)" : "");
    };
  }
}
