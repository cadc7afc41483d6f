package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bimt bench --kernels} prints a figure for every shape, product and implementation (speed is not asserted). */
class KernelBenchTest {
  @Test
  void modularAdditionsFlopsAreItsTwoBlasLayersForwardAndTwiceBackward() {
    // 2785 x (50x50 + 50x59) multiply-adds = 15,178,250; three products each, two operations each
    assertEquals(91_069_500.0, KernelBench.modularAdditionFlops());
    assertEquals(io.bimtsweep.core.task.Tasks.get("modular_addition").generate(java.util.Map.of(), 4).train().size(),
        KernelBench.MODULAR_ADDITION_BATCH, "the bench's batch is the task's training set");
  }

  @Test
  void everyShapeProductAndImplementationGetsAFigureWithItsRatio() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    KernelBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0.01);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> rows = lines.stream().filter(l -> l.matches("\\d+ x \\d+>\\d+ .*")).toList();
    assertEquals(KernelBench.SHAPES.length * 3, rows.size(), String.join("\n", lines));
    int implementations = 2 * (Kernels.available().size() + 1); // and BLAS, and each in float32
    double[] floorMicros = new double[3]; // the engine's float64 kernels, BLAS, sgemm
    for (String row : rows) {
      List<Double> figures = java.util.regex.Pattern.compile("(\\d+\\.\\d+) \\( *\\d+\\.\\d+x\\)").matcher(row).results()
          .map(m -> Double.parseDouble(m.group(1))).toList();
      assertEquals(implementations, figures.size(), row);
      assertTrue(row.contains("( 1.00x)"), "the scalar loops are the reference: " + row);
      if (row.startsWith(KernelBench.MODULAR_ADDITION_BATCH + " x ")) {
        floorMicros[0] += figures.get(implementations / 2 - 2);
        floorMicros[1] += figures.get(implementations / 2 - 1);
        floorMicros[2] += figures.get(implementations - 1);
      }
    }
    assertTrue(lines.get(1).contains(Kernels.standard().name()) && lines.get(1).contains("BLAS")
        && lines.get(1).contains("f32 scalar") && lines.get(1).contains("f32 " + Kernels.standardFloat().name())
        && lines.get(1).contains("f32 BLAS"), lines.get(1));
    // the peak line: the rate of modular addition's products on the engine's kernels and on BLAS, each as a share of the peak
    String peak = lines.stream().filter(l -> l.startsWith("one core's peak in this run: ")).findFirst()
        .orElseThrow(() -> new AssertionError(String.join("\n", lines)));
    java.util.regex.Matcher p = java.util.regex.Pattern.compile("peak in this run: (\\d+\\.\\d) GFLOP/s .* ran at "
        + "(\\d+\\.\\d) GFLOP/s \\((\\d+)% of it\\) on " + Kernels.standard().name()
        + " and (\\d+\\.\\d) GFLOP/s \\((\\d+)%\\) on BLAS").matcher(peak);
    assertTrue(p.find(), peak);
    double peakRate = Double.parseDouble(p.group(1));
    assertTrue(peakRate > 0, peak);
    for (int g = 2; g <= 4; g += 2) {
      double rate = Double.parseDouble(p.group(g));
      assertTrue(rate > 0, peak);
      double percent = 100 * rate / peakRate;
      // both rates are printed to 0.1: the share is checked within what that rounding allows
      assertEquals(percent, Long.parseLong(p.group(g + 1)), 1 + percent * (0.05 / peakRate + 0.05 / rate), peak);
    }
    // the floor line adds up the six figures of modular addition's two shapes, per implementation
    String floor = lines.stream().filter(l -> l.startsWith("modular addition: its six products")).findFirst()
        .orElseThrow(() -> new AssertionError(String.join("\n", lines)));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("take (\\d+\\.\\d+) ms on the engine's float64 kernels \\("
        + Kernels.standard().name() + "\\), (\\d+\\.\\d+) ms on BLAS in float64 and (\\d+\\.\\d+) ms on BLAS in float32 "
        + "in this run, so 20,000 steps take at least (\\d+\\.\\d+) s, (\\d+\\.\\d+) s and (\\d+\\.\\d+) s").matcher(floor);
    assertTrue(m.find(), floor);
    for (int t = 0; t < 3; t++) {
      double ms = Double.parseDouble(m.group(1 + t));
      assertEquals(floorMicros[t] / 1e3, ms, 0.0005 + 6 * 0.005e-3, floor);
      assertEquals(ms * 20, Double.parseDouble(m.group(4 + t)), 0.05 + 0.0005 * 20, floor);
    }
  }
}
