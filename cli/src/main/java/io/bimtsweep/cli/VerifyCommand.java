package io.bimtsweep.cli;

import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.io.TrialRecord;
import io.bimtsweep.core.run.TrialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bimt verify}: the paper's claims, reproduced from the presets, each measured against the paper's value. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the paper's presets and check each of its claims, printing the measured value next to the "
        + "paper's (shared/spec/bimt-method.md, sections 6 and 9). Exit 0 when every check passes.",
        "Full: about 3 minutes on one core (modular addition alone takes about 100 s). --quick: under a minute, without "
            + "modular addition."})
public final class VerifyCommand implements Callable<Integer> {
  static final List<String> ALL = List.of("independence", "two_moons", "compositionality", "permutation_group",
      "modular_addition");
  static final List<String> QUICK = List.of("independence", "two_moons", "compositionality", "permutation_group");
  /** Checks run only when named: each trains for minutes. */
  static final List<String> ON_REQUEST = List.of("mnist", "in_context_regression");

  @Option(names = "--tasks", split = ",", paramLabel = "TASK",
      description = "which tasks' claims to check (default: all five: independence, two_moons, compositionality, "
          + "permutation_group, modular_addition; on request: mnist, its preset with and without BIMT, about 3 min "
          + "on the digits of scripts/prepare-mnist; in_context_regression, the transformer, about 2.5 min)")
  List<String> tasks;

  @Option(names = "--quick", description = "every claim but modular addition's (its preset takes about 100 s)")
  boolean quick;

  @Option(names = "--dtype", paramLabel = "TYPE", description = "train the presets in float64 (the default) or float32 "
      + "(the notebooks' type for the small tasks; not the transformer)", defaultValue = "float64")
  String dtype;

  /** One claim: pass or fail, what was measured, and the paper's value. */
  record Check(boolean pass, String claim, String measured, String paper) {}

  @Override
  public Integer call() {
    List<String> run = tasks != null ? tasks : quick ? QUICK : ALL;
    for (String t : run) {
      if (!ALL.contains(t) && !ON_REQUEST.contains(t)) {
        throw new IllegalArgumentException("no checks for task '" + t + "' (checks: " + String.join(", ", ALL) + ", "
            + String.join(", ", ON_REQUEST) + ")");
      }
    }
    Map<String, Object> type = Map.of("dtype", io.bimtsweep.core.train.Dtype.parse(dtype).label());
    boolean ok = true;
    for (String t : run) {
      TrialRecord r = new TrialExecutor().execute(Presets.config(t, type), null);
      List<Check> checks = r.status().equals("ok") ? checks(t, r.values())
          : List.of(new Check(false, "trains", "status " + r.status() + ": " + r.get("error"), "trains"));
      if (t.equals("mnist") && r.status().equals("ok")) {
        // the claim is a comparison: the same preset without regularisation, on the same data and seed
        TrialRecord none = new TrialExecutor().execute(Presets.config(t, Map.of("mode", "none", "dtype",
            type.get("dtype"))), null);
        checks = new ArrayList<>(checks);
        checks.add(none.status().equals("ok") ? mnistAgainstNone(r.values(), none.values())
            : new Check(false, "trains without BIMT", "status " + none.status() + ": " + none.get("error"), "trains"));
      }
      for (Check c : checks) {
        ok &= c.pass();
        System.out.printf(Locale.ROOT, "%s %-17s %s: %s (paper: %s)%n", c.pass() ? "PASS" : "FAIL", t, c.claim(),
            c.measured(), c.paper());
      }
      System.out.printf(Locale.ROOT, "     %-17s [%.1f s training, %s swaps]%n", "", number(r.get("wall_seconds")),
          r.get("swaps"));
      System.out.flush();
    }
    return ok ? 0 : 1;
  }

  static List<Check> checks(String task, Map<String, Object> v) {
    List<Check> out = new ArrayList<>();
    double acc = number(v.get("test_accuracy"));
    switch (task) {
      case "independence" -> {
        double mse = number(v.get("test_loss"));
        out.add(new Check(mse < 2e-2, "test MSE below 2e-2", fmt(mse), "fits"));
        Object modules = v.get("modules");
        out.add(new Check(Boolean.TRUE.equals(v.get("structure_exact")), "modules are (x1,x3)->y1 and (x2,x4)->y2",
            Json.canonical(modules), "two modules"));
      }
      case "two_moons" -> out.add(new Check(acc >= 0.97, "test accuracy at least 0.97", fmt(acc), "~1.0"));
      case "compositionality" -> {
        double best = 0;
        String which = "none";
        for (Map<String, Object> p : structs(v.get("probes"))) {
          double c = Math.abs(number(p.get("correlation")));
          if (c > best) {
            best = c;
            which = p.get("name") + " at hidden layer " + p.get("layer") + " neuron " + p.get("neuron");
          }
        }
        out.add(new Check(best >= 0.8, "a hidden neuron carries an intermediate quantity (|corr| >= 0.8)",
            String.format(Locale.ROOT, "|corr| %.3f, %s", best, which), "one neuron carries (x1-x2)^2 or (x3-x4)^2"));
      }
      case "permutation_group" -> {
        out.add(new Check(acc >= 0.9, "test accuracy at least 0.9", fmt(acc), "0.966 (notebook)"));
        double sign = 0;
        String where = "none";
        for (Map<String, Object> p : structs(v.get("probes"))) {
          if ("sign".equals(p.get("name"))) {
            sign = Math.abs(number(p.get("correlation")));
            where = "hidden layer " + p.get("layer") + " neuron " + p.get("neuron");
          }
        }
        out.add(new Check(sign >= 0.9, "a sign neuron: |corr| with the composed permutation's parity >= 0.9",
            String.format(Locale.ROOT, "|corr| %.3f at %s", sign, where), "one neuron fires +1 or -1 by parity"));
      }
      case "modular_addition" -> {
        out.add(new Check(acc >= 0.95, "test accuracy at least 0.95", fmt(acc), "1.0"));
        List<Map<String, Object>> hidden = structs(v.get("hidden_modules"));
        out.add(new Check(hidden.size() >= 3, "at least 3 hidden modules", hidden.size() + " (sizes "
            + hidden.stream().map(h -> String.valueOf(h.get("size"))).toList() + ")", "3 parallel modules A, B, C"));
        List<Map<String, Object>> ko = structs(v.get("knockouts"));
        List<String> removed = new ArrayList<>();
        boolean eachCosts = ko.size() >= 4;
        for (int m = 1; m < Math.min(ko.size(), 4); m++) {
          double after = number(ko.get(m).get("removed_accuracy"));
          removed.add(fmt(after));
          eachCosts &= after <= acc - 0.05;
        }
        out.add(new Check(eachCosts, "removing any of the 3 largest costs accuracy (at least 0.05)",
            "accuracy without each: " + removed, "each knockout costs accuracy markedly"));
        if (!ko.isEmpty()) {
          double kept = number(ko.get(0).get("kept_accuracy"));
          double none = number(ko.get(0).get("removed_accuracy"));
          out.add(new Check(kept >= acc - 0.02, "the hidden modules alone keep the accuracy",
              fmt(kept) + "; without any of them " + fmt(none), "1.0 with A, B, C alone; 0.0169 without them"));
        }
      }
      case "mnist" -> out.add(new Check(acc >= 0.9, "test accuracy at least 0.9", fmt(acc),
          "high; the notebook trains on all 60,000 digits"));
      case "in_context_regression" -> {
        double last = number(v.get("last_position_mse"));
        out.add(new Check(last < 2e-3, "last-position test MSE below 2e-3", fmt(last), "5.7e-4 (notebook)"));
        double r2 = number(v.get("probe_w_r2"));
        out.add(new Check(r2 >= 0.95, "w is linearly readable from the residual stream at the last position (R^2 >= "
            + "0.95)", String.format(Locale.ROOT, "R^2 %.4f; a greedy probe needs %s of the 32 neurons to come within "
            + "0.01 of it", r2, v.get("probe_w_neurons")), "active residual neurons encode w"));
      }
      default -> throw new IllegalArgumentException("no checks for task '" + task + "'");
    }
    return out;
  }

  /** The receptive field shrinks to the centre: BIMT's first layer puts more of its |w| on the central pixels. */
  static Check mnistAgainstNone(Map<String, Object> bimt, Map<String, Object> none) {
    double b = number(bimt.get("centre_mass"));
    double n = number(none.get("centre_mass"));
    return new Check(b >= n + 0.1, "the receptive field shrinks to the centre: BIMT's first layer puts at least 0.1 more "
        + "of its |w| on the central quarter of the pixels than without regularisation",
        String.format(Locale.ROOT, "%.3f with BIMT, %.3f without (0.25 if spread evenly)", b, n),
        "first-layer weights concentrate on the central pixels");
  }

  private static List<Map<String, Object>> structs(Object v) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          Map<String, Object> x = new java.util.LinkedHashMap<>();
          m.forEach((k, val) -> x.put(String.valueOf(k), val));
          out.add(x);
        }
      }
    }
    return out;
  }

  static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
