package io.bimtsweep.core.config;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each task's notebook settings (shared/spec/bimt-method.md, sections 3 and 6). A trial's
 * configuration is its task's preset with overrides on top.
 */
public final class Presets {
  private Presets() {}

  /**
   * The preset for a task, then the overrides. task_options in the overrides are applied first,
   * since a user formula task's widths follow from its formulas.
   */
  public static TrialConfig config(String task, Map<String, ?> overrides) {
    Map<String, ?> o = overrides == null ? Map.of() : overrides;
    @SuppressWarnings("unchecked")
    Map<String, Object> taskOptions = o.containsKey("task_options")
        ? (Map<String, Object>) Setting.TASK_OPTIONS.convert(o.get("task_options")) : Map.of();
    TrialConfig c = preset(task, taskOptions);
    Map<String, Object> rest = new LinkedHashMap<>(o);
    rest.remove("task_options");
    rest.remove("task");
    return c.with(rest);
  }

  public static TrialConfig preset(String task, Map<String, Object> taskOptions) {
    Tasks.get(task);
    return switch (task) {
      case "independence" -> symbolic(task, List.of(4, 20, 20, 2), "1e-3, x10@25%, x0.1@75%", 0);
      case "feature_sharing" -> symbolic(task, List.of(3, 20, 20, 3), "1e-3, x10@25%, x0.1@75%", 4);
      case "compositionality" -> symbolic(task, List.of(4, 20, 20, 20, 20, 1), "1e-3, =3e-3@25%", 3);
      case "two_moons" -> new TrialConfig(task, Map.of(), List.of(2, 20, 20, 2), Activation.SILU, 0, Loss.CROSS_ENTROPY,
          10001, 2e-3, 0, LambdaSchedule.parse("1e-3, =1e-2@5000, =1e-3@15000"), 1.0, 0.2, DistanceNorm.L1,
          Reduction.SUM, 0.0, true, 200, 10, false, 0.0, Mode.BIMT, 2, 1, TrialConfig.ENGINE_JAVA);
      case "modular_addition" -> {
        int p = modulus(taskOptions);
        yield new TrialConfig(task, taskOptions, List.of(64, 50, 50, p), Activation.SILU, 32, Loss.CROSS_ENTROPY,
            20000, 1e-3, 0, LambdaSchedule.parse("0.1, =1@5000, =0.1@15000"), 2.0, 0.5, DistanceNorm.L1,
            Reduction.MEAN, 0.0, true, 200, 30, false, 0.0, Mode.BIMT, 4, 4, TrialConfig.ENGINE_JAVA);
      }
      case "permutation_group" -> {
        int classes = factorial(new io.bimtsweep.core.task.TaskOptions(task, taskOptions,
            Tasks.get(task).options().keySet()).integer("n", 4, 2));
        yield new TrialConfig(task, taskOptions, List.of(64, 50, 50, classes), Activation.SILU, 32,
            Loss.CROSS_ENTROPY, 20000, 2e-3, 0, LambdaSchedule.constant(1.0), 1.0, 0.5, DistanceNorm.L1,
            Reduction.MEAN, 0.0, true, 200, 30, false, 0.0, Mode.BIMT, 1, 1, TrialConfig.ENGINE_JAVA);
      }
      case "formula" -> {
        TaskData d = Tasks.get(task).generate(taskOptions, 0);
        TrialConfig base = symbolic(task, List.of(d.train().features(), 20, 20, d.train().outputWidth()),
            "1e-3, x10@25%, x0.1@75%", 0);
        yield base.with("task_options", taskOptions);
      }
      default -> generic(task, taskOptions);
    };
  }

  /** A plugin task: [inputs, 20, 20, outputs] with the symbolic tasks' settings (token inputs: a 32-wide embedding). */
  private static TrialConfig generic(String task, Map<String, Object> taskOptions) {
    TaskData d = Tasks.get(task).generate(taskOptions, 0);
    int in = d.tokens() ? 32 * d.train().tokensPerExample() : d.train().features();
    TrialConfig base = symbolic(task, List.of(in, 20, 20, d.train().outputWidth()), "1e-3, x10@25%, x0.1@75%", 0);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("task_options", taskOptions);
    o.put("loss", d.loss().name());
    o.put("embedding_dim", d.tokens() ? 32 : 0);
    return base.with(o);
  }

  private static TrialConfig symbolic(String task, List<Integer> widths, String schedule, long seed) {
    return new TrialConfig(task, Map.of(), widths, Activation.SILU, 0, Loss.MSE, 20000, 2e-3, 0,
        LambdaSchedule.parse(schedule), 1.0, 0.1, DistanceNorm.L1, Reduction.SUM, 0.75, true, 200, 5, false, 0.0,
        Mode.BIMT, seed, seed, TrialConfig.ENGINE_JAVA);
  }

  private static int modulus(Map<String, Object> taskOptions) {
    return new io.bimtsweep.core.task.TaskOptions("modular_addition", taskOptions,
        Tasks.get("modular_addition").options().keySet()).integer("modulus", 59, 2);
  }

  private static int factorial(int n) {
    int f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }
}
