package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** engine dl4j in float32 follows the float64 run to float32's precision, no closer and not much further. */
class Float32Test {

  @Test
  void float32TracksFloat64ToSinglePrecision() {
    var s = CrossCheckTest.setup("two_moons", Map.of("steps", 200, "batch_size", 64, "swap_interval", 100));
    var f64 = new Dl4jEngine().train(s.problem(), s.settings());
    var f32 = new Dl4jEngine().withDtype("float32").train(s.problem(), s.settings());
    assertEquals("float32", new Dl4jEngine().withDtype("float32").provenance().get("dtype"));
    double d = AdamAgreementTest.maxDifference(f64.network().parameters(), f32.network().parameters());
    assertTrue(d > 1e-9, "float32 rounds differently from float64: " + d);
    assertTrue(d < 1e-3, "but stays within single precision's reach over 200 steps: " + d);
    assertEquals(f64.swaps(), f32.swaps());
    assertEquals(f64.testAccuracy(), f32.testAccuracy(), 0.01);
  }

  @Test
  void theDtypeSettingReachesDl4jAndTheRowAndAgreesWithTheJavaEnginesFloat32() {
    var c = io.bimtsweep.core.config.Presets.config("two_moons", Map.of("steps", 200, "engine", "dl4j", "dtype",
        "float32"));
    var row = new io.bimtsweep.core.run.TrialExecutor().execute(c, "s");
    assertEquals("ok", row.status(), String.valueOf(row.get("error")));
    assertEquals("float32", row.get("dtype"));
    assertTrue(String.valueOf(row.get("engine_details")).contains("dtype=float32"), String.valueOf(row.get("engine_details")));
    var java32 = new io.bimtsweep.core.run.TrialExecutor().execute(c.with("engine", "java"), "s");
    assertEquals((Double) java32.get("test_loss"), (Double) row.get("test_loss"), 1e-3,
        "two float32 engines, same settings and seed: apart by their rounding only");
  }
}
