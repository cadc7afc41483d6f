package io.bimtsweep.core.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.run.TrialSetup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-context task end to end, as `bimt train` and sweeps run it, on small data and few steps. */
class InContextTrialTest {
  private static TrialConfig small(Map<String, Object> more) {
    Map<String, Object> o = new java.util.LinkedHashMap<>(Map.of("steps", 1500, "task_options", Map.of("n_tasks", 2000)));
    o.putAll(more);
    return Presets.config("in_context_regression", o);
  }

  @Test
  void thePresetIsTheNotebooks() {
    TrialConfig c = Presets.config("in_context_regression", Map.of());
    assertEquals(List.of(2, 32, 32, 32, 128, 32, 32, 32, 128, 32, 2), c.widths());
    assertEquals(40000, c.steps());
    assertEquals(64, c.batchSize());
    assertEquals(1e-3, c.lambdaSchedule().valueAt(9999, 40000), 0);
    assertEquals(1e-2, c.lambdaSchedule().valueAt(10000, 40000), 1e-15);
    assertEquals(1e-1, c.lambdaSchedule().valueAt(30000, 40000), 1e-15);
    assertEquals(0, c.effective().swapInterval(), "no swaps by default");
    // d = 2: tokens of 3 values, and the widths follow
    TrialConfig d2 = Presets.config("in_context_regression", Map.of("task_options", Map.of("d", 2)));
    assertEquals(3, d2.widths().get(0));
    assertEquals(3, d2.widths().get(10));
  }

  @Test
  void aShortRunLearnsInContextAndItsResidualStreamEncodesW() {
    TrialRecord r = new TrialExecutor().execute(small(Map.of()), null);
    assertEquals("ok", r.status(), String.valueOf(r.values().get("error")));
    double last = (Double) r.values().get("last_position_mse");
    // predicting 0 (no context) costs E[y^2] = E[w^2] E[x^2] = 1/3 * 13/3 = 1.44
    assertTrue(last < 0.05, "last-position test MSE " + last);
    assertTrue((Double) r.values().get("probe_w_r2") > 0.95, "probe R^2 " + r.values().get("probe_w_r2"));
    int needed = (Integer) r.values().get("probe_w_neurons");
    assertTrue(needed >= 1 && needed <= 32);
    assertNotNull(r.values().get("modularity_q"));
    assertNotNull(r.values().get("network_json"));
    assertEquals(11, ((int[]) r.values().get("active_neurons_per_layer")).length);
    TrialRecord again = new TrialExecutor().execute(small(Map.of()), null);
    assertEquals(r.values().get("test_loss"), again.values().get("test_loss"), "same seed, same bits");
  }

  @Test
  void swapsAndLayerNormsTrainWhenAskedFor() {
    var o = TrialSetup.train(small(Map.of("steps", 600, "swap_interval", 200,
        "task_options", Map.of("n_tasks", 2000, "layer_norm", true))));
    assertTrue(o.result().swaps() > 0, "three swap passes moved no neuron");
    assertTrue(Double.isFinite(o.result().testLoss()));
    assertTrue(o.sequenceProblem().shape().layerNorm());
  }

  @Test
  void aConfigurationThatDoesNotFitIsRefusedWithItsReason() {
    var e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.validate(
        small(Map.of("widths", List.of(2, 32, 32, 16, 128, 32, 32, 32, 128, 32, 2)))));
    assertTrue(e.getMessage().contains("entry 3 (block 1's residual width) is 16 but must be 32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.validate(small(Map.of("loss", "cross_entropy"))));
    assertTrue(e.getMessage().contains("set loss: mse"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.validate(small(Map.of("layout", "grids"))));
    assertTrue(e.getMessage().contains("on lines"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.validate(small(Map.of("widths", List.of(3, 32,
        32, 32, 128, 32, 32, 32, 128, 32, 2)))));
    assertTrue(e.getMessage().contains("tokens of task 'in_context_regression' have 2 values"), e.getMessage());
  }
}
