package io.bimtsweep.analysis;

import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** λ paths as plain text: one row per path, and optionally every point of each. */
public final class LambdaPathText {
  private LambdaPathText() {}

  public static String render(String task, List<LambdaPath.Path> paths, Objective objective, Objective structure,
      Double target, boolean points) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%n== %s: %d lambda path(s); transition: the smallest lambda where %s reaches %s; "
        + "price: %s given up there against lambda = 0%n", task, paths.size(), structure.column(),
        target != null ? (structure.maximise() ? ">= " : "<= ") + fmt(target) : "its best on the path", objective.column()));
    List<String> head = List.of("path", "lambdas", "transition lambda", structure.column(), objective.column(), "baseline",
        "baseline from", "price", "price %");
    Table t = new Table(head, 48);
    for (LambdaPath.Path p : paths) {
      LambdaPath.Point x = p.transition();
      List<Object> row = new ArrayList<>();
      row.add(p.label());
      row.add(p.points().size());
      row.add(x == null ? "never" : fmt(x.lambda()));
      row.add(x == null ? "" : fmt(x.structure()));
      row.add(x == null ? "" : fmt(x.objective()));
      row.add(Double.isNaN(p.baseline()) ? "" : fmt(p.baseline()));
      row.add(p.baselineSource());
      row.add(Double.isNaN(p.price()) ? "" : fmt(p.price()));
      row.add(Double.isNaN(p.price()) || p.baseline() == 0 ? ""
          : String.format(Locale.ROOT, "%.1f%%", 100 * p.price() / Math.abs(p.baseline())));
      t.add(row);
    }
    b.append(t.render());
    if (points) {
      for (LambdaPath.Path p : paths) {
        b.append("\n").append(p.label()).append('\n');
        Table pt = new Table(List.of("lambda", "trials", objective.column(), "±", structure.column(), "± "), 24);
        for (LambdaPath.Point x : p.points()) {
          pt.add(List.of(fmt(x.lambda()), x.trials(), fmt(x.objective()), fmt(x.objectiveStd()), fmt(x.structure()),
              fmt(x.structureStd())));
        }
        b.append(pt.render());
      }
    }
    return b.toString();
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
  }
}
