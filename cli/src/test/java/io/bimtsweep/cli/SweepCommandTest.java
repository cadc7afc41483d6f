package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.bimtsweep.spark.SweepJobTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SweepCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    CommandLine cl = Cli.configure(new CommandLine(new SweepCommand()));
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(out));
    var old = System.out;
    var buffer = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buffer));
    try {
      int code = cl.execute(args);
      return new Run(code, buffer + out.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name: x\ntasks: [indepndence]",
      "name: x\ntasks: [independence]\naxes: {lambda: []}",
      "name: x\ntasks: [independence]\naxes: {lambda: [-1]}",
      "name: x\ntasks: [independence]\nextra: 1",
      "name: x\ntasks: [independence]\naxes: {steps: [1.5]}",
      "name: x\n  tasks: [independence",
      "name: x\ntasks: [independence]\naxes: {widths: [[5, 3]]}",
      "tasks: [independence]"})
  void malformedFilesAreRejectedInOneLineAndNothingIsWritten(String yaml, @TempDir Path dir) throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, yaml);
    Path out = dir.resolve("out");
    Run r = run(spec.toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: " + spec), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(out), "nothing may be written for a rejected file");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Run r = run(dir.resolve("nope.yaml").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("nope.yaml: no such file"), r.err());
  }

  @Test
  void dryRunCountsWithoutRunning(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, SweepJobTest.SMALL);
    Run r = run("--dry-run", spec.toString(), "--out", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("24 trials"), r.out());
    assertFalse(Files.exists(dir.resolve("out")));
  }
}
