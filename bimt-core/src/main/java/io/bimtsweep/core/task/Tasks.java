package io.bimtsweep.core.task;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of tasks by name. */
public final class Tasks {
  static final Map<String, Task> ALL = new LinkedHashMap<>();

  static {
    register(FormulaTask.fixed("independence", "y = ((x1+x3)^3, x2^2 + sin(pi*x4)): two independent modules", 4,
        "(x1+x3)^3", "x2^2+sin(pi*x4)"));
    register(FormulaTask.fixed("feature_sharing", "y = (x1^2, x1^2+x2^2, x1^2+x2^2+x3^2): shared features", 3,
        "x1^2", "x1^2+x2^2", "x1^2+x2^2+x3^2"));
    register(FormulaTask.fixed("compositionality", "y = sqrt((x1-x2)^2 + (x3-x4)^2): an intermediate quantity", 4,
        "sqrt((x1-x2)^2+(x3-x4)^2)").withProbes(java.util.Map.of("(x1-x2)^2", "(x1-x2)^2", "(x3-x4)^2", "(x3-x4)^2")));
    register(new TwoMoonsTask());
    register(TokenPairTask.modularAddition());
    register(TokenPairTask.permutationGroup());
    register(FormulaTask.user());
    register(ImageTask.mnist());
    register(ImageTask.fashionMnist());
    register(new InContextRegressionTask());
    // Plugins: jars that list their tasks in META-INF/services/io.bimtsweep.core.task.Task.
    for (Task t : java.util.ServiceLoader.load(Task.class)) {
      if (ALL.containsKey(t.name())) {
        throw new IllegalStateException("task plugin " + t.getClass().getName() + " reuses the name '" + t.name() + "'");
      }
      register(t);
    }
  }

  private Tasks() {}

  private static void register(Task t) {
    ALL.put(t.name(), t);
  }

  public static Task get(String name) {
    Task t = ALL.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown task '" + name + "' (known tasks: " + String.join(", ", ALL.keySet()) + ")");
    }
    return t;
  }

  public static Map<String, Task> all() {
    return java.util.Collections.unmodifiableMap(ALL);
  }
}
