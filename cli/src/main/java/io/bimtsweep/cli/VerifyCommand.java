package io.bimtsweep.cli;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.io.TrialRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bimt verify}: the paper's results, reproduced from the presets, with pass/fail. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Train the independence, two-moons and modular-addition presets and check the paper's results.")
public final class VerifyCommand implements Callable<Integer> {

  @Option(names = "--tasks", split = ",", description = "which checks to run (default: ${DEFAULT-VALUE})",
      defaultValue = "independence,two_moons,modular_addition")
  List<String> tasks;

  @Override
  public Integer call() {
    boolean ok = true;
    for (String t : tasks) {
      TrialRecord r = new TrialExecutor().execute(Presets.config(t, Map.of()), null);
      var v = r.values();
      String check;
      boolean pass;
      switch (t) {
        case "independence" -> {
          double mse = v.get("test_loss") == null ? Double.NaN : (Double) v.get("test_loss");
          Object modules = v.get("modules");
          List<Map<String, Object>> expected = List.of(
              Map.of("inputs", List.of(1, 3), "outputs", List.of(1)), Map.of("inputs", List.of(2, 4), "outputs", List.of(2)));
          pass = mse < 2e-2 && expected.equals(modules);
          check = String.format(Locale.ROOT, "test MSE %.3e (< 2e-2) and modules %s (expected (x1,x3)->y1, (x2,x4)->y2)",
              mse, io.bimtsweep.core.config.Json.canonical(modules));
        }
        case "two_moons" -> {
          double acc = v.get("test_accuracy") == null ? Double.NaN : (Double) v.get("test_accuracy");
          pass = acc >= 0.97;
          check = String.format(Locale.ROOT, "test accuracy %.3f (>= 0.97)", acc);
        }
        case "modular_addition" -> {
          double acc = v.get("test_accuracy") == null ? Double.NaN : (Double) v.get("test_accuracy");
          pass = acc >= 0.95;
          check = String.format(Locale.ROOT, "test accuracy %.4f (>= 0.95), modularity Q %s, z %s", acc,
              v.get("modularity_q"), v.get("modularity_z"));
        }
        default -> throw new IllegalArgumentException("no check for task '" + t + "' (checks: independence, two_moons, modular_addition)");
      }
      ok &= pass;
      System.out.printf(Locale.ROOT, "%s %-17s %s  [%.1f s, %s swaps]%n", pass ? "PASS" : "FAIL", t, check,
          v.get("wall_seconds") == null ? Double.NaN : (Double) v.get("wall_seconds"), v.get("swaps"));
      System.out.flush();
    }
    return ok ? 0 : 1;
  }
}
