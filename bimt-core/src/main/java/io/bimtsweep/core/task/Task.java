package io.bimtsweep.core.task;

import java.util.Map;
import java.util.Set;

/** A named, parameterised data generator with a seeded, reproducible train/test split. */
public interface Task {
  String name();

  String description();

  /** Option names this task accepts, with a one-line doc each. */
  Map<String, String> options();

  /** Generates both splits; the same options and seed give the same data. */
  TaskData generate(Map<String, Object> options, long dataSeed);

  /**
   * The ground truth of structure recovery: for each output (0-based, original order), the original
   * inputs (1-based) it depends on; null when the task declares none (token tasks: their inputs are
   * embedding dimensions, and every class depends on both tokens).
   */
  default java.util.List<Set<Integer>> dependencies(Map<String, Object> options) {
    return null;
  }

  /**
   * Named quantities of each test example that a hidden neuron might carry (the paper's
   * intermediate and sign neurons), one value per example of {@code data.test()}; empty when the
   * task declares none.
   */
  default Map<String, double[]> probes(Map<String, Object> options, TaskData data) {
    return Map.of();
  }

  /**
   * How many training examples a full batch of this task holds with these options, worked out
   * from the options alone (nothing generated or read): sweeps start their heaviest trials first
   * with it ({@link io.bimtsweep.core.sweep.TrialWork}). By default (a plugin task that says
   * nothing) the {@code n_train} option, else 100; each built-in task answers with its own default.
   */
  default int trainingExamples(Map<String, Object> options) {
    return read(options).integer("n_train", 100, 1);
  }

  default TaskOptions read(Map<String, Object> options) {
    return new TaskOptions(name(), options, options().keySet());
  }

  static Set<String> names() {
    return Tasks.ALL.keySet();
  }
}
