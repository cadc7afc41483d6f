package io.bimtsweep.core.cli;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.task.Task;
import io.bimtsweep.core.task.Tasks;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bimt tasks}: every task, its options and its preset. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the tasks, their options and their presets.")
public final class TasksCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Task t : Tasks.all().values()) {
      System.out.println(t.name() + ": " + t.description());
      t.options().forEach((k, d) -> System.out.printf("    option %-15s %s%n", k, d));
      if (!t.name().equals("formula")) {
        var c = Presets.preset(t.name(), Map.of());
        System.out.printf("    preset  %s, %d steps, lr %s, lambda %s, A %s, y* %s, %s, top_k %d, swap every %d, %s%n",
            c.widths(), c.steps(), c.learningRate(), c.lambdaSchedule(), c.layoutWidth(), c.layerDistance(), c.norm(),
            c.topK(), c.swapInterval(), c.reduction().name().toLowerCase(java.util.Locale.ROOT));
      } else {
        System.out.println("    preset  [inputs, 20, 20, outputs], as the symbolic tasks");
      }
    }
    System.out.print(String.format(Cli.settingsHelp()));
    return 0;
  }
}
