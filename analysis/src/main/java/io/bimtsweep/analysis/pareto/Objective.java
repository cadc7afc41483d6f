package io.bimtsweep.analysis.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A metric column to optimise, and which way. */
public record Objective(String column, boolean maximise) implements java.io.Serializable {

  public Objective {
    if (column == null || !column.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("objective column must be a snake_case column name, got '" + column + "'");
    }
  }

  /** The value turned so that larger is always better. */
  public double oriented(double v) {
    return maximise ? v : -v;
  }

  @Override
  public String toString() {
    return column + ":" + (maximise ? "max" : "min");
  }

  /** Parses one "COLUMN:max" or "COLUMN:min". */
  public static Objective parse(String text) {
    String p = text.trim();
    int c = p.lastIndexOf(':');
    if (c <= 0) {
      throw new IllegalArgumentException("objective '" + p + "' needs a direction: COLUMN:max or COLUMN:min");
    }
    String dir = p.substring(c + 1).trim().toLowerCase(Locale.ROOT);
    if (!dir.equals("max") && !dir.equals("min")) {
      throw new IllegalArgumentException("objective '" + p + "': direction must be max or min, got '" + dir + "'");
    }
    return new Objective(p.substring(0, c).trim(), dir.equals("max"));
  }

  /** Parses "test_accuracy:max,modularity_q:max"; at least two objectives. */
  public static List<Objective> parseList(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no objectives: give e.g. test_accuracy:max,modularity_q:max");
    }
    List<Objective> out = new ArrayList<>();
    for (String part : text.split(",")) {
      out.add(parse(part));
    }
    if (out.size() < 2) {
      throw new IllegalArgumentException("a Pareto front needs two or more objectives, got " + out.size());
    }
    if (out.stream().map(Objective::column).distinct().count() != out.size()) {
      throw new IllegalArgumentException("an objective is listed twice: " + text);
    }
    return out;
  }
}
