package io.bimtsweep.cli;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.swap.NeuronSwapper;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.train.NumericBackend;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bimt bench}: speed of the engine on the paper's presets, printed as figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time whole preset runs, single steps, one swap pass and the metrics; one thread.")
public final class BenchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** The authors' PyTorch notebooks, one thread, on this machine type (shared/spec, section 6). */
  private static final Map<String, Double> REFERENCE_SECONDS = Map.of(
      "independence", 22.0, "feature_sharing", 21.8, "compositionality", 36.0, "two_moons", 15.4,
      "modular_addition", 381.0, "permutation_group", 158.0,
      // MNIST: 1.84 ms per bare step, ~970 s projected for 40k steps with its swaps (spec, section 6)
      "mnist", 970.0, "fashion_mnist", 970.0,
      // the in-context transformer: 7.38 ms per step, 300 s for 40k steps without swaps
      "in_context_regression", 300.0);
  /** The authors' time per bare step, where the spec gives one. */
  private static final Map<String, Double> REFERENCE_STEP_MS = Map.of(
      "mnist", 1.84, "fashion_mnist", 1.84, "in_context_regression", 7.38);
  private static final Map<String, Double> REFERENCE_SWAP_PASS_MS = Map.of(
      "independence", 40.0, "two_moons", 40.0, "modular_addition", 1360.0, "mnist", 12500.0);

  @Option(names = "--tasks", split = ",", description = "presets to time (default: ${DEFAULT-VALUE})",
      defaultValue = "independence,two_moons,modular_addition")
  List<String> tasks;

  @Option(names = "--steps", description = "steps per run instead of the preset's (default: the preset's)")
  Integer steps;

  @Option(names = "--repeat", description = "whole runs per task; the median is reported (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int repeat;

  @Option(names = "--dtypes", split = ",", description = "number types to time each preset in, back to back "
      + "(default: ${DEFAULT-VALUE}; the transformer: float64 only); with --against-pytorch, both sides in each "
      + "type given (default there: the reference's own type per task, float32 for the small tasks as in the "
      + "notebooks)", defaultValue = "float64,float32")
  List<String> dtypes;

  @Option(names = "--sernn", description = "instead: the cost of seRNN's regulariser against BIMT's, per step, on each "
      + "preset of --tasks (BIMT and seRNN runs of --steps steps, default 2000, back to back)")
  boolean sernn;

  @Option(names = "--expansion", description = "instead: how fast sweeps of 10^4, 10^5 and 10^6 trials expand (what "
      + "--dry-run and the start of a sweep do), and how fast a 10^8 grid is refused")
  boolean expansion;

  @Option(names = "--engines", split = ",", paramLabel = "ENGINE", description = "instead: one training step (BIMT's "
      + "cost, batch 100) per engine at widths 20, 100, 300 and 1000, in every number type the engine has, with the "
      + "ratio to the java engine measured in this run; e.g. --engines java,dl4j (the launcher adds bimt-dl4j)")
  List<String> engines;

  @Option(names = "--kernels", description = "instead: each product of a dense layer (forward, weight gradient, input "
      + "gradient) at the presets' shapes and wider ones, by the scalar loops, the Vector API kernels and the BLAS, "
      + "in float64 and float32, with ratios to the scalar loops measured in this run; then what modular addition's "
      + "products alone cost per step (the floor under its run time on this machine), and how close BLAS runs them "
      + "to one core's peak of fused multiply-adds, measured in the same run")
  boolean kernels;

  @Option(names = "--against-pytorch", description = "instead: each preset of --tasks in the Java engine (in this JVM "
      + "once the JIT has settled, the median of three runs; and in a fresh `bimt train` JVM), and in the PyTorch "
      + "reference (scripts/reference/bimt_pytorch.py; needs python3-torch), back to back, with the ratios measured "
      + "in this run")
  boolean againstPytorch;

  @Option(names = "--reference-script", paramLabel = "FILE", description = "the PyTorch reference (default: "
      + "scripts/reference/bimt_pytorch.py in the bimt checkout)")
  java.nio.file.Path referenceScript;

  @Override
  public Integer call() throws Exception {
    Boolean fma = io.bimtsweep.core.train.Kernels.hardwareFma();
    System.out.printf(Locale.ROOT, "bimt bench: java %s, kernels %s (float32 %s), fma %s, BLAS %s, 1 thread, "
        + "C2 compiling %s%n", System.getProperty("java.version"), io.bimtsweep.core.train.Kernels.standard().name(),
        io.bimtsweep.core.train.Kernels.standardFloat().name(),
        fma == null ? "unknown" : fma ? "in hardware" : "in software (slow)", NumericBackend.blas(),
        io.bimtsweep.core.train.Kernels.compilation());
    if (kernels) {
      io.bimtsweep.core.train.KernelBench.run(System.out, 1.0);
      return 0;
    }
    if (sernn) {
      return sernnCost();
    }
    if (expansion) {
      return expansionSpeed();
    }
    if (againstPytorch) {
      List<io.bimtsweep.core.train.Dtype> both = spec.commandLine().getParseResult().hasMatchedOption("--dtypes")
          ? dtypes.stream().map(io.bimtsweep.core.train.Dtype::parse).distinct().toList() : null;
      return PytorchSideBySide.run(tasks, steps, both, referenceScript, System.out);
    }
    if (engines != null) {
      return EngineStepBench.run(engines, System.out);
    }
    List<io.bimtsweep.core.train.Dtype> types = dtypes.stream().map(io.bimtsweep.core.train.Dtype::parse).distinct()
        .toList();
    // every task named is checked before the table starts, so a typo is the only thing printed
    Map<String, TrialConfig> configs = new java.util.LinkedHashMap<>();
    for (String t : tasks) {
      configs.put(t, Presets.config(t, steps == null ? Map.of() : Map.of("steps", steps)));
    }
    System.out.printf(Locale.ROOT, "%-18s %-8s %8s %12s %12s %10s %12s %12s %10s %12s%n", "task", "dtype", "steps",
        "median step", "whole run", "PyTorch", "speed-up", "swap pass", "metrics", "result");
    for (String t : tasks) {
      TrialConfig c = configs.get(t);
      TaskData data = TrialSetup.data(c);
      if (data.sequences()) {
        transformerBench(t, c, data);
        continue;
      }
      Problem p = TrialSetup.problem(c.effective(), data);
      double firstWall = Double.NaN;
      for (io.bimtsweep.core.train.Dtype dtype : types) {
      double[] walls = new double[repeat];
      long[] stepNanos = new long[c.steps()];
      TrainingResult r = null;
      for (int i = 0; i < repeat; i++) {
        r = new Trainer(dtype).train(p, TrialSetup.settings(c.effective()), Network.initialise(p.architecture(), c.seed()),
            stepNanos);
        walls[i] = r.wallSeconds();
      }
      Arrays.sort(walls);
      double wall = walls[repeat / 2];
      long[] s = Arrays.copyOf(stepNanos, c.steps() - 1);
      Arrays.sort(s);
      double medianMs = s[s.length / 2] / 1e6;
      // one swap pass on the trained network, timed over repeats of a copy
      NeuronSwapper sw = new NeuronSwapper(p.architecture(),
          new io.bimtsweep.core.cost.ConnectionCost(p.architecture(), p.geometry(), c.reduction()));
      long t0 = System.nanoTime();
      int passes = 20;
      for (int i = 0; i < passes; i++) {
        sw.swapPass(r.network(), c.topK());
      }
      double passMs = (System.nanoTime() - t0) / 1e6 / passes;
      var m = MetricsCalculator.defaults(c.seed()).compute(r.network(), p.geometry(), c.reduction());
      Double ref = REFERENCE_SECONDS.get(t);
      double scaledRef = ref == null ? Double.NaN : ref * c.steps() / Presets.preset(t, Map.of()).steps();
      String result = Double.isNaN(r.testAccuracy()) ? String.format(Locale.ROOT, "mse %.2e", r.testLoss())
          : String.format(Locale.ROOT, "acc %.3f", r.testAccuracy());
      System.out.printf(Locale.ROOT, "%-18s %-8s %8d %9.3f ms %10.2f s %8.1f s %11.1fx %9.3f ms %8.0f ms %12s%n", t,
          dtype.label(), c.steps(), medianMs, wall, scaledRef, scaledRef / wall, passMs, m.seconds() * 1000, result);
      if (Double.isNaN(firstWall)) {
        firstWall = wall;
      } else {
        System.out.printf(Locale.ROOT, "%-18s %s: %.2fx the %s run's speed (whole run, this invocation)%n", "",
            dtype.label(), firstWall / wall, types.get(0).label());
      }
      printStepAnchor(t, medianMs);
      Double refPass = REFERENCE_SWAP_PASS_MS.get(t);
      if (refPass != null) {
        System.out.printf(Locale.ROOT, "%-18s swap pass: %.3f ms here vs %.0f ms for the authors' full evaluation (%.0fx)%n",
            "", passMs, refPass, refPass / passMs);
      }
      }
    }
    System.out.println("PyTorch: the authors' notebooks on this machine type, scaled to the steps run (shared/spec): "
        + "another day's figures; for ratios measured in this run, bimt bench --against-pytorch.");
    return 0;
  }

  private static void printStepAnchor(String task, double medianMs) {
    Double refStep = REFERENCE_STEP_MS.get(task);
    if (refStep != null) {
      System.out.printf(Locale.ROOT, "%-18s step: %.3f ms here vs %.2f ms for the authors' PyTorch (%.1fx)%n", "",
          medianMs, refStep, refStep / medianMs);
    }
  }

  /** A sequence task: the transformer's run, step and swap pass (top_k of the preset, or 20). */
  private void transformerBench(String t, TrialConfig c, TaskData data) {
    var sp = TrialSetup.sequenceProblem(TrialSetup.ProblemSpec.of(c.effective()), data);
    double[] walls = new double[repeat];
    long[] stepNanos = new long[c.steps()];
    io.bimtsweep.core.transformer.TransformerTrainer.Outcome o = null;
    for (int i = 0; i < repeat; i++) {
      o = new io.bimtsweep.core.transformer.TransformerTrainer().train(sp, TrialSetup.settings(c.effective()),
          c.activation(), io.bimtsweep.core.transformer.TransformerNet.initialise(sp.shape(), c.seed()), stepNanos);
      walls[i] = o.result().wallSeconds();
    }
    Arrays.sort(walls);
    double wall = walls[repeat / 2];
    long[] s = Arrays.copyOf(stepNanos, c.steps() - 1);
    Arrays.sort(s);
    double medianMs = s[s.length / 2] / 1e6;
    var cost = new io.bimtsweep.core.transformer.TransformerCost(sp.shape(), sp.layoutWidth(), sp.layerDistance(),
        sp.norm(), c.reduction(), true);
    var sw = new io.bimtsweep.core.transformer.TransformerSwapper(sp.shape(), cost);
    var net = o.net();
    int passes = 20;
    long t0 = System.nanoTime();
    for (int i = 0; i < passes; i++) {
      sw.swapPass(net, c.topK() > 0 ? c.topK() : 20, true, null, null);
    }
    double passMs = (System.nanoTime() - t0) / 1e6 / passes;
    int[] widths = sp.shape().widths().stream().mapToInt(Integer::intValue).toArray();
    var m = MetricsCalculator.defaults(c.seed()).compute(o.result().network(),
        io.bimtsweep.core.geometry.Geometry.lines(widths, 1, sp.layoutWidth(), sp.layerDistance(), sp.norm()),
        c.reduction());
    Double ref = REFERENCE_SECONDS.get(t);
    double scaledRef = ref == null ? Double.NaN : ref * c.steps() / Presets.preset(t, Map.of()).steps();
    String result = String.format(Locale.ROOT, "last %.2e", o.test().last());
    System.out.printf(Locale.ROOT, "%-18s %8d %9.3f ms %10.2f s %8.1f s %11.1fx %9.3f ms %8.0f ms %12s%n", t, c.steps(),
        medianMs, wall, scaledRef, scaledRef / wall, passMs, m.seconds() * 1000, result);
    printStepAnchor(t, medianMs);
  }

  /**
   * Sweep expansion at three sizes: 10 lambdas x 5 widths x 2 norms x 5 swap intervals x N seeds of
   * independence, each trial built, its seed derived, its id hashed and its network checked, as
   * {@code bimt sweep} does before it starts. Then a 10^8 grid, which must be refused from its size.
   */
  private int expansionSpeed() {
    System.out.printf(Locale.ROOT, "%-12s %10s %14s %14s%n", "trials", "expand", "trials/s", "heap after");
    for (int seeds : new int[] {20, 200, 2000}) {
      java.util.Map<String, Object> axes = new java.util.LinkedHashMap<>();
      axes.put("lambda", List.of(1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1));
      axes.put("layout_width", List.of(0.25, 0.5, 1, 2, 4));
      axes.put("norm", List.of("L1", "L2"));
      axes.put("swap_interval", List.of(50, 100, 200, 500, 1000));
      axes.put("seeds", seeds);
      var file = io.bimtsweep.core.sweep.SweepFile.parse(Map.of("name", "bench", "max_trials", 1_000_000,
          "tasks", List.of("independence"), "fixed", Map.of("steps", 1000), "axes", axes), "bench-" + seeds);
      System.gc();
      long t0 = System.nanoTime();
      var plan = io.bimtsweep.core.sweep.SweepGrid.expand(file);
      double sec = (System.nanoTime() - t0) / 1e9;
      System.gc();
      Runtime rt = Runtime.getRuntime();
      double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0; // the plan is still held: it is used below
      System.out.printf(Locale.ROOT, "%-12d %8.2f s %14.0f %11.0f MB%n", plan.trials().size(), sec,
          plan.trials().size() / sec, heapMb);
    }
    var huge = io.bimtsweep.core.sweep.SweepFile.parse(Map.of("name", "huge", "tasks", List.of("independence"),
        "axes", Map.of("seeds", 100_000_000)), "huge");
    long t0 = System.nanoTime();
    String refused = "not refused";
    try {
      io.bimtsweep.core.sweep.SweepGrid.expand(huge);
    } catch (IllegalArgumentException e) {
      refused = "refused";
    }
    System.out.printf(Locale.ROOT, "%-12s %8.4f s %s (the limit is checked from the axes' sizes, nothing is built)%n",
        "100000000", (System.nanoTime() - t0) / 1e9, refused);
    System.out.println("In-process times; a whole `bimt sweep --dry-run` adds the JVM's start, about half a second.");
    return 0;
  }

  /**
   * seRNN against BIMT, measured in one run: the median step of each (BIMT's, and seRNN's with
   * the communicability recomputed every k steps), and one recomputation of C alone.
   */
  private int sernnCost() {
    int n = steps == null ? 2000 : steps;
    System.out.printf(Locale.ROOT, "%-18s %6s %12s %14s %16s %16s %16s%n", "task", "neurons", "BIMT step", "one C (eig)",
        "seRNN step k=1", "seRNN step k=10", "seRNN step k=50");
    for (String t : tasks) {
      TrialConfig c = Presets.config(t, Map.of("steps", n));
      Problem p = TrialSetup.problem(c.effective(), TrialSetup.data(c));
      medianStepMs(p, c, 10, true); // warm-up: the JIT compiles both paths before anything is timed
      double bimt = medianStepMs(p, c, 1, false);
      double[] params = Network.initialise(p.architecture(), c.seed()).parameters();
      int reps = 20;
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        io.bimtsweep.core.cost.Communicability.weightFactors(p.architecture(), params);
      }
      double oneC = (System.nanoTime() - t0) / 1e6 / reps;
      int neurons = Arrays.stream(p.architecture().widths()).sum();
      double k1 = medianStepMs(p, c, 1, true);
      double k10 = medianStepMs(p, c, 10, true);
      double k50 = medianStepMs(p, c, 50, true);
      bimt = (bimt + medianStepMs(p, c, 1, false)) / 2; // BIMT before and after, against drift
      System.out.printf(Locale.ROOT, "%-18s %6d %9.3f ms %11.3f ms %10.3f ms %4.1fx %10.3f ms %4.1fx %10.3f ms %4.1fx%n", t,
          neurons, bimt, oneC, k1, k1 / bimt, k10, k10 / bimt, k50, k50 / bimt);
    }
    System.out.println("seRNN step: mean step of a run with the communicability recomputed every k steps (and after swaps).");
    return 0;
  }

  private static double medianStepMs(Problem p, TrialConfig c, int k, boolean sernn) {
    TrialConfig e = c.effective().with(io.bimtsweep.core.config.Setting.REGULARIZER,
        sernn ? io.bimtsweep.core.cost.Regularizer.SERNN : io.bimtsweep.core.cost.Regularizer.BIMT)
        .with(io.bimtsweep.core.config.Setting.COMMUNICABILITY_INTERVAL, k);
    long[] stepNanos = new long[e.steps()];
    new Trainer().train(p, TrialSetup.settings(e), Network.initialise(p.architecture(), c.seed()), stepNanos);
    // a mean over the run (not a median): the recomputations every k steps are part of the cost
    long[] s = Arrays.copyOf(stepNanos, e.steps() - 1);
    return Arrays.stream(s).average().orElse(Double.NaN) / 1e6;
  }
}
