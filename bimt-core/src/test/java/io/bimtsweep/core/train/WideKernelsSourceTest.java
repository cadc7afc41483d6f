package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WideKernels.java is written by scripts/generate-wide-kernels: an edit to the one without the
 * other fails here (when python3 is installed; the generator needs nothing else).
 */
class WideKernelsSourceTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theSourceIsWhatItsGeneratorWrites(@TempDir Path dir) throws Exception {
    Path script = ROOT.resolve("scripts/generate-wide-kernels");
    Path source = ROOT.resolve("bimt-core/src/main/java/io/bimtsweep/core/train/WideKernels.java");
    assumeTrue(Files.isRegularFile(script) && Files.isRegularFile(source), "run from the bimt-core module");
    Path out = dir.resolve("WideKernels.java");
    Process p;
    try {
      p = new ProcessBuilder("python3", script.toString(), out.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no python3 here: " + e.getMessage());
      return;
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "the generator finished");
    assertEquals(0, p.exitValue(), log);
    assertEquals(Files.readString(source), Files.readString(out),
        "WideKernels.java differs from what scripts/generate-wide-kernels writes: edit the script and run it");
  }
}
