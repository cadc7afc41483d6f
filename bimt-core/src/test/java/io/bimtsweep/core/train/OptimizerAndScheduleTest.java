package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerAndScheduleTest {

  @Test
  void adamWFirstTwoStepsByHand() {
    AdamW opt = new AdamW(1, 0.1, 0.9, 0.999, 1e-8, 0.0);
    double[] p = {1.0};
    opt.step(p, new double[] {0.5});
    // m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25: p -= 0.1 * 0.5 / (0.5 + 1e-8)
    assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p[0], 1e-15);
    double p1 = p[0];
    opt.step(p, new double[] {-1.0});
    double m = 0.9 * 0.05 + 0.1 * -1.0;
    double v = 0.999 * 0.00025 + 0.001 * 1.0;
    double mh = m / (1 - 0.81);
    double vh = v / (1 - 0.998001);
    assertEquals(p1 - 0.1 * mh / (Math.sqrt(vh) + 1e-8), p[0], 1e-12);
  }

  @Test
  void adamWDecaysWeightsDecoupled() {
    AdamW opt = new AdamW(1, 0.1, 0.9, 0.999, 1e-8, 0.5);
    double[] p = {2.0};
    opt.step(p, new double[] {0.0});
    assertEquals(2.0 * (1 - 0.05), p[0], 1e-15);
  }

  @Test
  void notebookSchedulesAsData() {
    LambdaSchedule sym = LambdaSchedule.parse("1e-3, x10@25%, x0.1@75%");
    assertEquals(1e-3, sym.valueAt(4999, 20000), 1e-18);
    assertEquals(1e-2, sym.valueAt(5000, 20000), 1e-18);
    assertEquals(1e-2, sym.valueAt(14999, 20000), 1e-18);
    assertEquals(1e-3, sym.valueAt(15000, 20000), 1e-17);
    LambdaSchedule mod = LambdaSchedule.parse("0.1, =1@5000, =0.1@15000");
    assertEquals(0.1, mod.valueAt(0, 20000), 0);
    assertEquals(1.0, mod.valueAt(5000, 20000), 0);
    assertEquals(0.1, mod.valueAt(19999, 20000), 0);
    assertEquals(1.0, mod.max(20000), 0);
  }

  @Test
  void rescalingKeepsTheShapeAndRoundTrips() {
    LambdaSchedule s = LambdaSchedule.parse("0.1, =1@5000, x0.5@50%");
    LambdaSchedule t = s.withInitial(0.01);
    assertEquals(0.01, t.valueAt(0, 100000), 1e-18);
    assertEquals(0.1, t.valueAt(5000, 100000), 1e-17);
    assertEquals(0.05, t.valueAt(50000, 100000), 1e-17);
    assertEquals(t, LambdaSchedule.parse(t.toString()));
  }

  @Test
  void malformedSchedulesAreRejectedWithTheReason() {
    var e = assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("-1"));
    assertEquals("negative lambda: lambda must be a finite number >= 0, got -1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("abc"));
    assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("1e-3, 10@5"));
    assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("1e-3, x10@150%"));
  }
}
