package io.bimtsweep.core.task;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.train.CheckpointResumeTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The image tasks (grids, mini-batches, pixels that never swap) resume from a checkpoint bit for bit too. */
class ImageResumeTest {
  @TempDir static Path dir;

  @ParameterizedTest
  @CsvSource({"mnist, 19", "mnist, 20", "fashion_mnist, 21"})
  void anImageTaskResumesBitForBit(String task, int stopAt) throws IOException {
    ImageTaskTest.images(dir, "train", 40, 4, false);
    ImageTaskTest.images(dir, "t10k", 10, 4, false);
    CheckpointResumeTest.assertResumes(Presets.config(task, Map.of("task_options", Map.of("path", dir.toString()),
        "widths", List.of(16, 9, 10), "steps", 60, "swap_interval", 20, "top_k", 4, "batch_size", 10)).effective(),
        stopAt);
  }
}
