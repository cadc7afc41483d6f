package io.bimtsweep.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Shared picocli set-up: user mistakes print one line naming the problem, never a stack trace. */
public final class Cli {
  private Cli() {}

  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
      PrintWriter err = cmd.getErr();
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
        err.println("error: " + ex.getMessage());
        return 2;
      }
      err.println("error: " + ex);
      if (System.getenv("BIMT_DEBUG") != null) {
        ex.printStackTrace(err);
      } else {
        err.println("(set BIMT_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("error: " + ex.getMessage());
      err.println("see: bimt " + ex.getCommandLine().getCommandName() + " --help");
      return 2;
    });
    return cl;
  }

  /** "key=value" pairs from the command line, in order. */
  public static java.util.Map<String, Object> pairs(java.util.List<String> items) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (items == null) {
      return m;
    }
    for (String s : items) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + s + "'");
      }
      m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    return m;
  }

  public static String settingsHelp() {
    StringBuilder b = new StringBuilder("%nSettings (for --set KEY=VALUE and YAML files; defaults come from the task's preset):%n");
    for (var s : io.bimtsweep.core.config.Setting.values()) {
      b.append(String.format("  %-24s %s%n", s.key(), s.doc().replace("%", "%%")));
    }
    return b.toString();
  }
}
