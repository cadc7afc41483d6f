package io.bimtsweep.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.AnalysisSession;
import io.bimtsweep.analysis.Results;
import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.core.config.YamlFiles;
import io.bimtsweep.core.sweep.SweepFile;
import io.bimtsweep.core.sweep.SweepGrid;
import io.bimtsweep.spark.SweepJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A halving sweep's report: fronts over finished trials by default, and each task's path through the rungs. */
class HalvingReportTest {
  @Test
  void stoppedTrialsStayOffTheFrontsButNotOffTheRungTable(@TempDir Path dir) {
    var spark = AnalysisSession.spark();
    var plan = SweepGrid.expand(SweepFile.parse(YamlFiles.parseMapping("""
        name: halvingreport
        tasks: [independence]
        fixed: {steps: 450}
        axes: {lambda: [0.0001, 0.001, 0.01], layout_width: [0.5, 1, 2]}
        scheduler: {type: halving, objectives: [test_loss:min, modularity_q:max], min_steps: 50, eta: 3}
        """, "h.yaml"), "h.yaml"));
    SweepJob.run(spark, plan, new SweepJob.Options(dir.resolve("r").toString(), null, null, 1, 600),
        new PrintStream(new ByteArrayOutputStream()));
    var all = Results.load(spark, dir.resolve("r").toString());
    var objectives = Objective.parseList("test_loss:min,modularity_q:max");
    ReportModel finished = ReportModel.build(all, objectives, "r", false);
    ReportModel.TaskSection s = finished.tasks().get(0);
    assertEquals(1, s.count(), "9 configurations -> 3 -> 1 finisher; the 8 stopped are left out");
    assertEquals(List.of(new ReportModel.Rung(0, 50, 9, 6, 0), new ReportModel.Rung(1, 150, 3, 2, 0),
        new ReportModel.Rung(2, 450, 1, 0, 1)), s.halving());
    String html = HtmlReport.render(finished);
    assertTrue(html.contains("<h3>Successive halving: how far the trials went</h3>"), "rung table");
    assertTrue(html.contains("<tr><td>0</td><td>50</td><td>9</td><td>6</td><td>0</td></tr>"), "rung 0 row");
    ReportModel withStopped = ReportModel.build(all, objectives, "r", true);
    assertEquals(9, withStopped.tasks().get(0).count(), "--include-stopped: every trial");
  }
}
