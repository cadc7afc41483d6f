package io.bimtsweep.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table for the terminal: aligned columns, long cells cut with an ellipsis. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final int maxWidth;

  Table(List<String> header, int maxWidth) {
    this.header = header;
    this.maxWidth = maxWidth;
  }

  void add(List<?> row) {
    List<String> r = new ArrayList<>();
    for (Object o : row) {
      r.add(cell(o));
    }
    rows.add(r);
  }

  public static String cell(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof Double d) {
      return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, Math.abs(d) >= 1e-3 && Math.abs(d) < 1e5 || d == 0 ? "%.4f" : "%.3e", d);
    }
    if (o instanceof scala.collection.Iterable<?> it) {
      return scala.jdk.javaapi.CollectionConverters.asJava(it).toString();
    }
    return o.toString();
  }

  String render() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.min(maxWidth, Math.max(w[i], r.get(i).length()));
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, header, w);
    for (int i = 0; i < w.length; i++) {
      b.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
    }
    b.append('\n');
    rows.forEach(r -> line(b, r, w));
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] w) {
    for (int i = 0; i < w.length; i++) {
      String c = cells.get(i);
      if (c.length() > w[i]) {
        c = c.substring(0, Math.max(0, w[i] - 1)) + "…";
      }
      b.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(w[i] - c.length()));
    }
    b.append('\n');
  }
}
