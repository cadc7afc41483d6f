package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.train.Dtype;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
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
}
