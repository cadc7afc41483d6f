package io.bimtsweep.cli;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.io.ResultFiles;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.config.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bimt train}: one model, one folder of results. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train one model with a task's preset (plus overrides) and write DIR/result.json and DIR/network.json.",
    footer = "%nExamples:%n  bimt train --task independence --out runs/ind%n"
        + "  bimt train --task modular_addition --set lambda=0.5 --set norm=L2 --out runs/ma%n"
        + "  bimt train --task formula --task-option 'outputs=[\"x1*x2\", \"sin(pi*x3)\"]' --out runs/f%n")
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--task", paramLabel = "TASK", description = "task to train (see `bimt tasks`); may also come from --config")
  String task;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for result.json and network.json")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of settings (keys as listed below; may include task)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting (repeatable); applied after --config")
  List<String> set;

  @Option(names = "--task-option", paramLabel = "KEY=VALUE", description = "a task option, e.g. modulus=31 (repeatable)")
  List<String> taskOptions;

  @Option(names = "--steps", description = "optimiser steps (default: the preset's)")
  Integer steps;

  @Option(names = "--seed", description = "initialisation seed (default: the preset's)")
  Long seed;

  @Option(names = "--lambda", description = "initial lambda; rescales the preset's schedule (default: the preset's)")
  Double lambda;

  @Option(names = "--mode", description = "none, l1, l1_local, l1_swap or bimt (default: the preset's, bimt)")
  String mode;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop a run that takes longer (default: no limit)")
  Long timeout;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> typed = new LinkedHashMap<>();
    typed.put("steps", steps);
    typed.put("seed", seed);
    typed.put("lambda", lambda);
    typed.put("mode", mode);
    TrialConfig c = resolve(task, config, set, taskOptions, typed);
    ResultFiles.checkOutputDir(out); // a long run must not be lost to an output that cannot be written
    // user mistakes as one line, before any training; what deserves a warning, too
    TrialSetup.validate(c).forEach(w -> System.err.println("warning: " + w));
    System.out.println("training " + c.task() + " " + c.widths() + " for " + c.steps() + " steps (mode " + c.mode().label()
        + ", lambda " + c.lambdaSchedule() + ", A " + c.layoutWidth() + ", " + c.norm() + ")");
    TrialRecord r = new TrialExecutor().execute(c, null, null, timeout == null ? null : Duration.ofSeconds(timeout));
    ResultFiles.write(out, r);
    System.out.println(summary(r));
    System.out.println("wrote " + out.resolve("result.json") + (r.get("network_json") == null ? "" : " and network.json"));
    return switch (r.status()) {
      case "ok" -> 0;
      case "diverged" -> 3;
      default -> 1;
    };
  }

  /** Preset of the task, then the YAML file, then typed options, then --set and --task-option. */
  static TrialConfig resolve(String task, Path config, List<String> set, List<String> taskOptions, Map<String, Object> typed) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    String source = "command line";
    if (config != null) {
      overrides.putAll(YamlFiles.readMapping(config));
      source = config.toString();
    }
    typed.forEach((k, v) -> {
      if (v != null) {
        overrides.put(k, v);
      }
    });
    overrides.putAll(Cli.pairs(set));
    if (taskOptions != null && !taskOptions.isEmpty()) {
      Map<String, Object> opts = new LinkedHashMap<>();
      Object existing = overrides.get("task_options");
      if (existing instanceof Map<?, ?> m) {
        m.forEach((k, v) -> opts.put(String.valueOf(k), v));
      }
      Cli.pairs(taskOptions).forEach((k, v) -> opts.put(k, YamlFiles.parseMapping("v: " + v, "--task-option " + k).get("v")));
      overrides.put("task_options", opts);
    }
    Object t = task != null ? task : overrides.get("task");
    if (t == null) {
      throw new IllegalArgumentException("no task: give --task TASK or a 'task' key in --config (see `bimt tasks`)");
    }
    overrides.remove("task");
    try {
      return Presets.config(t.toString(), overrides);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config != null ? source + ": " + e.getMessage() : e.getMessage());
    }
  }

  static String summary(TrialRecord r) {
    var v = r.values();
    StringBuilder b = new StringBuilder();
    b.append("status ").append(r.status());
    if (v.get("error") != null) {
      b.append(" (").append(v.get("error")).append(")");
    }
    append(b, "train_loss", v.get("train_loss"));
    append(b, "test_loss", v.get("test_loss"));
    append(b, "test_accuracy", v.get("test_accuracy"));
    append(b, "last_position_mse", v.get("last_position_mse"));
    append(b, "probe_w_r2", v.get("probe_w_r2"));
    append(b, "probe_w_neurons", v.get("probe_w_neurons"));
    append(b, "centre_mass", v.get("centre_mass"));
    append(b, "modularity_q", v.get("modularity_q"));
    append(b, "modularity_z", v.get("modularity_z"));
    append(b, "components", v.get("components"));
    append(b, "connection_cost", v.get("connection_cost"));
    append(b, "swaps", v.get("swaps"));
    append(b, "wall_seconds", v.get("wall_seconds"));
    if (v.get("modules") != null) {
      String text = io.bimtsweep.core.config.Json.canonical(v.get("modules"));
      b.append("\nmodules ").append(text.length() <= 400 ? text : shortModules(v.get("modules")));
    }
    return b.toString();
  }

  /** Modules of a wide input (784 pixels) as counts: the full lists are in result.json. */
  private static String shortModules(Object modules) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (modules instanceof java.util.List<?> l) {
      for (Object m : l) {
        if (m instanceof java.util.Map<?, ?> mm) {
          Object in = mm.get("inputs");
          Object out = mm.get("outputs");
          int n = in instanceof java.util.List<?> il ? il.size() : in instanceof int[] ia ? ia.length : 0;
          parts.add("{" + n + " inputs -> outputs " + io.bimtsweep.core.config.Json.canonical(out) + "}");
        }
      }
    }
    return String.join(", ", parts) + " (inputs listed in result.json)";
  }

  private static void append(StringBuilder b, String k, Object v) {
    if (v == null) {
      return;
    }
    b.append(", ").append(k).append(' ');
    b.append(v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4g", d) : v.toString());
  }
}
