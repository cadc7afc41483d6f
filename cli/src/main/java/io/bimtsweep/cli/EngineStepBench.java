package io.bimtsweep.cli;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.engine.Engines;
import io.bimtsweep.core.engine.JavaEngine;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.LambdaSchedule;
import io.bimtsweep.core.train.Loss;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingSettings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * `bimt bench --engines`: the time of one training step (forward, backward, BIMT's cost gradient,
 * Adam; batch 100; no swaps) on [w, w, w, w] networks, per engine and number type. A step's time is
 * (time of 2n steps - time of n steps) / n, so set-up and evaluation cancel out; each figure is the
 * median of three such measurements after a warm-up. Ratios are to the java engine's float64 step
 * measured in the same run.
 */
final class EngineStepBench {
  static final int[] WIDTHS = {20, 100, 300, 1000};
  static final int BATCH = 100;

  private EngineStepBench() {}

  static Problem problem(int w) {
    int n = 1000;
    SplittableRandom r = new SplittableRandom(w);
    double[] x = new double[n * w];
    double[] y = new double[n * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 1);
      y[i] = r.nextDouble(-1, 1);
    }
    Dataset d = Dataset.regression(x, w, y, w);
    int[] widths = {w, w, w, w};
    return new Problem("bench", d, Dataset.regression(java.util.Arrays.copyOf(x, 10 * w), w,
        java.util.Arrays.copyOf(y, 10 * w), w), new Architecture(widths, Activation.SILU, null),
        Geometry.lines(widths, 1, 1, 0.1, DistanceNorm.L1), Loss.MSE);
  }

  static TrainingSettings settings(int steps) {
    return new TrainingSettings(steps, 1e-3, BATCH, LambdaSchedule.constant(1e-3), Reduction.SUM, 0, true, 0, 0, false,
        0, 1, steps + 1);
  }

  /** Milliseconds per step: the difference between runs of 2n and n steps. */
  static double msPerStep(Engine e, Problem p, int n) {
    long t0 = System.nanoTime();
    e.train(p, settings(n));
    long t1 = System.nanoTime();
    e.train(p, settings(2 * n));
    long t2 = System.nanoTime();
    return Math.max(0, (t2 - t1) - (t1 - t0)) / 1e6 / n;
  }

  static int steps(int w) {
    return w <= 20 ? 1000 : w <= 100 ? 300 : w <= 300 ? 60 : 10;
  }

  static int run(List<String> names, PrintStream out) {
    Map<String, Engine> variants = new LinkedHashMap<>();
    variants.put("java float64", Engines.get(JavaEngine.NAME));
    for (String name : names) {
      Engine e = Engines.get(name.trim());
      for (String dtype : e.dtypes()) {
        variants.putIfAbsent(e.name() + " " + dtype, e.withDtype(dtype));
      }
    }
    out.printf(Locale.ROOT, "one training step, batch %d, [w, w, w, w], BIMT cost, no swaps (ms per step; ratio to java "
        + "float64 in this run)%n", BATCH);
    out.printf(Locale.ROOT, "%-16s", "engine");
    for (int w : WIDTHS) {
      out.printf(Locale.ROOT, " %20s", "w = " + w);
    }
    out.println();
    Map<Integer, Double> javaMs = new LinkedHashMap<>();
    for (var v : variants.entrySet()) {
      out.printf(Locale.ROOT, "%-16s", v.getKey());
      for (int w : WIDTHS) {
        Problem p = problem(w);
        int n = steps(w);
        msPerStep(v.getValue(), p, Math.max(2, n / 4)); // warm-up: JIT, native libraries
        double[] three = {msPerStep(v.getValue(), p, n), msPerStep(v.getValue(), p, n), msPerStep(v.getValue(), p, n)};
        java.util.Arrays.sort(three);
        double ms = three[1];
        if (v.getKey().equals("java float64")) {
          javaMs.put(w, ms);
        }
        out.printf(Locale.ROOT, " %11.3f (%5.2fx)", ms, ms / javaMs.get(w));
        out.flush();
      }
      out.println();
    }
    return 0;
  }
}
