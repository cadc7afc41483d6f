package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The independence preset trained by engine dl4j passes the Java engine's paper checks (PaperResultsTest). */
class Dl4jPaperTest {

  @Test
  void independenceWithEngineDl4jSplitsIntoTheTwoTrueModules() {
    TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("engine", "dl4j")), null);
    assertEquals("ok", r.status(), String.valueOf(r.get("error")));
    assertEquals("dl4j", r.get("engine"));
    assertTrue((Double) r.get("test_loss") < 2e-2, "test MSE " + r.get("test_loss"));
    assertTrue((Integer) r.get("swaps") > 0);
    assertEquals(Boolean.TRUE, r.get("structure_exact"));
    assertEquals(1.0, (Double) r.get("dependency_precision"));
    assertEquals(1.0, (Double) r.get("dependency_recall"));
    // (x1, x3) -> y1 and (x2, x4) -> y2, as the Java engine finds
    assertEquals(List.of(Map.of("inputs", List.of(1, 3), "outputs", List.of(1)),
        Map.of("inputs", List.of(2, 4), "outputs", List.of(2))), r.get("modules"));
  }

  @Test
  void tasksThisEngineCannotTrainAreRefusedBeforeTraining() {
    for (var c : List.of(Presets.config("modular_addition", Map.of("engine", "dl4j")),
        Presets.config("independence", Map.of("engine", "dl4j", "regularizer", "sernn")),
        Presets.config("independence", Map.of("engine", "dl4j", "activation", "gelu")),
        Presets.config("in_context_regression", Map.of("engine", "dl4j")))) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> io.bimtsweep.core.run.TrialSetup.validate(c));
      assertTrue(e.getMessage().contains("dl4j") || e.getMessage().contains("java engine"), e.getMessage());
    }
  }

  @Test
  void theExampleSweepFileIsValidForThisEngine() throws Exception {
    var plan = io.bimtsweep.core.sweep.SweepGrid.expand(io.bimtsweep.core.sweep.SweepFile.read(
        java.nio.file.Path.of("../examples/dl4j.yaml")));
    assertEquals(12, plan.trials().size());
    for (var t : plan.trials()) {
      assertEquals("dl4j", t.config().effective().engine());
      io.bimtsweep.core.run.TrialSetup.validate(t.config());
    }
  }
}
