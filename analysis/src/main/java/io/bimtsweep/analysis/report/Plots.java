package io.bimtsweep.analysis.report;

import static io.bimtsweep.analysis.report.Svg.esc;
import static io.bimtsweep.analysis.report.Svg.n;

import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The report's charts, as standalone SVG elements. */
final class Plots {
  private Plots() {}

  /** One trial as the report sees it: id, settings and metric values by column. */
  record Point(String id, Map<String, Object> values) {
    double num(String column) {
      Object v = values.get(column);
      return v instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    String text(String column) {
      Object v = values.get(column);
      return v == null ? "null" : v instanceof Double d ? Svg.label(d) : v.toString();
    }
  }

  /** Scatter of the first two objectives, front members joined and highlighted, the knee ringed. */
  static String paretoScatter(List<Point> points, Front front, int width, int height) {
    String xc = front.objectives().get(0).column();
    String yc = front.objectives().get(1).column();
    double left = 62;
    double top = 14;
    double w = width - left - 16;
    double h = height - top - 44;
    Svg.Scale x = Svg.Scale.of(points.stream().mapToDouble(p -> p.num(xc)).toArray(), left, left + w, true);
    Svg.Scale y = Svg.Scale.of(points.stream().mapToDouble(p -> p.num(yc)).toArray(), top + h, top, true);
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='Pareto front of ").append(esc(xc)).append(" and ")
        .append(esc(yc)).append("'>");
    Svg.axes(b, x, y, front.objectives().get(0).toString(), front.objectives().get(1).toString(), left, top, w, h);
    Set<String> members = new java.util.HashSet<>();
    front.members().forEach(m -> members.add(m.id()));
    for (Point p : points) {
      if (!members.contains(p.id()) && Double.isFinite(p.num(xc)) && Double.isFinite(p.num(yc))) {
        b.append("<circle cx='").append(n(x.at(p.num(xc)))).append("' cy='").append(n(y.at(p.num(yc))))
            .append("' r='3' fill='#bbb'><title>").append(esc(p.id())).append("</title></circle>");
      }
    }
    List<Candidate> ms = new ArrayList<>(front.members());
    ms.sort(Comparator.comparingDouble(m -> m.values()[0]));
    StringBuilder path = new StringBuilder();
    for (Candidate m : ms) {
      path.append(path.length() == 0 ? "M" : "L").append(n(x.at(m.values()[0]))).append(',').append(n(y.at(m.values()[1])));
    }
    if (ms.size() > 1) {
      b.append("<path d='").append(path).append("' fill='none' stroke='#d62728' stroke-width='1.5'/>");
    }
    for (Candidate m : ms) {
      b.append("<circle cx='").append(n(x.at(m.values()[0]))).append("' cy='").append(n(y.at(m.values()[1])))
          .append("' r='4.5' fill='#d62728'><title>").append(esc(m.id() + " " + m.settings())).append("</title></circle>");
    }
    if (front.knee() != null) {
      b.append("<circle cx='").append(n(x.at(front.knee().values()[0]))).append("' cy='")
          .append(n(y.at(front.knee().values()[1]))).append("' r='9' fill='none' stroke='#000' stroke-width='1.5'>")
          .append("<title>knee: ").append(esc(front.knee().id())).append("</title></circle>");
    }
    b.append("</svg>");
    return b.toString();
  }

  /** A metric against one hyperparameter: every trial as a dot, the mean per value as a bar. */
  static String strip(List<Point> points, String param, String metric, int width, int height) {
    Map<String, List<Double>> byValue = new TreeMap<>(Plots::compareLabels);
    for (Point p : points) {
      double v = p.num(metric);
      if (Double.isFinite(v)) {
        byValue.computeIfAbsent(p.text(param), k -> new ArrayList<>()).add(v);
      }
    }
    double left = 56;
    double top = 10;
    double w = width - left - 10;
    double h = height - top - 40;
    Svg.Scale y = Svg.Scale.of(points.stream().mapToDouble(p -> p.num(metric)).toArray(), top + h, top, false);
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='").append(esc(metric)).append(" by ").append(esc(param)).append("'>");
    b.append("<rect x='").append(n(left)).append("' y='").append(n(top)).append("' width='").append(n(w))
        .append("' height='").append(n(h)).append("' fill='#fff' stroke='#999'/>");
    for (double t : y.ticks()) {
      if (y.at(t) >= top - 0.5 && y.at(t) <= top + h + 0.5) {
        b.append("<line x1='").append(n(left)).append("' x2='").append(n(left + w)).append("' y1='").append(n(y.at(t)))
            .append("' y2='").append(n(y.at(t))).append("' stroke='#eee'/><text x='").append(n(left - 4)).append("' y='")
            .append(n(y.at(t) + 4)).append("' text-anchor='end' class='tick'>").append(esc(Svg.label(t))).append("</text>");
      }
    }
    int k = 0;
    int count = byValue.size();
    for (var e : byValue.entrySet()) {
      double cx = left + w * (k + 0.5) / count;
      double half = Math.min(18, w / count / 3);
      List<Double> vs = e.getValue();
      for (int i = 0; i < vs.size(); i++) {
        double jitter = ((i * 0.618034) % 1 - 0.5) * half * 1.6;
        b.append("<circle cx='").append(n(cx + jitter)).append("' cy='").append(n(y.at(vs.get(i))))
            .append("' r='2.2' fill='#1f77b4' fill-opacity='0.55'/>");
      }
      double mean = vs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      b.append("<line x1='").append(n(cx - half)).append("' x2='").append(n(cx + half)).append("' y1='").append(n(y.at(mean)))
          .append("' y2='").append(n(y.at(mean))).append("' stroke='#000' stroke-width='2'><title>mean ")
          .append(esc(Svg.label(mean))).append("</title></line>");
      b.append("<text x='").append(n(cx)).append("' y='").append(n(top + h + 14)).append("' text-anchor='middle' class='tick'>")
          .append(esc(e.getKey())).append("</text>");
      k++;
    }
    b.append("<text x='").append(n(left + w / 2)).append("' y='").append(n(top + h + 32))
        .append("' text-anchor='middle' class='axis'>").append(esc(param)).append("</text>");
    b.append("<text transform='translate(14,").append(n(top + h / 2)).append(") rotate(-90)' text-anchor='middle' class='axis'>")
        .append(esc(metric)).append("</text></svg>");
    return b.toString();
  }

  /** Mean of a metric against lambda, one line per layout width A. */
  static String byLambda(List<Point> points, String metric, int width, int height) {
    Map<Double, Map<Double, double[]>> lines = new TreeMap<>();
    for (Point p : points) {
      double v = p.num(metric);
      if (Double.isFinite(v) && Double.isFinite(p.num("lambda"))) {
        double[] acc = lines.computeIfAbsent(p.num("layout_width"), a -> new TreeMap<>())
            .computeIfAbsent(p.num("lambda"), l -> new double[2]);
        acc[0] += v;
        acc[1]++;
      }
    }
    double left = 62;
    double top = 14;
    double w = width - left - 96;
    double h = height - top - 44;
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    lines.values().forEach(m -> m.forEach((l, a) -> {
      xs.add(l);
      ys.add(a[0] / a[1]);
    }));
    Svg.Scale x = Svg.Scale.of(xs.stream().mapToDouble(Double::doubleValue).toArray(), left, left + w, true);
    Svg.Scale y = Svg.Scale.of(ys.stream().mapToDouble(Double::doubleValue).toArray(), top + h, top, false);
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='").append(esc(metric)).append(" against lambda by A'>");
    Svg.axes(b, x, y, "lambda (initial)", "mean " + metric, left, top, w, h);
    int c = 0;
    for (var line : lines.entrySet()) {
      String color = Svg.PALETTE[c % Svg.PALETTE.length];
      StringBuilder path = new StringBuilder();
      for (var pt : line.getValue().entrySet()) {
        double px = x.at(pt.getKey());
        double py = y.at(pt.getValue()[0] / pt.getValue()[1]);
        path.append(path.length() == 0 ? "M" : "L").append(n(px)).append(',').append(n(py));
        b.append("<circle cx='").append(n(px)).append("' cy='").append(n(py)).append("' r='3' fill='").append(color)
            .append("'><title>A=").append(esc(Svg.label(line.getKey()))).append(", lambda=").append(esc(Svg.label(pt.getKey())))
            .append(": ").append(esc(Svg.label(pt.getValue()[0] / pt.getValue()[1]))).append("</title></circle>");
      }
      b.append("<path d='").append(path).append("' fill='none' stroke='").append(color).append("' stroke-width='1.8'/>");
      b.append("<text x='").append(n(left + w + 10)).append("' y='").append(n(top + 14 + 16 * c)).append("' style='fill:")
          .append(color).append("' class='axis'>A = ").append(esc(Svg.label(line.getKey()))).append("</text>");
      c++;
    }
    b.append("</svg>");
    return b.toString();
  }

  /** One curve: a label and (x, y) points. */
  /**
   * The price of interpretability along one lambda path: the objective's seed means against lambda
   * (lambda > 0, log axis), red from the transition on (the structure measure has reached its best),
   * the lambda = 0 baseline dashed, and the transition marked.
   */
  static String pricePath(io.bimtsweep.analysis.LambdaPath.Path path, String objective, String structure, int width,
      int height) {
    List<io.bimtsweep.analysis.LambdaPath.Point> pts = new ArrayList<>();
    for (var p : path.points()) {
      if (p.lambda() > 0 && Double.isFinite(p.objective())) {
        pts.add(p);
      }
    }
    double left = 62;
    double top = 14;
    double w = width - left - 16;
    double h = height - top - 44;
    List<Double> ys = new ArrayList<>();
    pts.forEach(p -> ys.add(p.objective()));
    if (Double.isFinite(path.baseline())) {
      ys.add(path.baseline());
    }
    Svg.Scale x = Svg.Scale.of(pts.stream().mapToDouble(io.bimtsweep.analysis.LambdaPath.Point::lambda).toArray(), left,
        left + w, true);
    Svg.Scale y = Svg.Scale.of(ys.stream().mapToDouble(Double::doubleValue).toArray(), top + h, top, false);
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='price of interpretability: ").append(esc(objective))
        .append(" along lambda'>");
    Svg.axes(b, x, y, "lambda (initial)", "mean " + objective, left, top, w, h);
    if (Double.isFinite(path.baseline())) {
      double py = y.at(path.baseline());
      b.append("<line x1='").append(n(left)).append("' x2='").append(n(left + w)).append("' y1='").append(n(py))
          .append("' y2='").append(n(py)).append("' stroke='#555' stroke-dasharray='5,4'><title>lambda = 0 (")
          .append(esc(path.baselineSource())).append("): ").append(esc(Svg.label(path.baseline()))).append("</title></line>");
    }
    var t = path.transition();
    if (t != null && t.lambda() > 0) {
      double px = x.at(t.lambda());
      b.append("<line x1='").append(n(px)).append("' x2='").append(n(px)).append("' y1='").append(n(top)).append("' y2='")
          .append(n(top + h)).append("' stroke='#d62728' stroke-width='1.5'/>");
      b.append("<text x='").append(n(Math.min(px + 4, left + w - 120))).append("' y='").append(n(top + 12))
          .append("' class='lbl' style='fill:#d62728'>transition ").append(esc(Svg.label(t.lambda())))
          .append(Double.isFinite(path.price()) ? ", price " + esc(Svg.label(path.price())) : "").append("</text>");
    }
    StringBuilder line = new StringBuilder();
    for (var p : pts) {
      double px = x.at(p.lambda());
      double py = y.at(p.objective());
      line.append(line.length() == 0 ? "M" : "L").append(n(px)).append(',').append(n(py));
      boolean reached = t != null && p.lambda() >= t.lambda();
      b.append("<circle cx='").append(n(px)).append("' cy='").append(n(py)).append("' r='3.5' fill='")
          .append(reached ? "#d62728" : "#1f77b4").append("'><title>lambda=").append(esc(Svg.label(p.lambda())))
          .append(": ").append(esc(objective)).append(' ').append(esc(Svg.label(p.objective()))).append(", ")
          .append(esc(structure)).append(' ').append(esc(Svg.label(p.structure()))).append(" (").append(p.trials())
          .append(" trials)</title></circle>");
    }
    b.append("<path d='").append(line).append("' fill='none' stroke='#1f77b4' stroke-width='1.5'/>");
    b.append("</svg>");
    return b.toString();
  }

  record Curve(String label, double[] x, double[] y) {}

  /** Curves against training step, y on a log scale when it spans a decade or more. */
  static String curves(List<Curve> curves, String yTitle, int width, int height) {
    double left = 62;
    double top = 14;
    double w = width - left - 16;
    double h = height - top - 44;
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Curve c : curves) {
      for (int i = 0; i < c.x().length; i++) {
        if (Double.isFinite(c.y()[i]) && c.y()[i] > 0) {
          xs.add(c.x()[i]);
          ys.add(c.y()[i]);
        }
      }
    }
    Svg.Scale x = Svg.Scale.of(xs.stream().mapToDouble(Double::doubleValue).toArray(), left, left + w, false);
    Svg.Scale y = Svg.Scale.of(ys.stream().mapToDouble(Double::doubleValue).toArray(), top + h, top, true);
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='").append(esc(yTitle)).append(" during training'>");
    Svg.axes(b, x, y, "step", yTitle, left, top, w, h);
    int k = 0;
    for (Curve c : curves) {
      String color = Svg.PALETTE[k++ % Svg.PALETTE.length];
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < c.x().length; i++) {
        if (Double.isFinite(c.y()[i]) && c.y()[i] > 0) {
          path.append(path.length() == 0 ? "M" : "L").append(n(x.at(c.x()[i]))).append(',').append(n(y.at(c.y()[i])));
        }
      }
      if (path.length() > 0) {
        b.append("<path d='").append(path).append("' fill='none' stroke='").append(color)
            .append("' stroke-width='1.4'><title>").append(esc(c.label())).append("</title></path>");
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  static int compareLabels(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  static Map<String, Object> settingsOf(Map<String, Object> values, List<String> keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    keys.forEach(k -> m.put(k, values.get(k)));
    return m;
  }

  /**
   * Parallel coordinates: one vertical axis per column (settings, then metrics), one line per trial
   * through its values, coloured by {@code colourBy} (light: low, dark: high); front members drawn
   * last, in red. Numbers are placed on a linear scale (logarithmic when all are positive and span
   * more than two decades), words evenly in sorted order. Trials without a number on an axis are
   * left out.
   */
  static String parallel(List<Point> points, List<String> columns, String colourBy, Set<String> front, int width,
      int height) {
    double top = 28;
    double bottom = height - 34;
    double left = 40;
    double gap = columns.size() > 1 ? (width - 2 * left) / (columns.size() - 1) : 0;
    List<java.util.function.Function<Point, Double>> place = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    b.append("<svg class='plot' xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='")
        .append(height).append("' role='img' aria-label='parallel coordinates of ").append(points.size())
        .append(" trials, coloured by ").append(esc(colourBy)).append("'>");
    for (int c = 0; c < columns.size(); c++) {
      String col = columns.get(c);
      double x = left + c * gap;
      boolean numeric = points.stream().allMatch(p -> p.values().get(col) == null || p.values().get(col) instanceof Number);
      String lowLabel;
      String highLabel;
      if (numeric) {
        double[] v = points.stream().mapToDouble(p -> p.num(col)).filter(Double::isFinite).toArray();
        double lo = java.util.Arrays.stream(v).min().orElse(0);
        double hi = java.util.Arrays.stream(v).max().orElse(1);
        boolean log = lo > 0 && hi / lo > 100;
        double a = log ? Math.log(lo) : lo;
        double span = (log ? Math.log(hi) : hi) - a;
        place.add(p -> {
          double v0 = p.num(col);
          if (!Double.isFinite(v0) || (log && v0 <= 0)) {
            return null;
          }
          double f = span == 0 ? 0.5 : ((log ? Math.log(v0) : v0) - a) / span;
          return bottom - f * (bottom - top);
        });
        lowLabel = Svg.label(lo);
        highLabel = Svg.label(hi) + (log ? " (log)" : "");
      } else {
        List<String> cats = points.stream().map(p -> p.text(col)).distinct().sorted(Plots::compareLabels).toList();
        place.add(p -> {
          int i = cats.indexOf(p.text(col));
          return cats.size() == 1 ? (top + bottom) / 2 : bottom - (double) i / (cats.size() - 1) * (bottom - top);
        });
        lowLabel = cats.get(0);
        highLabel = cats.get(cats.size() - 1);
        for (int i = 1; i < cats.size() - 1; i++) {
          double y = bottom - (double) i / (cats.size() - 1) * (bottom - top);
          b.append("<text x='").append(n(x + 3)).append("' y='").append(n(y)).append("' class='tick'>")
              .append(esc(cats.get(i))).append("</text>");
        }
      }
      b.append("<line x1='").append(n(x)).append("' y1='").append(n(top)).append("' x2='").append(n(x)).append("' y2='")
          .append(n(bottom)).append("' stroke='#444'/>");
      b.append("<text x='").append(n(x)).append("' y='").append(n(top - 14)).append("' text-anchor='middle' class='axis'>")
          .append(esc(col)).append("</text>");
      b.append("<text x='").append(n(x)).append("' y='").append(n(top - 3)).append("' text-anchor='middle' class='tick'>")
          .append(esc(highLabel)).append("</text>");
      b.append("<text x='").append(n(x)).append("' y='").append(n(bottom + 12)).append("' text-anchor='middle' class='tick'>")
          .append(esc(lowLabel)).append("</text>");
    }
    double[] cv = points.stream().mapToDouble(p -> p.num(colourBy)).filter(Double::isFinite).toArray();
    double cLo = java.util.Arrays.stream(cv).min().orElse(0);
    double cHi = java.util.Arrays.stream(cv).max().orElse(1);
    List<Point> ordered = new ArrayList<>(points);
    ordered.sort(Comparator.comparing(p -> front.contains(p.id())));
    int drawn = 0;
    for (Point p : ordered) {
      StringBuilder d = new StringBuilder();
      boolean complete = true;
      for (int c = 0; c < columns.size(); c++) {
        Double y = place.get(c).apply(p);
        if (y == null) {
          complete = false;
          break;
        }
        d.append(c == 0 ? "M" : "L").append(n(left + c * gap)).append(',').append(n(y));
      }
      if (!complete) {
        continue;
      }
      drawn++;
      boolean member = front.contains(p.id());
      double f = cHi > cLo && Double.isFinite(p.num(colourBy)) ? (p.num(colourBy) - cLo) / (cHi - cLo) : 0.5;
      String colour = member ? "#d62728" : String.format(java.util.Locale.ROOT, "rgb(%d,%d,%d)",
          (int) (198 - 170 * f), (int) (219 - 150 * f), (int) (239 - 100 * f));
      b.append("<path d='").append(d).append("' fill='none' stroke='").append(colour).append("' stroke-width='")
          .append(member ? "2" : "1").append("' stroke-opacity='").append(member ? "0.95" : "0.45").append("'><title>")
          .append(esc(p.id())).append("</title></path>");
    }
    b.append("<text x='").append(n(left)).append("' y='").append(n(height - 6)).append("' class='tick'>")
        .append(drawn).append(" trials; colour: ").append(esc(colourBy)).append(" from ").append(esc(Svg.label(cLo)))
        .append(" (light) to ").append(esc(Svg.label(cHi))).append(" (dark); red: the front</text>");
    b.append("</svg>");
    return b.toString();
  }
}
