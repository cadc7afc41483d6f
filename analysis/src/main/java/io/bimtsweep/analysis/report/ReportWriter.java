package io.bimtsweep.analysis.report;

import static io.bimtsweep.analysis.report.Svg.esc;

import io.bimtsweep.analysis.SparkPareto;
import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.pareto.Objective;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Writes the self-contained HTML report: inline CSS and SVG, no scripts or files fetched from anywhere. */
public final class ReportWriter {
  /** Hyperparameters shown in the small multiples when they vary within a task. */
  static final List<String> PARAMETERS = List.of("lambda", "layout_width", "norm", "swap_interval", "top_k", "mode", "steps",
      "layer_distance", "learning_rate");
  /** Front members drawn per task; more would make the page slow without telling more. */
  static final int MAX_DIAGRAMS = 12;
  /** Trials plotted per task; beyond it, a seeded sample of the non-front trials. */
  static final int MAX_POINTS = 5000;

  private ReportWriter() {}

  public static Path write(Dataset<Row> trials, List<Objective> objectives, Path dir, String source) throws IOException {
    Map<String, Front> fronts = SparkPareto.fronts(trials, objectives, false, null);
    List<String> present = List.of(trials.columns());
    StringBuilder body = new StringBuilder();
    Row totals = trials.agg(functions.count(functions.lit(1)), functions.countDistinct(functions.col("sweep_id")),
        functions.sum(functions.when(functions.col("status").equalTo("ok"), 1).otherwise(0))).first();
    body.append("<header><h1>BIMT sweep report</h1><p>").append(esc(source)).append(": ").append(totals.getLong(0))
        .append(" trials from ").append(totals.getLong(1)).append(" sweep(s), ").append(totals.getLong(2))
        .append(" ok. Objectives: ").append(esc(objectives.toString())).append(". Generated ")
        .append(esc(Instant.now().toString())).append(".</p>");
    body.append("<nav>");
    fronts.keySet().forEach(t -> body.append("<a href='#task-").append(esc(t)).append("'>").append(esc(t)).append("</a> "));
    body.append("</nav></header>");
    for (Front f : fronts.values()) {
      String task = f.group();
      Set<String> memberIds = new TreeSet<>();
      f.members().forEach(m -> memberIds.add(m.id()));
      List<String> cols = new ArrayList<>(List.of("trial_id", "status"));
      for (String c : PARAMETERS) {
        if (present.contains(c)) {
          cols.add(c);
        }
      }
      for (String c : List.of("test_loss", "test_accuracy", "modularity_q", "modularity_z", "weight_fraction_1e2",
          "components", "connection_cost_ref")) {
        if (present.contains(c) && !cols.contains(c)) {
          cols.add(c);
        }
      }
      objectives.forEach(o -> {
        if (!cols.contains(o.column())) {
          cols.add(o.column());
        }
      });
      Dataset<Row> taskRows = trials.filter(functions.col("task").equalTo(task));
      long count = taskRows.count();
      Dataset<Row> sample = count <= MAX_POINTS ? taskRows
          : taskRows.filter(functions.col("trial_id").isin(memberIds.toArray()))
              .union(taskRows.sample((double) MAX_POINTS / count, 7));
      List<Plots.Point> points = new ArrayList<>();
      for (Row r : sample.select(cols.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
          v.put(cols.get(i), r.get(i));
        }
        points.add(new Plots.Point(r.getString(0), v));
      }
      boolean classification = points.stream().anyMatch(p -> Double.isFinite(p.num("test_accuracy")));
      String quality = classification ? "test_accuracy" : "test_loss";
      body.append("<section id='task-").append(esc(task)).append("'><h2>").append(esc(task)).append("</h2>");
      body.append(String.format(Locale.ROOT, "<p>%d trials (%d plotted), %d on the front%s. Hypervolume %.4g against %s.</p>",
          count, points.size(), f.members().size(), f.excluded() > 0 ? ", " + f.excluded() + " without a finite value left out"
              : "", f.hypervolume(), esc(java.util.Arrays.stream(f.reference()).mapToObj(Svg::label).toList().toString())));
      body.append("<div class='row'><figure>").append(Plots.paretoScatter(points, f, 520, 380))
          .append("<figcaption>Pareto front (red), knee ringed; grey: other trials</figcaption></figure>");
      body.append("<figure>").append(Plots.byLambda(points, "modularity_q", 480, 380))
          .append("<figcaption>modularity against lambda, one line per layout width A</figcaption></figure>");
      body.append("<figure>").append(Plots.byLambda(points, quality, 480, 380)).append("<figcaption>").append(quality)
          .append(" against lambda, one line per A</figcaption></figure></div>");
      body.append("<h3>Hyperparameters against metrics</h3><div class='row small'>");
      for (String param : PARAMETERS) {
        if (!present.contains(param) || points.stream().map(p -> p.text(param)).distinct().count() < 2) {
          continue;
        }
        for (String metric : List.of("modularity_q", quality)) {
          body.append("<figure>").append(Plots.strip(points, param, metric, 300, 210)).append("</figure>");
        }
      }
      body.append("</div>");
      body.append("<h3>Front members</h3>").append(memberTable(f));
      List<Candidate> drawn = f.members().subList(0, Math.min(MAX_DIAGRAMS, f.members().size()));
      Map<String, String> nets = new LinkedHashMap<>();
      List<Plots.Curve> losses = new ArrayList<>();
      List<Plots.Curve> costs = new ArrayList<>();
      if (present.contains("network_json") && present.contains("history_steps") && !drawn.isEmpty()) {
        for (Row r : taskRows.filter(functions.col("trial_id").isin(drawn.stream().map(Candidate::id).toArray()))
            .select("trial_id", "network_json", "history_steps", "history_train_loss", "history_cost").collectAsList()) {
          nets.put(r.getString(0), r.getString(1));
          if (!r.isNullAt(2)) {
            double[] steps = r.<Integer>getList(2).stream().mapToDouble(Integer::doubleValue).toArray();
            losses.add(new Plots.Curve(r.getString(0), steps, r.<Double>getList(3).stream().mapToDouble(Double::doubleValue).toArray()));
            costs.add(new Plots.Curve(r.getString(0), steps, r.<Double>getList(4).stream().mapToDouble(Double::doubleValue).toArray()));
          }
        }
      }
      if (!losses.isEmpty()) {
        body.append("<h3>Training of the front members</h3><div class='row'><figure>")
            .append(Plots.curves(losses, "training loss", 480, 300)).append("<figcaption>prediction loss during training, one line per "
                + "front member</figcaption></figure><figure>").append(Plots.curves(costs, "connection cost", 480, 300))
            .append("<figcaption>connection cost (biases included): it falls as lambda steps up and swaps shorten the "
                + "wiring</figcaption></figure></div>");
      }
      body.append("<div class='row'>");
      for (Candidate m : drawn) {
        String json = nets.get(m.id());
        if (json == null) {
          continue;
        }
        body.append("<figure>").append(NetworkDiagram.svg(json, 360, 300)).append("<figcaption>").append(esc(m.id()))
            .append(m == f.knee() || f.knee() != null && m.id().equals(f.knee().id()) ? " (knee)" : "").append("<br>")
            .append(esc(describe(m))).append("</figcaption></figure>");
      }
      body.append("</div></section>");
    }
    String html = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>BIMT sweep report</title><style>"
        + "body{font:14px/1.4 system-ui,sans-serif;margin:0 24px 40px;color:#222}h1{margin:16px 0 4px}"
        + "h2{border-bottom:2px solid #d62728;padding-bottom:2px;margin-top:32px}nav a{margin-right:12px}"
        + ".row{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#555;max-width:520px}"
        + "svg .tick{font-size:10px;fill:#555}svg .axis{font-size:12px;fill:#222}svg .lbl{font-size:11px;fill:#000}"
        + "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        + "th{background:#f4f4f4}</style></head><body>" + body
        + "<script>/* self-check for headless tests: visible plots and errors are recorded on <body> */"
        + "window.addEventListener('error',function(){document.body.dataset.errors=(+document.body.dataset.errors||0)+1});"
        + "window.addEventListener('load',function(){var n=0;document.querySelectorAll('svg').forEach(function(s){"
        + "var r=s.getBoundingClientRect();if(r.width>0&&r.height>0&&s.childElementCount>0)n++});"
        + "document.body.dataset.plotsVisible=n;document.body.dataset.errors=document.body.dataset.errors||0});</script>"
        + "</body></html>\n";
    java.nio.file.Files.createDirectories(dir);
    Path index = dir.resolve("index.html");
    io.bimtsweep.core.io.ResultFiles.atomicWrite(index, html);
    return index;
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
