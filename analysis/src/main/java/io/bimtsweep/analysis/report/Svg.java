package io.bimtsweep.analysis.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small, clean SVG building blocks: escaping, number formatting, axes with readable ticks. */
final class Svg {
  static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

  private Svg() {}

  static String esc(Object o) {
    return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String n(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String label(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** A linear or log10 scale from data to pixels. */
  record Scale(double lo, double hi, double from, double to, boolean log) {
    static Scale of(double[] values, double from, double to, boolean allowLog) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      if (lo > hi) {
        lo = 0;
        hi = 1;
      }
      boolean log = allowLog && lo > 0 && hi / lo >= 5;
      if (log) {
        return new Scale(Math.log10(lo), Math.log10(hi), from, to, true).padded();
      }
      return new Scale(lo, hi, from, to, false).padded();
    }

    private Scale padded() {
      double span = hi - lo;
      double pad = span == 0 ? (lo == 0 ? 1 : Math.abs(lo) * 0.1) : span * 0.06;
      return new Scale(lo - pad, hi + pad, from, to, log);
    }

    double at(double v) {
      double x = log ? Math.log10(v) : v;
      return from + (x - lo) / (hi - lo) * (to - from);
    }

    /** Tick values (in data units) at 1-2-5 steps, or decades for log scales. */
    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
          t.add(Math.pow(10, e));
        }
        if (t.size() < 3) {
          // a narrow log range: 1-2-5 steps within each decade
          t.clear();
          for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
            for (double m : new double[] {1, 2, 5}) {
              double v = m * Math.pow(10, e);
              if (Math.log10(v) >= lo && Math.log10(v) <= hi) {
                t.add(v);
              }
            }
          }
        }
        return t;
      }
      double raw = (hi - lo) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
      for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }
  }

  /** Frame, grid, ticks and axis titles for a plot area. */
  static void axes(StringBuilder b, Scale x, Scale y, String xTitle, String yTitle, double left, double top, double width,
      double height) {
    b.append("<rect x='").append(n(left)).append("' y='").append(n(top)).append("' width='").append(n(width))
        .append("' height='").append(n(height)).append("' fill='#fff' stroke='#999'/>");
    for (double t : x.ticks()) {
      double px = x.at(t);
      if (px < left - 0.5 || px > left + width + 0.5) {
        continue;
      }
      b.append("<line x1='").append(n(px)).append("' x2='").append(n(px)).append("' y1='").append(n(top))
          .append("' y2='").append(n(top + height)).append("' stroke='#eee'/>");
      b.append("<text x='").append(n(px)).append("' y='").append(n(top + height + 14))
          .append("' text-anchor='middle' class='tick'>").append(esc(label(t))).append("</text>");
    }
    for (double t : y.ticks()) {
      double py = y.at(t);
      if (py < top - 0.5 || py > top + height + 0.5) {
        continue;
      }
      b.append("<line x1='").append(n(left)).append("' x2='").append(n(left + width)).append("' y1='").append(n(py))
          .append("' y2='").append(n(py)).append("' stroke='#eee'/>");
      b.append("<text x='").append(n(left - 5)).append("' y='").append(n(py + 4))
          .append("' text-anchor='end' class='tick'>").append(esc(label(t))).append("</text>");
    }
    b.append("<text x='").append(n(left + width / 2)).append("' y='").append(n(top + height + 32))
        .append("' text-anchor='middle' class='axis'>").append(esc(xTitle)).append("</text>");
    b.append("<text transform='translate(").append(n(left - 42)).append(",").append(n(top + height / 2))
        .append(") rotate(-90)' text-anchor='middle' class='axis'>").append(esc(yTitle)).append("</text>");
  }
}
