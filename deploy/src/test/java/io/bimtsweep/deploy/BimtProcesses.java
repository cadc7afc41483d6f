package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bimt commands in their own JVMs, started as the launcher starts them (the app jar for executors,
 * the Vector API module, the deploy module's classpath after an optional Hadoop configuration
 * folder), each writing to a log file; whatever still runs is killed by {@link #stopAll()}.
 */
final class BimtProcesses {
  private final List<Process> running = new ArrayList<>();
  private final Map<String, String> env;
  private final Path confDir;
  private Path logs;

  /** @param confDir a HADOOP_CONF_DIR to put first on the classpath, or null */
  BimtProcesses(Map<String, String> env, Path confDir) {
    this.env = Map.copyOf(env);
    this.confDir = confDir;
  }

  /** Where the next processes write their logs (kept after the test, for a failure's post-mortem). */
  void logTo(Path folder) throws IOException {
    logs = Files.createDirectories(folder);
  }

  Path log(String name) {
    return logs.resolve(name);
  }

  /** Starts {@code mainClass args...} with the given extra Java options; output to the named log. */
  Process start(String log, List<String> javaOptions, String mainClass, String... args) throws IOException {
    String cp = Files.readString(ItSupport.MODULE.resolve("target/bimt.classpath")).strip();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dbimt.app.jar=" + ItSupport.MODULE.resolve("target/bimt-sweep-app.jar")));
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-cp", confDir == null ? cp : confDir + ":" + cp, mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(log).toFile());
    pb.environment().putAll(env);
    pb.environment().put("BIMT_DEBUG", "1"); // a failure's whole stack trace in the log
    Process p = pb.start();
    p.getOutputStream().close();
    running.add(p);
    return p;
  }

  /** `bimt ARGS...` (the launcher's main class). */
  Process bimt(String log, List<String> javaOptions, String... args) throws IOException {
    return start(log, javaOptions, "io.bimtsweep.cli.Main", args);
  }

  /** Waits for the process (10 minutes at most), requires exit code 0, and returns its log. */
  String finish(Process p, String log) throws Exception {
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "did not finish: " + log);
    String text = Files.readString(log(log));
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  void stopAll() throws InterruptedException {
    for (Process p : running) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    running.clear();
  }
}
