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

  @Test
  void anUnknownTaskIsRefusedBeforeAnythingRuns() {
    // a missing script would be refused next: the task list is checked first, and no PyTorch is needed here
    var out = new java.io.ByteArrayOutputStream();
    var e = assertThrows(IllegalArgumentException.class, () -> PytorchSideBySide.run(List.of("independence", "nosuch"),
        null, java.nio.file.Path.of("/nonexistent/bimt_pytorch.py"), new java.io.PrintStream(out)));
    assertTrue(e.getMessage().contains("unknown task 'nosuch'"), e.getMessage());
    assertEquals("", out.toString(), "nothing ran");
  }
}
