package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.train.Dtype;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm Java figure of {@code bench --against-pytorch} (the PyTorch side needs torch, so it is not run here). */
class PytorchSideBySideTest {

  @Test
  void theWarmFigureIsAWholeRunOfThePreset() {
    // 2,500 steps: the 2,000-step warm-up run must not be the one reported
    TrialConfig c = Presets.config("independence", Map.of("steps", 2500, "dtype", "float32"));
    Problem p = TrialSetup.problem(c.effective(), TrialSetup.data(c));
    TrainingResult warm = PytorchSideBySide.warm(Dtype.FLOAT32, p, c);
    assertEquals(TrainingResult.Status.OK, warm.status());
    assertEquals(2500, warm.stepsDone());
  }

  /** A stand-in reference script in dir: its arguments in {@code a}, then the given Python lines. */
  private static java.nio.file.Path standIn(java.nio.file.Path dir, String... body) throws java.io.IOException {
    java.nio.file.Path script = dir.resolve("reference.py");
    java.nio.file.Files.writeString(script, "import json, sys\na = sys.argv[1:]\n" + String.join("\n", body) + "\n");
    return script;
  }

  @Test
  void eachTypeAskedForRunsOnBothSides(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PytorchSideBySide.python() != null, "needs a python3 with torch");
    // a stand-in reference: answers at once, in the type it was asked for (the notebook's, float32, without --dtype)
    java.nio.file.Path script = standIn(dir,
        "dtype = a[a.index('--dtype') + 1] if '--dtype' in a else 'float32'",
        "print(json.dumps(dict(task=a[0], steps=int(a[2]), seconds=1.5, metric='test_mse', value=0.25, dtype=dtype)))");
    var out = new java.io.ByteArrayOutputStream();
    PytorchSideBySide.run(List.of("independence"), 300, List.of(Dtype.FLOAT64, Dtype.FLOAT32), script,
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    List<String> rows = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("independence")).toList();
    assertEquals(2, rows.size(), out.toString());
    assertTrue(rows.get(0).matches("independence\\s+300 float64 \\|.*1\\.50s.*mse 2\\.50e-01"), rows.get(0));
    assertTrue(rows.get(1).matches("independence\\s+300 float32 \\|.*1\\.50s.*mse 2\\.50e-01"), rows.get(1));
    out.reset();
    PytorchSideBySide.run(List.of("independence"), 300, null, script,
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(List.of("float32"), out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("independence")).map(l -> l.split("\\s+")[2]).toList(), "the reference's own type");
  }

  @Test
  void aTaskTheReferenceLacksIsRefusedBeforeAnyTraining(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PytorchSideBySide.python() != null, "needs a python3 with torch");
    // a stand-in reference that knows independence only, and refuses the rest as argparse does
    java.nio.file.Path script = standIn(dir,
        "if a[0] != 'independence':",
        "    sys.exit(\"bimt_pytorch.py: error: argument task: invalid choice: '\" + a[0] + \"'\")",
        "print(json.dumps(dict(task=a[0], steps=int(a[2]), seconds=1.5, metric='test_mse', value=0.25)))");
    var out = new java.io.ByteArrayOutputStream();
    var e = assertThrows(IllegalArgumentException.class, () -> PytorchSideBySide.run(List.of("independence", "mnist"),
        300, null, script, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("the PyTorch reference " + script + " cannot run task 'mnist': bimt_pytorch.py: "
        + "error: argument task: invalid choice: 'mnist'"), e.getMessage());
    assertEquals("", out.toString(java.nio.charset.StandardCharsets.UTF_8), "nothing was timed before the refusal");
  }

  @Test
  void theShippedReferenceHasThePapersFourMlpPresets() throws Exception {
    // the cli module's tests run in cli/: the script ships at the repository's root
    String text = java.nio.file.Files.readString(java.nio.file.Path.of("..", "scripts", "reference", "bimt_pytorch.py"));
    for (String task : List.of("independence", "two_moons", "modular_addition", "permutation_group")) {
      assertTrue(text.contains("\"" + task + "\": dict("), task);
    }
  }

  @Test
  void anUnknownTaskIsRefusedBeforeAnythingRuns() {
    // a missing script would be refused next: the task list is checked first, and no PyTorch is needed here
    var out = new java.io.ByteArrayOutputStream();
    var e = assertThrows(IllegalArgumentException.class, () -> PytorchSideBySide.run(List.of("independence", "nosuch"),
        null, null, java.nio.file.Path.of("/nonexistent/bimt_pytorch.py"), new java.io.PrintStream(out)));
    assertTrue(e.getMessage().contains("unknown task 'nosuch'"), e.getMessage());
    assertEquals("", out.toString(), "nothing ran");
  }
}
