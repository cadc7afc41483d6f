package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims bimt verify checks, decided on rows built by hand. */
class VerifyChecksTest {

  static Map<String, Object> knockout(int module, double kept, double removed) {
    Map<String, Object> k = new HashMap<>();
    k.put("module", module);
    k.put("size", 5);
    k.put("kept_accuracy", kept);
    k.put("removed_accuracy", removed);
    return k;
  }

  static Map<String, Object> modularAddition(double removedThird) {
    Map<String, Object> v = new HashMap<>();
    v.put("test_accuracy", 1.0);
    v.put("hidden_modules", List.of(Map.of("size", 9), Map.of("size", 7), Map.of("size", 5)));
    v.put("knockouts", List.of(knockout(0, 1.0, 0.02), knockout(1, 0.3, 0.6), knockout(2, 0.3, 0.7),
        knockout(3, 0.2, removedThird)));
    return v;
  }

  @Test
  void modularAdditionNeedsThreeModulesEachOfWhichCostsAccuracy() {
    List<VerifyCommand.Check> pass = VerifyCommand.checks("modular_addition", modularAddition(0.8));
    assertEquals(4, pass.size());
    assertTrue(pass.stream().allMatch(VerifyCommand.Check::pass), pass.toString());
    // the third module's knockout costing only 0.01 fails the claim
    List<VerifyCommand.Check> fail = VerifyCommand.checks("modular_addition", modularAddition(0.99));
    assertFalse(fail.get(2).pass());
    assertTrue(fail.get(2).measured().contains("0.99"), fail.get(2).measured());
  }

  @Test
  void theSignNeuronNeedsACorrelationOfPointNine() {
    Map<String, Object> v = new HashMap<>();
    v.put("test_accuracy", 0.95);
    v.put("probes", List.of(Map.of("name", "sign", "layer", 2, "neuron", 22, "correlation", -0.93)));
    List<VerifyCommand.Check> c = VerifyCommand.checks("permutation_group", v);
    assertTrue(c.get(0).pass() && c.get(1).pass(), c.toString());
    assertTrue(c.get(1).measured().contains("neuron 22"));
    v.put("probes", List.of(Map.of("name", "sign", "layer", 2, "neuron", 22, "correlation", 0.17)));
    assertFalse(VerifyCommand.checks("permutation_group", v).get(1).pass());
  }

  @Test
  void independenceNeedsTheExactModules() {
    Map<String, Object> v = new HashMap<>();
    v.put("test_loss", 5e-4);
    v.put("structure_exact", true);
    v.put("modules", List.of());
    assertTrue(VerifyCommand.checks("independence", v).stream().allMatch(VerifyCommand.Check::pass));
    v.put("structure_exact", false);
    assertFalse(VerifyCommand.checks("independence", v).get(1).pass());
  }

  @Test
  void mnistsReceptiveFieldMustShrinkAgainstTheUnregularisedRun() {
    assertTrue(VerifyCommand.checks("mnist", Map.of("test_accuracy", 0.93)).get(0).pass());
    assertFalse(VerifyCommand.checks("mnist", Map.of("test_accuracy", 0.85)).get(0).pass());
    assertTrue(VerifyCommand.mnistAgainstNone(Map.of("centre_mass", 0.52), Map.of("centre_mass", 0.31)).pass());
    assertFalse(VerifyCommand.mnistAgainstNone(Map.of("centre_mass", 0.35), Map.of("centre_mass", 0.31)).pass());
    assertFalse(VerifyCommand.mnistAgainstNone(Map.of(), Map.of("centre_mass", 0.31)).pass(), "a missing metric fails");
  }

  @Test
  void theTransformerMustPredictInContextAndEncodeW() {
    var ok = VerifyCommand.checks("in_context_regression", Map.of("last_position_mse", 5.8e-4, "probe_w_r2", 0.999,
        "probe_w_neurons", 6));
    assertTrue(ok.stream().allMatch(VerifyCommand.Check::pass));
    assertFalse(VerifyCommand.checks("in_context_regression", Map.of("last_position_mse", 0.01, "probe_w_r2", 0.999))
        .get(0).pass());
    assertFalse(VerifyCommand.checks("in_context_regression", Map.of("last_position_mse", 5.8e-4, "probe_w_r2", 0.5))
        .get(1).pass());
    assertFalse(VerifyCommand.checks("in_context_regression", Map.of()).get(0).pass(), "a missing metric fails");
  }
}
