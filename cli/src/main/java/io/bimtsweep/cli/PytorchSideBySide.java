package io.bimtsweep.cli;

import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.train.Dtype;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `bimt bench --against-pytorch`: the Java engine and the PyTorch reference of the presets
 * (scripts/reference/bimt_pytorch.py, the notebooks' method as written) run back to back in one
 * invocation, one thread each, so the ratio is measured on this machine today, not against a
 * figure from another one. Also the wall time of a fresh `bimt train` JVM, which is what a sweep
 * trial pays (class loading, JIT warm-up, data, metrics and all).
 */
final class PytorchSideBySide {
  private PytorchSideBySide() {}

  /** The reference script: -Dbimt.home (set by the launcher) or the working directory. */
  static Path script(Path override) {
    if (override != null) {
      return override;
    }
    String home = System.getProperty("bimt.home", ".");
    return Path.of(home, "scripts", "reference", "bimt_pytorch.py");
  }

  /** A python3 that imports torch, or null: Debian's first (python3-torch), then the PATH's. */
  static String python() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not this one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  record Run(double seconds, String output) {}

  static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return new Run((System.nanoTime() - t0) / 1e9, out);
  }

  /**
   * One step of each task in the reference, before any timed run: a task it lacks (it has the
   * paper's four MLP presets) or a broken PyTorch is named at once, not after minutes of the other
   * tasks' training. About a second per task, mostly PyTorch's import.
   */
  static void checkReferenceRuns(String python, Path script, List<String> tasks, Map<String, String> env)
      throws IOException, InterruptedException {
    for (String t : tasks) {
      ProcessBuilder pb = new ProcessBuilder(python, script.toString(), t, "--steps", "1").redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        String last = output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
        throw new IllegalArgumentException("the PyTorch reference " + script + " cannot run task '" + t + "': " + last
            + " (leave the task out of --tasks, or give a reference that has it with --reference-script)");
      }
    }
  }

  /** Runs over this many seconds are timed once: their own length averages out the JIT's tail. */
  static final double LONG_RUN_SECONDS = 10;

  /**
   * The Java side in this JVM once the JIT has settled, since HotSpot keeps compiling for several
   * whole runs (independence: 2.4, 0.88, 0.78 s for the first three): whole runs until one is within
   * 3% of the one before (at most five), then the median of three. A run over
   * {@link #LONG_RUN_SECONDS} is timed once, after a 2,000-step run. The run returned is the one
   * reported: its wall time is the warm figure.
   */
  static TrainingResult warm(Dtype dtype, Problem p, TrialConfig c) {
    TrainingSettings s = TrialSetup.settings(c.effective());
    new Trainer(dtype).train(p, TrialSetup.settings(c.effective().with("steps", Math.min(2000, c.steps())).effective()));
    TrainingResult first = new Trainer(dtype).train(p, s);
    if (first.wallSeconds() > LONG_RUN_SECONDS) {
      return first;
    }
    double previous = first.wallSeconds();
    for (int i = 0; i < 4; i++) {
      double t = new Trainer(dtype).train(p, s).wallSeconds();
      boolean settled = Math.abs(t - previous) <= 0.03 * previous;
      previous = t;
      if (settled) {
        break;
      }
    }
    TrainingResult[] runs = new TrainingResult[3];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = new Trainer(dtype).train(p, s);
    }
    java.util.Arrays.sort(runs, java.util.Comparator.comparingDouble(TrainingResult::wallSeconds));
    return runs[1];
  }

  /** dtypes: each task in each of these on both sides, or null for the reference's own type per task. */
  static int run(List<String> tasks, Integer steps, List<Dtype> dtypes, Path scriptOverride, PrintStream out)
      throws Exception {
    // every task name checked first: before looking for PyTorch, and before the first task's minutes of training
    Map<String, TrialConfig> configs = new java.util.LinkedHashMap<>();
    for (String t : tasks) {
      configs.put(t, Presets.config(t, steps == null ? Map.of() : Map.of("steps", steps)));
    }
    Path script = script(scriptOverride);
    io.bimtsweep.core.Checks.check(Files.isRegularFile(script), "no PyTorch reference at %s (--reference-script)",
        script);
    String python = python();
    io.bimtsweep.core.Checks.check(python != null, "no python3 with PyTorch here: apt-get install python3-torch "
        + "(Debian), or pip install torch, then run again");
    Map<String, String> oneThread = Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1", "MKL_NUM_THREADS", "1");
    checkReferenceRuns(python, script, tasks, oneThread);
    out.printf(Locale.ROOT, "side by side, one thread each, back to back in this run (%s)%n", script);
    out.printf(Locale.ROOT, "%-17s %7s %-7s | %9s %9s %12s | %9s %9s %8s | %12s %12s%n", "task", "steps", "dtype",
        "java run", "PyTorch", "PyTorch/java", "fresh JVM", "PyTorch", "/fresh", "java result", "PyTorch");
    List<Dtype> types = new ArrayList<>();
    if (dtypes == null) {
      types.add(null);
    } else {
      types.addAll(dtypes);
    }
    for (String t : tasks) {
      TrialConfig c = configs.get(t);
      Problem p = TrialSetup.problem(c.effective(), TrialSetup.data(c));
      for (Dtype asked : types) {
        List<String> py = new ArrayList<>(List.of(python, script.toString(), t, "--steps",
            Integer.toString(c.steps())));
        if (asked != null) {
          py.addAll(List.of("--dtype", asked.label()));
        }
        Run torch = run(py, oneThread);
        Map<String, Object> ref = Json.MAPPER.readValue(torch.output().lines().filter(l -> l.startsWith("{"))
            .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no result from " + py + ":\n"
                + torch.output())), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        double torchSeconds = ((Number) ref.get("seconds")).doubleValue();
        // the Java side computes in the reference's number type: the one asked for, or the notebook's for the task
        // (float32 for the small tasks)
        Dtype dtype = Dtype.parse(String.valueOf(ref.getOrDefault("dtype", "float64")));
        TrainingResult r = warm(dtype, p, c);
        Path dir = Files.createTempDirectory("bimt-bench-train");
        List<String> train = new ArrayList<>();
        train.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        train.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        train.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--task", t,
            "--set", "steps=" + c.steps(), "--set", "dtype=" + dtype.label(), "--out", dir.toString()));
        Run fresh = run(train, oneThread);
        String javaResult = Double.isNaN(r.testAccuracy()) ? String.format(Locale.ROOT, "mse %.2e", r.testLoss())
            : String.format(Locale.ROOT, "acc %.3f", r.testAccuracy());
        double v = ((Number) ref.get("value")).doubleValue();
        String torchResult = "test_mse".equals(ref.get("metric")) ? String.format(Locale.ROOT, "mse %.2e", v)
            : String.format(Locale.ROOT, "acc %.3f", v);
        out.printf(Locale.ROOT, "%-17s %7d %-7s | %8.2fs %8.2fs %11.1fx | %8.2fs %8.2fs %7.1fx | %12s %12s%n", t,
            c.steps(), dtype.label(), r.wallSeconds(), torchSeconds, torchSeconds / r.wallSeconds(), fresh.seconds(),
            torchSeconds, torchSeconds / fresh.seconds(), javaResult, torchResult);
        out.flush();
      }
    }
    out.println("java run: Trainer in this JVM once the JIT has settled (whole runs until one is within 3% of the one "
        + "before, then the median of three; runs over 10 s: one, after a 2,000-step run); fresh JVM: a whole "
        + "`bimt train` process (start-up, data, training, metrics, files); PyTorch: the reference's training loop (its process start and import excluded, as the "
        + "spec's reference times exclude them).");
    return 0;
  }
}
