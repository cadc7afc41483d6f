package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * lambda as data: an initial value and changes at given steps (or fractions of the run), each
 * either setting a value or scaling the current one. Written as text:
 * {@code "1e-3, x10@25%, x0.1@75%"} or {@code "0.1, =1@5000, =0.1@15000"}.
 */
public record LambdaSchedule(double initial, List<Change> changes) {

  /** One change: at a step (or a fraction of the steps when {@code fraction}), set or scale lambda. */
  public record Change(double at, boolean fraction, boolean scale, double amount) {
    public Change {
      check(Double.isFinite(at) && at >= 0, "a lambda change needs a step or fraction >= 0, got %s", at);
      check(!fraction || at <= 1, "a lambda change at a fraction must be in [0, 1], got %s", at);
      check(Double.isFinite(amount), "a lambda change must be a finite number, got %s", amount);
      check(amount >= 0, "negative lambda: a lambda change must be >= 0, got %s", amount);
    }

    long step(long totalSteps) {
      return fraction ? (long) Math.floor(at * totalSteps) : (long) at;
    }

    @Override
    public String toString() {
      String a = fraction ? fmt(at * 100) + "%" : fmt(at);
      return (scale ? "x" : "=") + fmt(amount) + "@" + a;
    }
  }

  public LambdaSchedule {
    check(Double.isFinite(initial), "lambda must be a finite number, got %s (NaN and infinities are not allowed)", initial);
    check(initial >= 0, "negative lambda: lambda must be a finite number >= 0, got %s", initial);
    changes = List.copyOf(changes);
  }

  public static LambdaSchedule constant(double lambda) {
    return new LambdaSchedule(lambda, List.of());
  }

  /** lambda at a step (counted from 0) of a run of totalSteps steps. */
  public double valueAt(long step, long totalSteps) {
    return resolve(totalSteps).valueAt(step);
  }

  /**
   * The schedule for a run of totalSteps steps, as sorted boundaries: resolve once per run, then
   * {@link Resolved#valueAt} allocates nothing (the trainer asks every step).
   */
  public Resolved resolve(long totalSteps) {
    // Changes apply in the order of their steps; a stable sort keeps same-step changes in file order.
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort((a, b) -> Long.compare(a.step(totalSteps), b.step(totalSteps)));
    long[] from = new long[sorted.size() + 1];
    double[] value = new double[sorted.size() + 1];
    from[0] = Long.MIN_VALUE;
    value[0] = initial;
    for (int i = 0; i < sorted.size(); i++) {
      Change c = sorted.get(i);
      from[i + 1] = c.step(totalSteps);
      value[i + 1] = c.scale() ? value[i] * c.amount() : c.amount();
    }
    return new Resolved(from, value);
  }

  /** A schedule fixed to one run length: lambda is value[i] from step from[i] on. */
  public static final class Resolved {
    private final long[] from;
    private final double[] value;

    Resolved(long[] from, double[] value) {
      this.from = from;
      this.value = value;
    }

    public double valueAt(long step) {
      int i = from.length - 1;
      while (i > 0 && from[i] > step) {
        i--;
      }
      return value[i];
    }
  }

  /** The largest value lambda takes over a run of totalSteps. */
  public double max(long totalSteps) {
    Resolved r = resolve(totalSteps);
    double best = initial;
    for (double v : r.value) {
      best = Math.max(best, v);
    }
    return best;
  }

  /** The same shape with every value multiplied by factor (so the initial value becomes initial * factor). */
  public LambdaSchedule scaled(double factor) {
    check(Double.isFinite(factor) && factor >= 0, "lambda scale must be a finite number >= 0, got %s", factor);
    List<Change> c = new ArrayList<>();
    for (Change ch : changes) {
      c.add(ch.scale() ? ch : new Change(ch.at(), ch.fraction(), false, ch.amount() * factor));
    }
    return new LambdaSchedule(initial * factor, c);
  }

  /**
   * The same shape starting from lambda (a constant schedule stays constant). Values are rescaled
   * in decimal so that, e.g., 0.1 -> 0.01 turns 1 into 0.1, not 0.09999999999999999: canonical
   * configuration text (and so trial ids) stays readable and stable.
   */
  public LambdaSchedule withInitial(double lambda) {
    check(Double.isFinite(lambda) && lambda >= 0, "negative lambda: lambda must be a finite number >= 0, got %s", lambda);
    if (initial == 0) {
      return lambda == 0 ? this : new LambdaSchedule(lambda, changes);
    }
    if (changes.stream().allMatch(Change::scale)) {
      return new LambdaSchedule(lambda, changes); // scalings follow the new start as they are
    }
    java.math.BigDecimal to = java.math.BigDecimal.valueOf(lambda);
    java.math.BigDecimal from = java.math.BigDecimal.valueOf(initial);
    List<Change> c = new ArrayList<>();
    for (Change ch : changes) {
      c.add(ch.scale() ? ch : new Change(ch.at(), ch.fraction(), false, java.math.BigDecimal.valueOf(ch.amount())
          .multiply(to).divide(from, java.math.MathContext.DECIMAL64).doubleValue()));
    }
    return new LambdaSchedule(lambda, c);
  }

  public static LambdaSchedule parse(String text) {
    check(text != null && !text.isBlank(), "empty lambda schedule");
    String[] parts = text.split(",");
    double initial;
    try {
      initial = Double.parseDouble(parts[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("lambda schedule '" + text + "' must start with a number, got '" + parts[0].trim() + "'");
    }
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int at = p.indexOf('@');
      check(at > 1 && (p.charAt(0) == 'x' || p.charAt(0) == '='),
          "lambda change '%s' must look like x10@25%% (scale at a fraction) or =0.1@5000 (set at a step)", p);
      try {
        double amount = Double.parseDouble(p.substring(1, at));
        String when = p.substring(at + 1).trim();
        boolean frac = when.endsWith("%");
        double w = Double.parseDouble(frac ? when.substring(0, when.length() - 1) : when);
        changes.add(new Change(frac ? w / 100 : w, frac, p.charAt(0) == 'x', amount));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("lambda change '" + p + "' has a malformed number");
      }
    }
    return new LambdaSchedule(initial, changes);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(fmt(initial));
    for (Change c : changes) {
      b.append(", ").append(c);
    }
    return b.toString();
  }

  static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%s", d);
  }
}
