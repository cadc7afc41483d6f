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

  default TaskOptions read(Map<String, Object> options) {
    return new TaskOptions(name(), options, options().keySet());
  }

  static Set<String> names() {
    return Tasks.ALL.keySet();
  }
}
