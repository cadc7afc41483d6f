package io.bimtsweep.analysis;

import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A front as plain text: its summary line, hypervolume, knee and a table of members with their settings. */
public final class FrontText {
  private FrontText() {}

  public static String render(Front f, boolean aggregate) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%n== %s: %d on the front of %d %s%s, objectives %s%n", f.group(), f.members().size(),
        f.candidates(), aggregate ? "configurations" : "trials",
        f.excluded() > 0 ? " (" + f.excluded() + " left out for a missing or non-finite value)" : "", f.objectives()));
    b.append(String.format(Locale.ROOT, "hypervolume %.6g against reference %s%n", f.hypervolume(), format(f.reference())));
    if (f.knee() != null) {
      b.append("knee (best trade-off): ").append(f.knee().id()).append(' ').append(format(f.knee().values())).append('\n');
    }
    List<String> head = new ArrayList<>(List.of(aggregate ? "configuration" : "trial_id"));
    f.objectives().forEach(o -> head.add(o.toString()));
    if (aggregate) {
      head.add("seeds");
    }
    List<String> settings = new ArrayList<>();
    f.members().forEach(m -> m.settings().keySet().forEach(k -> {
      if (!settings.contains(k)) {
        settings.add(k);
      }
    }));
    head.addAll(settings);
    Table t = new Table(head, 24);
    for (Candidate m : f.members()) {
      List<Object> row = new ArrayList<>(List.of(aggregate ? Integer.toHexString(m.id().hashCode()) : m.id()));
      double[] v = m.values();
      double[] s = m.spread();
      for (int i = 0; i < v.length; i++) {
        row.add(aggregate ? String.format(Locale.ROOT, "%.4g ± %.2g", v[i], s[i]) : v[i]);
      }
      if (aggregate) {
        row.add(m.count());
      }
      settings.forEach(k -> row.add(m.settings().get(k)));
      t.add(row);
    }
    b.append(t.render());
    return b.toString();
  }

  private static String format(double[] v) {
    List<String> s = new ArrayList<>();
    for (double x : v) {
      String t = String.format(Locale.ROOT, "%.4g", x);
      if (t.contains(".") && !t.contains("e")) {
        t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
      }
      s.add(t);
    }
    return "(" + String.join(", ", s) + ")";
  }
}
