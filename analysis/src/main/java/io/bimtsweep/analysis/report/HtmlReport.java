package io.bimtsweep.analysis.report;

import static io.bimtsweep.analysis.report.Svg.esc;

import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: inline CSS and SVG, no script and
 * nothing fetched from anywhere. Pure: the same model gives the same page.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes DIR/index.html atomically and returns its path. */
  public static Path write(ReportModel model, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path index = dir.resolve("index.html");
    io.bimtsweep.core.io.ResultFiles.atomicWrite(index, render(model));
    return index;
  }

  /** The page. */
  public static String render(ReportModel model) {
    StringBuilder body = new StringBuilder();
    body.append("<header><h1>BIMT sweep report</h1><p>").append(esc(model.source())).append(": ").append(model.trials())
        .append(" trials from ").append(model.sweeps()).append(" sweep(s), ").append(model.ok())
        .append(" ok. Objectives: ").append(esc(model.objectives().toString())).append(". Generated ")
        .append(esc(model.generatedAt().toString())).append(".</p>");
    body.append("<nav>");
    model.tasks().forEach(t -> body.append("<a href='#task-").append(esc(t.task())).append("'>").append(esc(t.task()))
        .append("</a> "));
    body.append("</nav></header>");
    for (ReportModel.TaskSection s : model.tasks()) {
      section(body, s);
    }
    return "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>BIMT sweep report</title><style>"
        + "body{font:14px/1.4 system-ui,sans-serif;margin:0 24px 40px;color:#222}h1{margin:16px 0 4px}"
        + "h2{border-bottom:2px solid #d62728;padding-bottom:2px;margin-top:32px}nav a{margin-right:12px}"
        + ".row{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#555;max-width:520px}"
        + "svg .tick{font-size:10px;fill:#555}svg .axis{font-size:12px;fill:#222}svg .lbl{font-size:11px;fill:#000}"
        + "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        + "th{background:#f4f4f4}</style></head><body>" + body + "</body></html>\n";
  }

  private static void section(StringBuilder body, ReportModel.TaskSection s) {
    Front f = s.front();
    List<Plots.Point> points = s.points();
    String quality = s.quality();
    body.append("<section id='task-").append(esc(s.task())).append("'><h2>").append(esc(s.task())).append("</h2>");
    body.append(String.format(Locale.ROOT, "<p>%d trials (%d plotted), %d on the front%s. Hypervolume %.4g against %s.</p>",
        s.count(), points.size(), f.members().size(), f.excluded() > 0 ? ", " + f.excluded() + " without a finite value left out"
            : "", f.hypervolume(), esc(Arrays.stream(f.reference()).mapToObj(Svg::label).toList().toString())));
    body.append("<div class='row'><figure>").append(Plots.paretoScatter(points, f, 520, 380))
        .append("<figcaption>Pareto front (red), knee ringed; grey: other trials</figcaption></figure>");
    body.append("<figure>").append(Plots.byLambda(points, "modularity_q", 480, 380))
        .append("<figcaption>modularity against lambda, one line per layout width A</figcaption></figure>");
    body.append("<figure>").append(Plots.byLambda(points, quality, 480, 380)).append("<figcaption>").append(quality)
        .append(" against lambda, one line per A</figcaption></figure></div>");
    if (!s.lambdaPaths().isEmpty()) {
      body.append("<h3>The price of interpretability along lambda</h3><div class='row'>");
      for (var p : s.lambdaPaths()) {
        body.append("<figure>").append(Plots.pricePath(p, quality, "components", 420, 300)).append("<figcaption>")
            .append(esc(p.label())).append(": mean ").append(esc(quality)).append(" over seeds; red from the smallest "
                + "lambda at which components reaches its best on the path; dashed: lambda = 0 (")
            .append(esc(p.baselineSource())).append(")</figcaption></figure>");
      }
      body.append("</div>");
    }
    body.append("<h3>Hyperparameters against metrics</h3><div class='row small'>");
    for (String param : s.parameters()) {
      for (String metric : List.of("modularity_q", quality)) {
        body.append("<figure>").append(Plots.strip(points, param, metric, 300, 210)).append("</figure>");
      }
    }
    body.append("</div>");
    if (!s.parameters().isEmpty()) {
      List<String> axes = new ArrayList<>(s.parameters());
      f.objectives().forEach(o -> {
        if (!axes.contains(o.column())) {
          axes.add(o.column());
        }
      });
      String colour = axes.contains("modularity_q") ? "modularity_q" : f.objectives().get(0).column();
      java.util.Set<String> ids = new java.util.HashSet<>();
      f.members().forEach(m -> ids.add(m.id()));
      body.append("<h3>All trials in parallel coordinates</h3><figure>")
          .append(Plots.parallel(points, axes, colour, ids, Math.max(520, 110 * axes.size()), 340))
          .append("<figcaption>one line per trial through its settings and objectives</figcaption></figure>");
    }
    if (!s.importance().isEmpty()) {
      body.append("<h3>Which settings matter</h3><div class='row'>");
      for (var r : s.importance()) {
        body.append("<figure>").append(importanceTable(r)).append("<figcaption>share of a random forest's importance "
            + "(").append(io.bimtsweep.analysis.SettingImportance.TREES).append(" trees, Spark MLlib) in explaining ")
            .append(esc(r.objective())).append(" over ").append(r.trials()).append(" finished trials, and its mean by "
                + "value</figcaption></figure>");
      }
      body.append("</div>");
    }
    if (!s.halving().isEmpty()) {
      body.append("<h3>Successive halving: how far the trials went</h3><table><tr><th>rung</th><th>budget (steps)</th>"
          + "<th>trials that reached it</th><th>stopped there</th><th>ended there otherwise</th></tr>");
      for (ReportModel.Rung r : s.halving()) {
        body.append("<tr><td>").append(r.rung()).append("</td><td>").append(r.budget()).append("</td><td>")
            .append(r.reached()).append("</td><td>").append(r.stopped()).append("</td><td>").append(r.finished())
            .append("</td></tr>");
      }
      body.append("</table>");
    }
    body.append("<h3>Front members</h3>").append(memberTable(f));
    if (!s.losses().isEmpty()) {
      body.append("<h3>Training of the front members</h3><div class='row'><figure>")
          .append(Plots.curves(s.losses(), "training loss", 480, 300)).append("<figcaption>prediction loss during training, "
              + "one line per front member</figcaption></figure><figure>").append(Plots.curves(s.costs(), "connection cost",
              480, 300))
          .append("<figcaption>connection cost (biases included): it falls as lambda steps up and swaps shorten the "
              + "wiring</figcaption></figure></div>");
    }
    body.append("<div class='row'>");
    for (Candidate m : s.drawn()) {
      String json = s.networks().get(m.id());
      if (json == null) {
        continue;
      }
      body.append("<figure>").append(NetworkDiagram.svg(json, 360, 300)).append("<figcaption>").append(esc(m.id()))
          .append(f.knee() != null && m.id().equals(f.knee().id()) ? " (knee)" : "").append("<br>")
          .append(esc(describe(m))).append("</figcaption>").append(knockoutTable(s.knockouts().get(m.id())))
          .append("</figure>");
    }
    body.append("</div></section>");
  }

  private static String importanceTable(io.bimtsweep.analysis.SettingImportance.Result r) {
    StringBuilder b = new StringBuilder("<table><tr><th>setting</th><th>importance</th><th style='text-align:left'>mean ")
        .append(esc(r.objective())).append(" by value (trials)</th></tr>");
    for (var f : r.factors()) {
      List<String> levels = new ArrayList<>();
      f.marginal().forEach(l -> levels.add(l.value() + ": " + Svg.label(l.mean()) + " (" + l.trials() + ")"));
      b.append("<tr><td>").append(esc(f.setting())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", f.importance())).append("</td><td style='text-align:left'>")
          .append(esc(String.join(" | ", levels))).append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private static String describe(Candidate m) {
    StringBuilder b = new StringBuilder();
    m.settings().forEach((k, v) -> {
      if (!k.equals("seed")) {
        b.append(k).append('=').append(v instanceof Double d ? Svg.label(d) : v).append(' ');
      }
    });
    return b.toString().trim();
  }

  /** A member's knockouts: each hidden module kept alone and removed (module 0: all of them). */
  static String knockoutTable(List<ReportModel.Knockout> ks) {
    if (ks == null || ks.size() < 2) {
      return "";
    }
    boolean accuracy = ks.get(0).keptAccuracy() != null;
    String what = accuracy ? "accuracy" : "loss";
    StringBuilder b = new StringBuilder("<table class='knockouts' aria-label='knockouts'><tr><th>hidden module</th>"
        + "<th>neurons</th><th>" + what + " with it alone</th><th>" + what + " without it</th></tr>");
    for (ReportModel.Knockout k : ks) {
      Double kept = accuracy ? k.keptAccuracy() : k.keptLoss();
      Double removed = accuracy ? k.removedAccuracy() : k.removedLoss();
      b.append("<tr><td>").append(k.module() == 0 ? "all" : Integer.toString(k.module())).append("</td><td>")
          .append(k.size()).append("</td><td>").append(kept == null ? "" : esc(Svg.label(kept))).append("</td><td>")
          .append(removed == null ? "" : esc(Svg.label(removed))).append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private static String memberTable(Front f) {
    StringBuilder b = new StringBuilder("<table><tr><th>trial_id</th>");
    f.objectives().forEach(o -> b.append("<th>").append(esc(o)).append("</th>"));
    List<String> keys = new ArrayList<>();
    f.members().forEach(m -> m.settings().keySet().forEach(k -> {
      if (!keys.contains(k)) {
        keys.add(k);
      }
    }));
    keys.forEach(k -> b.append("<th>").append(esc(k)).append("</th>"));
    b.append("</tr>");
    for (Candidate m : f.members()) {
      b.append("<tr><td>").append(esc(m.id())).append(f.knee() != null && f.knee().id().equals(m.id()) ? " (knee)" : "")
          .append("</td>");
      for (double v : m.values()) {
        b.append("<td>").append(esc(Svg.label(v))).append("</td>");
      }
      keys.forEach(k -> {
        Object v = m.settings().get(k);
        b.append("<td>").append(esc(v instanceof Double d ? Svg.label(d) : v)).append("</td>");
      });
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }
}
