package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.metrics.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's results from the notebooks' presets (modular addition: `bimt verify`, ~2.5 min). */
class PaperResultsTest {

  @Test
  void independenceLearnsAndSplitsIntoTwoModules() {
    var o = TrialSetup.train(Presets.config("independence", Map.of()));
    assertEquals(TrainingResult.Status.OK, o.result().status());
    assertTrue(o.result().testLoss() < 2e-2, "test MSE " + o.result().testLoss());
    var m = MetricsCalculator.defaults(0).compute(o.result().network(), o.problem().geometry(), o.effective().reduction());
    assertEquals(List.of(new Module(List.of(1, 3), List.of(1)), new Module(List.of(2, 4), List.of(2))), m.modules());
    assertTrue(o.result().swaps() > 0);
  }

  @Test
  void twoMoonsReachesTheNotebooksAccuracy() {
    var o = TrialSetup.train(Presets.config("two_moons", Map.of()));
    assertTrue(o.result().testAccuracy() >= 0.97, "test accuracy " + o.result().testAccuracy());
  }

  @Test
  void sameInputsAndSeedGiveBitIdenticalResults() {
    var c = Presets.config("independence", Map.of("steps", 1000));
    var a = TrialSetup.train(c).result();
    var b = TrialSetup.train(c).result();
    assertArrayEquals(a.network().parameters(), b.network().parameters(), 0);
    assertArrayEquals(a.network().inputPermutation(), b.network().inputPermutation());
    assertEquals(a.testLoss(), b.testLoss(), 0);
    var other = TrialSetup.train(c.with("seed", 9)).result();
    assertTrue(other.testLoss() != a.testLoss());
  }

  @Test
  void aDivergingRunIsMarkedWithItsStep() {
    TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("steps", 300, "learning_rate", 1e100)), null);
    assertEquals("diverged", r.status());
    int step = (Integer) r.get("diverged_at_step");
    assertTrue(step >= 0 && step < 300);
    assertTrue(((String) r.get("error")).contains("step " + step));
  }

  @Test
  void everyModeRunsAsASettingOfTheSameEngine() {
    for (String mode : List.of("none", "l1", "l1_local", "l1_swap", "bimt")) {
      TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("steps", 400, "mode", mode)), "t");
      assertEquals("ok", r.status(), mode + ": " + r.get("error"));
      assertEquals(mode, r.get("mode"));
      boolean swaps = mode.endsWith("swap") || mode.equals("bimt");
      assertEquals(swaps, (Integer) r.get("swaps") > 0, mode);
    }
  }

  @Test
  void aTimedOutTrialBecomesARow() {
    TrialRecord r = new TrialExecutor().execute(Presets.config("modular_addition", Map.of()), "t", null, java.time.Duration.ofMillis(300));
    assertEquals("timeout", r.status());
    assertTrue(((String) r.get("error")).contains("time limit"));
  }

  /** The independence preset recovers the true structure exactly, over a range of pruning thresholds. */
  @Test
  void independenceRecoversItsGroundTruth() {
    var v = new TrialExecutor().execute(Presets.config("independence", Map.of()), null).values();
    assertEquals(Boolean.TRUE, v.get("structure_exact"));
    assertEquals(1.0, (Double) v.get("dependency_precision"));
    assertEquals(1.0, (Double) v.get("dependency_recall"));
    double[] range = (double[]) v.get("prune_threshold_exact");
    assertTrue(range[0] < 1e-2 && 1e-2 < range[1], "the default threshold lies inside " + java.util.Arrays.toString(range));
  }

  /** Compositionality: a hidden neuron carries (x1-x2)^2 or (x3-x4)^2 (the paper's intermediate quantity). */
  @Test
  void compositionalityHasAnIntermediateNeuron() {
    var v = new TrialExecutor().execute(Presets.config("compositionality", Map.of()), null).values();
    double best = 0;
    for (Object p : (java.util.List<?>) v.get("probes")) {
      best = Math.max(best, Math.abs((Double) ((Map<?, ?>) p).get("correlation")));
    }
    assertTrue(best >= 0.8, "best |correlation| " + best);
  }
}
