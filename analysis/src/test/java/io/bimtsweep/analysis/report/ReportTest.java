package io.bimtsweep.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.core.sweep.SweepPlan;
import io.bimtsweep.spark.SweepJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a real sweep run here: its content, and how a real browser shows it. */
class ReportTest {
  @TempDir static Path dir;
  static Path index;
  static String html;

  @BeforeAll
  static void sweepAndReport() throws Exception {
    SparkSession spark = AnalysisSession.spark();
    SweepPlan spec = SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping("""
        name: report
        tasks: [independence, {task: two_moons, set: {steps: 800}}]
        fixed: {steps: 1500, swap_interval: 100}
        axes: {lambda: [0.001, 0.01], layout_width: [0.5, 2], seeds: 2}
        """, "report.yaml"), "report.yaml"));
    SweepJob.run(spark, spec, new SweepJob.Options(dir.resolve("results").toString(), null, null, 1, 60),
        new PrintStream(new ByteArrayOutputStream()));
    var trials = Results.load(spark, dir.resolve("results").toString());
    index = HtmlReport.write(ReportModel.build(trials, Objective.parseList("test_loss:min,modularity_q:max"), "results"),
        dir.resolve("report"));
    html = Files.readString(index);
  }

  /**
   * Injected into a copy of the page for the browser test only (users' pages carry no script):
   * records on body how many SVGs are laid out with a visible size, and any script errors.
   */
  static final String SELF_CHECK = "<script>"
      + "window.addEventListener('error',function(){document.body.dataset.errors=(+document.body.dataset.errors||0)+1});"
      + "window.addEventListener('load',function(){var n=0;document.querySelectorAll('svg').forEach(function(s){"
      + "var r=s.getBoundingClientRect();if(r.width>0&&r.height>0&&s.childElementCount>0)n++});"
      + "document.body.dataset.plotsVisible=n;document.body.dataset.errors=document.body.dataset.errors||0});</script>";

  @Test
  void theShippedPageHasNoScript() {
    assertFalse(html.contains("<script"), "a report is static: no script");
  }

  static int count(String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void oneSectionPerTaskWithEveryKindOfPlot() {
    assertEquals(2, count("<section id='task-"));
    assertEquals(2, count("aria-label='Pareto front of test_loss and modularity_q'"));
    assertEquals(4, count("against lambda by A'"));
    // lambda and layout_width vary: two metrics each, per task
    assertEquals(8, count("aria-label='(modularity_q|test_loss|test_accuracy) by (lambda|layout_width)'"));
    assertTrue(count("class='net'") >= 2, "a connection diagram per front member");
    assertEquals(2, count("aria-label='training loss during training'"));
    assertEquals(2, count("aria-label='connection cost during training'"));
    // lambda varies over two values for each A: two paths per task
    assertEquals(4, count("aria-label='price of interpretability: (test_loss|test_accuracy) along lambda'"));
    assertEquals(count("class='net'"), count("<figcaption>[0-9a-f]{16}"));
    assertEquals(count("class='net'"), count("aria-label='knockouts'"), "each drawn member shows its knockouts");
    // every trial of a task (8) in parallel coordinates over lambda, layout_width and the two objectives
    assertEquals(2, count("aria-label='parallel coordinates of 8 trials, coloured by modularity_q'"));
    assertEquals(2, count("8 trials; colour: modularity_q"));
    // which settings matter: a forest per objective and task, each naming the two settings that vary
    assertEquals(2, count("<h3>Which settings matter</h3>"));
    assertEquals(4, count("share of a random forest's importance \\(200 trees, Spark MLlib\\) in explaining "
        + "(test_loss|modularity_q) over 8 finished trials"));
    assertEquals(8, count("<tr><td>(lambda|layout_width)</td><td>[01]\\.[0-9]{3}</td>"));
  }

  @Test
  void selfContained() {
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*['\"]?(https?:)?//").matcher(html).find(), "nothing fetched from outside");
    assertFalse(html.contains("<link"), "no external stylesheets");
    assertEquals(count("<svg"), count("xmlns='http://www.w3.org/2000/svg'"));
  }

  @Test
  void diagramsLabelInputsInTheOriginalOrder() {
    // the independence diagrams name every input once: x1..x4 in whatever positions the swaps left them
    Matcher m = Pattern.compile("<svg class='net'.*?</svg>").matcher(html);
    assertTrue(m.find());
    String first = m.group();
    for (String x : List.of(">x1<", ">x2<", ">x3<", ">x4<", ">y1<", ">y2<")) {
      assertEquals(1, first.split(x, -1).length - 1, x + " in " + first.substring(0, 200));
    }
  }

  @Test
  void aRealBrowserLoadsItWithoutErrorsAndShowsThePlots() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(chromium)) {
      Assumptions.assumeTrue(System.getenv("BIMT_REQUIRE_BROWSER") == null,
          "BIMT_REQUIRE_BROWSER is set but /usr/bin/chromium is missing");
      Assumptions.abort("no /usr/bin/chromium here (apt-get install chromium); .ci/run installs it");
    }
    Path checked = dir.resolve("report/checked.html");
    Files.writeString(checked, html.replace("</body>", SELF_CHECK + "</body>"));
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + dir.resolve("chrome-profile"), "--window-size=1400,1000", "--virtual-time-budget=5000",
        "--dump-dom", checked.toUri().toString())
        .redirectError(dir.resolve("chrome.err").toFile()).start();
    String dom = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
    Matcher visible = Pattern.compile("data-plots-visible=\"(\\d+)\"").matcher(dom);
    assertTrue(visible.find(), "the page's load handler did not run: " + dom.substring(0, Math.min(300, dom.length())));
    assertEquals(count("<svg"), Integer.parseInt(visible.group(1)), "every plot is laid out with a visible size");
    Matcher errors = Pattern.compile("data-errors=\"(\\d+)\"").matcher(dom);
    assertTrue(errors.find());
    assertEquals(0, Integer.parseInt(errors.group(1)), "script errors on the page");
  }
}
