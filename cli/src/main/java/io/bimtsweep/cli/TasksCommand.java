package io.bimtsweep.cli;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.Setting;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.engine.Engines;
import io.bimtsweep.core.task.Task;
import io.bimtsweep.core.task.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bimt tasks}: every task with its options and preset, the engines, and the settings. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "List the tasks with their options and presets (presets/TASK.yaml), the engines, and every setting.")
public final class TasksCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Task t : Tasks.all().values()) {
      System.out.println(t.name() + ": " + t.description());
      t.options().forEach((k, d) -> System.out.printf("    option %-15s %s%n", k, d));
      TrialConfig c;
      try {
        c = Presets.preset(t.name(), Map.of());
      } catch (IllegalArgumentException e) {
        System.out.println("    preset  needs task options (" + e.getMessage() + ")");
        continue;
      }
      List<String> pairs = new ArrayList<>();
      for (Setting<?> s : Setting.all()) {
        if (s != Setting.TASK && s != Setting.TASK_OPTIONS && s != Setting.LAMBDA) {
          String v = String.valueOf(c.plain(s));
          pairs.add(s.key() + "=" + (v.contains(" ") && !v.startsWith("[") ? "\"" + v + "\"" : v));
        }
      }
      System.out.print(wrap("    preset  ", pairs, 110));
    }
    System.out.println("engines:");
    for (Engine e : Engines.all().values()) {
      System.out.printf("    %-15s %s%n", e.name(), e.description());
    }
    if (!Engines.all().containsKey("dl4j")) {
      System.out.printf("    %-15s %s%n", "dl4j", "Deeplearning4j (module bimt-dl4j, not loaded: the launcher adds it when a "
          + "command names engine dl4j, e.g. --set engine=dl4j)");
    }
    System.out.print(String.format(Cli.settingsHelp()));
    return 0;
  }

  static String wrap(String first, List<String> items, int width) {
    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    String indent = " ".repeat(first.length());
    for (String item : items) {
      if (line.length() + item.length() + 1 > width && line.length() > indent.length()) {
        b.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder(indent);
      }
      line.append(item).append(' ');
    }
    return b.append(line.toString().stripTrailing()).append('\n').toString();
  }
}
