package io.bimtsweep.cli;


import picocli.CommandLine;

/** Entry point for spark-submit: {@code spark-submit --class io.bimtsweep.spark.SweepMain APP.jar SPEC.yaml [options]}. */
public final class SweepMain {
  private SweepMain() {}

  public static void main(String[] args) {
    Cli.quietUnlessVerbose(args);
    int code = Cli.configure(new CommandLine(new SweepCommand())).execute(args);
    if (code == 0 && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      // the driver runs inside YARN's ApplicationMaster, which reports success when main returns;
      // System.exit(0) there would end the application as FAILED ("exited early")
      return;
    }
    System.exit(code);
  }
}
