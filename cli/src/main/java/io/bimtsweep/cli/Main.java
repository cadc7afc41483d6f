package io.bimtsweep.cli;









import io.bimtsweep.core.config.Provenance;


import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bimt} command: every module's subcommands under one name. */
@Command(name = "bimt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Brain-Inspired Modular Training, and sweeps of its hyperparameters on Apache Spark.",
    subcommands = {SweepCommand.class, TrainCommand.class, SqlCommand.class, ParetoCommand.class, LambdaPathCommand.class, ImportanceCommand.class, ReportCommand.class, NetworkCommand.class, TasksCommand.class, BenchCommand.class, SweepBenchCommand.class, VerifyCommand.class},
    footer = "%nRun `bimt COMMAND --help` for a command's options and their defaults.")
public final class Main implements Runnable {

  /**
   * netlib announces its BLAS through java.util.logging on every run ("INFO: Using ...JNIBLAS");
   * the BLAS in use is in every result's blas column instead. Held here: JUL keeps loggers weakly.
   */
  private static final java.util.logging.Logger NETLIB = quiet("dev.ludovic.netlib");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    Cli.quietUnlessVerbose(args);
    System.exit(commandLine().execute(args));
  }

  /** The configured command tree (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cl = Cli.configure(new CommandLine(new Main()));
    var train = cl.getSubcommands().get("train").getCommandSpec().usageMessage();
    train.footer(String.join("", train.footer()) + Cli.settingsHelp());
    return cl;
  }

  /** Version with the commit it was built from. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"bimt-sweep " + Provenance.codeVersion() + " (git " + Provenance.gitCommit() + ")"};
    }
  }
}
