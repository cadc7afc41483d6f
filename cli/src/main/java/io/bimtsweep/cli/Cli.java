package io.bimtsweep.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Shared picocli set-up: user mistakes print one line naming the problem, never a stack trace. */
public final class Cli {
  private Cli() {}

  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    addVerbose(cl);
    cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
      PrintWriter err = cmd.getErr();
      boolean debug = System.getenv("BIMT_DEBUG") != null;
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
        err.println("error: " + ex.getMessage());
        if (debug) { // where a failure inside Spark or Hadoop came from, for a bug report
          ex.printStackTrace(err);
        }
        return 2;
      }
      err.println("error: " + ex);
      if (debug) {
        ex.printStackTrace(err);
      } else {
        err.println("(set BIMT_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      String message = ex.getMessage();
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !c.getSubcommands().isEmpty()
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        // "bimt swep": a mistyped command, not picocli's "Unmatched argument at index 0"
        List<String> near = u.getSuggestions();
        message = "unknown command '" + u.getUnmatched().get(0) + "'" + (near.isEmpty() ? "" : " (did you mean "
            + String.join(" or ", near) + "?)") + "; the commands: " + String.join(", ", c.getSubcommands().keySet());
      }
      String name = c.getCommandSpec().qualifiedName();
      err.println("error: " + message);
      err.println("see: " + (name.startsWith("bimt") ? name : "bimt " + name) + " --help");
      return 2;
    });
    return cl;
  }

  /** Every command takes --verbose: Spark's and Hadoop's own log lines, which are hidden otherwise. */
  private static void addVerbose(CommandLine cl) {
    if (!cl.getCommandSpec().optionsMap().containsKey("--verbose")) {
      cl.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--verbose")
          .description("show Spark's and Hadoop's own log (hidden otherwise: bimt prints what matters)")
          .arity("0").type(boolean.class).build());
    }
    cl.getSubcommands().values().forEach(Cli::addVerbose);
  }

  /**
   * Spark logs through log4j, and even a mistyped --master prints a 20-line ERROR trace before
   * bimt's one line; so its log is off unless --verbose is among the arguments. Only a property
   * here: the session factories switch log4j off when they start Spark, since starting log4j
   * costs 0.4 s that a command refusing its input, or not using Spark, need not pay.
   */
  public static void quietUnlessVerbose(String[] args) {
    if (!java.util.Arrays.asList(args).contains("--verbose")) {
      System.setProperty("bimt.spark.log", "off");
    }
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

  /**
   * The settings table for help texts, from the one list of settings; already in picocli's format
   * syntax (%n for line ends, %% for a percent sign), so it goes into a footer as it is.
   */
  public static String settingsHelp() {
    StringBuilder b = new StringBuilder("%nSettings (for --set KEY=VALUE and YAML files; defaults come from the task's preset):%n");
    for (var s : io.bimtsweep.core.config.Setting.all()) {
      b.append(hanging(String.format("  %-24s ", s.key()), s.doc(), 79).replace("%", "%%").replace("\n", "%n"));
    }
    return b.toString();
  }

  /** Words of text after a first-line prefix, wrapped at width with the continuation lines indented under the text. */
  static String hanging(String prefix, String text, int width) {
    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(prefix);
    String indent = " ".repeat(prefix.length());
    for (String w : text.split(" ")) {
      if (line.length() + w.length() > width && line.length() > indent.length()) {
        b.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder(indent);
      }
      line.append(w).append(' ');
    }
    return b.append(line.toString().stripTrailing()).append('\n').toString();
  }

  /** Tells the user, on standard error, when a results dataset holds rows of an older schema version. */
  public static void noteOlderRows(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> trials, String results) {
    io.bimtsweep.analysis.Results.olderVersions(trials).forEach((version, rows) -> System.err.printf(java.util.Locale.ROOT,
        "note: %s holds %d rows of schema version %d (current: %d); their setting columns were converted to the "
            + "effective values as they were read (README: the results dataset)%n", results, rows, version,
        io.bimtsweep.core.io.TrialRecord.SCHEMA_VERSION));
  }
}
