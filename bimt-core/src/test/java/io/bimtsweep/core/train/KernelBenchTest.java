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
  void everyShapeProductAndImplementationGetsAFigureWithItsRatio() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    KernelBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0.01);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> rows = lines.stream().filter(l -> l.matches("\\d+ x \\d+>\\d+ .*")).toList();
    assertEquals(KernelBench.SHAPES.length * 3, rows.size(), String.join("\n", lines));
    int implementations = 2 * Kernels.available().size() + 1; // and BLAS, and each in float32
    for (String row : rows) {
      long figures = java.util.regex.Pattern.compile("\\d+\\.\\d+ \\( *\\d+\\.\\d+x\\)").matcher(row).results().count();
      assertEquals(implementations, figures, row);
      assertTrue(row.contains("( 1.00x)"), "the scalar loops are the reference: " + row);
    }
    assertTrue(lines.get(1).contains(Kernels.standard().name()) && lines.get(1).contains("BLAS")
        && lines.get(1).contains("f32 scalar") && lines.get(1).contains("f32 " + Kernels.standard().name()), lines.get(1));
  }
}
