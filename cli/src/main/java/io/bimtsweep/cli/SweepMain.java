package io.bimtsweep.cli;


import picocli.CommandLine;

/** Entry point for spark-submit: {@code spark-submit --class io.bimtsweep.spark.SweepMain APP.jar SPEC.yaml [options]}. */
public final class SweepMain {
  private SweepMain() {}

  public static void main(String[] args) {
    Cli.quietUnlessVerbose(args);
    int code = Cli.configure(new CommandLine(new SweepCommand())).execute(args);
    System.exit(code);
  }
}
