package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.config.TrialIds;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.metrics.Module;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.run.TrialSetup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code dtype: float32}: the paper's checks still hold, the parameters are float32 values all
 * along (swaps included), the run follows float64's to float32's precision, and the setting
 * reaches the result row, its provenance and its trial id.
 */
class Float32TrainingTest {

  @Test
  void independenceInFloat32LearnsAndSplitsIntoTheTwoModulesOfThePaper() {
    var o = TrialSetup.train(Presets.config("independence", Map.of("dtype", "float32")));
    assertEquals(TrainingResult.Status.OK, o.result().status());
    assertTrue(o.result().testLoss() < 2e-2, "test MSE " + o.result().testLoss());
    var m = MetricsCalculator.defaults(0).compute(o.result().network(), o.problem().geometry(), o.effective().reduction());
    assertEquals(List.of(new Module(List.of(1, 3), List.of(1)), new Module(List.of(2, 4), List.of(2))), m.modules());
    assertTrue(o.result().swaps() > 0);
    assertFloatValued(o.result().network().parameters());
  }

  @Test
  void twoMoonsInFloat32ReachesTheNotebooksAccuracy() {
    var o = TrialSetup.train(Presets.config("two_moons", Map.of("dtype", "float32")));
    assertTrue(o.result().testAccuracy() >= 0.97, "test accuracy " + o.result().testAccuracy());
  }

  @Test
  void float32FollowsFloat64ToItsPrecisionAndNoCloser() {
    TrialConfig c = Presets.config("independence", Map.of("steps", 300, "swap_interval", 1000)).effective();
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(p.architecture(), s.seed());
    double[] f64 = new Trainer(Dtype.FLOAT64).train(p, s, init).network().parameters();
    double[] f32 = new Trainer(Dtype.FLOAT32).train(p, s, init).network().parameters();
    assertFloatValued(f32);
    double worst = 0;
    for (int i = 0; i < f64.length; i++) {
      worst = Math.max(worst, Math.abs(f64[i] - f32[i]));
    }
    assertTrue(worst < 1e-3, "300 steps apart by " + worst);
    assertTrue(worst > 1e-9, "float32 rounds differently from float64: " + worst);
  }

  @Test
  void swapsMoveFloat32ValuesExactlyAndTheRunIsReproducible() {
    TrialConfig c = Presets.config("two_moons", Map.of("steps", 400, "swap_interval", 50, "permute_optimizer_state", true))
        .effective();
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(p.architecture(), s.seed());
    TrainingResult a = new Trainer(Dtype.FLOAT32).train(p, s, init);
    TrainingResult b = new Trainer(Dtype.FLOAT32).train(p, s, init);
    assertTrue(a.swaps() > 0, "the run swaps");
    assertFloatValued(a.network().parameters());
    assertArrayEquals(a.network().parameters(), b.network().parameters(), 0.0);
    assertEquals(a.testLoss(), b.testLoss(), 0.0);
    assertFalse(java.util.Arrays.equals(init.parameters(), a.network().parameters()), "the initial network is not modified");
  }

  @Test
  void theRowSaysFloat32AndTheTrialIsAnotherTrial() {
    TrialConfig f64 = Presets.config("independence", Map.of("steps", 200));
    TrialConfig f32 = f64.with("dtype", "float32");
    assertFalse(f64.canonicalJson().contains("dtype"), "float64, the default, leaves every earlier trial id as it was");
    assertTrue(f32.canonicalJson().contains("\"dtype\":\"float32\""), f32.canonicalJson());
    assertNotEquals(TrialIds.of(f64), TrialIds.of(f32));
    TrialRecord r = new TrialExecutor().execute(f32, "s");
    assertEquals("ok", r.status(), String.valueOf(r.get("error")));
    assertEquals("float32", r.get("dtype"));
    assertEquals(NumericBackend.blas(), r.get("blas"), "sgemm takes the wide products");
    assertTrue(String.valueOf(r.get("engine_details")).contains("dtype=float32"), String.valueOf(r.get("engine_details")));
    TrialRecord r64 = new TrialExecutor().execute(f64, "s");
    assertEquals("float64", r64.get("dtype"));
    // the modules' keys in one order in every JVM (Map.of's order is not), so result.json's text repeats
    for (Object m : (java.util.List<?>) r64.get("modules")) {
      assertEquals(java.util.List.of("inputs", "outputs"), java.util.List.copyOf(((Map<?, ?>) m).keySet()));
    }
    for (Object m : (java.util.List<?>) r64.get("hidden_modules")) {
      assertEquals(java.util.List.of("inputs", "outputs", "size"), java.util.List.copyOf(((Map<?, ?>) m).keySet()));
    }
    assertFalse(((java.util.List<?>) r64.get("modules")).isEmpty(), "a module to check");
    assertNotEquals(r.get("test_loss"), r64.get("test_loss"));
  }

  @Test
  void theTransformerRefusesFloat32ByName() {
    TrialConfig c = Presets.config("in_context_regression", Map.of("dtype", "float32"));
    var e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.validate(c));
    assertTrue(e.getMessage().contains("trains in float64 only (dtype is float32"), e.getMessage());
    var bad = assertThrows(IllegalArgumentException.class, () -> Presets.config("independence", Map.of("dtype", "half")));
    assertTrue(bad.getMessage().contains("unknown dtype 'half': expected float64 or float32"), bad.getMessage());
  }

  private static void assertFloatValued(double[] p) {
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i], (double) (float) p[i], 0.0, "parameter " + i + " is not a float32 value");
    }
  }
}
