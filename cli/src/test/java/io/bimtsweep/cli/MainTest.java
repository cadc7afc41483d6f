package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bimtsweep.core.config.Json;
import io.bimtsweep.core.io.NetworkJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The bimt command as a user meets it. */
class MainTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run bimt(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter help = new StringWriter();
    System.setOut(new PrintStream(out, true));
    cl.setOut(new PrintWriter(help, true));
    try {
      int code = cl.execute(args);
      return new Run(code, out + help.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void trainWritesResultAndNetworkUnderTheColumnNames() throws Exception {
    Path out = dir.resolve("ind");
    Run r = bimt("train", "--task", "independence", "--steps", "400", "--seed", "3", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("status ok"), r.out());
    JsonNode j = Json.MAPPER.readTree(Files.readString(out.resolve("result.json")));
    for (String f : new String[] {"task", "seed", "train_loss", "test_loss", "test_accuracy", "connection_cost", "steps",
        "swaps", "wall_seconds", "status", "modularity_q", "modules", "input_permutation", "output_permutation",
        "trial_id", "code_version", "git_commit", "java_version", "blas"}) {
      assertTrue(j.has(f), "result.json lacks " + f);
    }
    assertEquals("independence", j.get("task").asText());
    assertEquals(3, j.get("seed").asLong());
    assertEquals(400, j.get("steps").asInt());
    assertTrue(j.get("test_accuracy").isNull(), "regression has no accuracy");
    assertEquals(400, j.get("config_json").get("steps").asInt());
    assertEquals("network.json", j.get("network_file").asText());
    var net = NetworkJson.read(Files.readString(out.resolve("network.json")));
    assertEquals(4, net.network().inputPermutation().length);
    assertEquals(j.get("input_permutation").get(0).asInt(), net.network().inputPermutation()[0]);
  }

  @Test
  void trainReadsSettingsFromAYamlFileAndNamesTheFileInErrors() throws Exception {
    Path cfg = dir.resolve("moons.yaml");
    Files.writeString(cfg, "task: two_moons\nsteps: 300\nnorm: L2\nlambda: 0.002\n");
    Path out = dir.resolve("m");
    Run r = bimt("train", "--config", cfg.toString(), "--set", "top_k=4", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.MAPPER.readTree(Files.readString(out.resolve("result.json")));
    assertEquals("two_moons", j.get("task").asText());
    assertEquals("L2", j.get("norm").asText());
    assertEquals(300, j.get("steps").asInt());
    assertEquals(4, j.get("top_k").asInt());
    assertEquals(0.002, j.get("lambda").asDouble(), 1e-15);
    assertTrue(j.get("test_accuracy").isNumber());
    Files.writeString(cfg, "task: two_moons\nstep: 300\n");
    Run bad = bimt("train", "--config", cfg.toString(), "--out", dir.resolve("b").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("error: " + cfg + ": unknown setting 'step'"), bad.err());
    Files.writeString(cfg, "task: [two_moons\n");
    Run broken = bimt("train", "--config", cfg.toString(), "--out", dir.resolve("b").toString());
    assertEquals(2, broken.code());
    assertTrue(broken.err().startsWith("error: " + cfg + ":"), broken.err());
    assertTrue(broken.err().contains("malformed YAML"), broken.err());
  }

  @Test
  void aDivergingRunIsReportedWithItsStep() {
    Run r = bimt("train", "--task", "independence", "--steps", "50", "--set", "learning_rate=1e100", "--out",
        dir.resolve("nan").toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("status diverged (loss became non-finite (NaN or infinite) at step"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown task        | --task;nope                                       | error: unknown task 'nope' (known tasks:
      negative lambda     | --task;independence;--lambda;-1                   | error: negative lambda: lambda must be a finite number >= 0, got -1.0
      malformed formula   | --task;formula;--task-option;outputs=["x1*(x2"]   | error: malformed formula 'x1*(x2'
      inconsistent widths | --task;independence;--set;widths=[3,20,2]        | error: inconsistent widths: the data has 4 inputs but the network's input layer has 3
      unknown setting     | --task;independence;--set;stepz=5                 | error: unknown setting 'stepz'
      bad schedule        | --task;independence;--set;lambda_schedule=abc     | error: lambda schedule 'abc' must start with a number
      bad value           | --task;independence;--steps;many                  | error: Invalid value for option '--steps'
      """)
  void userMistakesGetOneLineAndNoStackTrace(String kind, String args, String message) {
    String[] a = (String.join(";", "train", args) + ";--out;" + dir.resolve("x")).split(";");
    Run r = bimt(a);
    assertEquals(2, r.code(), kind + ": " + r.err());
    assertTrue(r.err().startsWith(message.strip()), kind + ": " + r.err());
    assertFalse(r.err().contains("\tat "), kind + " printed a stack trace");
    assertFalse(Files.exists(dir.resolve("x")), kind + " wrote results");
  }

  static String usage(String command) {
    StringWriter w = new StringWriter();
    Main.commandLine().getSubcommands().get(command).usage(new PrintWriter(w, true));
    return w.toString();
  }

  @Test
  void everyCommandDescribesItsOptionsWithDefaults() {
    for (String c : new String[] {"sweep", "train", "sql", "pareto", "report", "tasks", "bench", "bench-sweep", "verify"}) {
      String u = usage(c);
      assertTrue(u.startsWith("Usage: bimt " + c), c + ": " + u);
      assertTrue(u.contains("--help"), c);
    }
    assertTrue(usage("train").contains("lambda_schedule"), "train --help lists the settings");
    assertTrue(usage("bench").replaceAll("\\s+", "").contains("(default:independence,two_moons,modular_addition)"));
    assertTrue(usage("sweep").contains("(default: 1)"), "defaults are shown");
  }

  @Test
  void benchSweepRefusesAnEmptyPackBeforeStartingSpark() {
    Run r = bimt("bench-sweep", "--pack", "0");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--pack must be >= 1, got 0"), r.err());
  }

  @Test
  void anOutputThatCannotBeWrittenIsRefusedBeforeTraining() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    Run r = bimt("train", "--task", "independence", "--out", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: " + file + " exists and is not a folder"), r.err());
    assertFalse(r.out().contains("training"), "nothing was trained: " + r.out());
    Run under = bimt("train", "--task", "independence", "--out", file.resolve("sub").toString());
    assertEquals(2, under.code());
    assertTrue(under.err().contains("is not a folder"), under.err());
  }

  @Test
  void aNetworkThatCannotFitIsRefusedWithItsEstimate() {
    Run r = bimt("train", "--task", "independence", "--set", "widths=[4,1000000000,2]", "--out", dir.resolve("big").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: widths [4, 1000000000, 2] need about "), r.err());
    assertTrue(r.err().contains("TB of memory per trial"), r.err());
  }
}
