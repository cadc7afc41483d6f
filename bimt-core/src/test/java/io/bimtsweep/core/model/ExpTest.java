package io.bimtsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpTest {
  @Test
  void withinOneUlpOfFdlibmOverTheWholeRange() {
    SplittableRandom r = new SplittableRandom(3);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      double x = i % 2 == 0 ? r.nextDouble(-40, 40) : r.nextDouble(-708, 709);
      double want = StrictMath.exp(x);
      worst = Math.max(worst, Math.abs(Exp.exp(x) - want) / Math.ulp(want));
    }
    assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
  }

  @Test
  void exactWhereTheReductionIsExact() {
    assertEquals(1.0, Exp.exp(0.0), 0.0);
    assertEquals(1.0, Exp.exp(-0.0), 0.0);
    // x = 10 LN2_HI (fdlibm's split of ln 2) reduces exactly to k = 10, r = -10 LN2_LO: e^x = 1024 e^r
    assertEquals(1024.0 * (1 - 10 * Exp.LN2_LO), Exp.exp(10 * Exp.LN2_HI), Math.ulp(1024.0));
  }

  @Test
  void clampedOutsideTheNormalRangeAndNanStaysNan() {
    assertEquals(Exp.exp(-708), Exp.exp(-1000), 0.0);
    assertEquals(Exp.exp(709), Exp.exp(Double.POSITIVE_INFINITY), 0.0);
    assertTrue(Exp.exp(-708) > 0 && Exp.exp(-708) < 4e-308);
    assertTrue(Double.isFinite(Exp.exp(709)) && Exp.exp(709) > 8e307);
    assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
  }

  @Test
  void floatVersionWithinTwoUlpsOfFloatOverTheWholeRange() {
    SplittableRandom r = new SplittableRandom(4);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      float x = (float) (i % 2 == 0 ? r.nextDouble(-20, 20) : r.nextDouble(-87, 88));
      float want = (float) StrictMath.exp(x);
      worst = Math.max(worst, Math.abs((double) ExpF.exp(x) - want) / Math.ulp(want));
    }
    assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
    assertEquals(1f, ExpF.exp(0f), 0f);
    assertEquals(1f, ExpF.exp(-0f), 0f);
  }

  @Test
  void floatVersionClampedOutsideTheNormalRangeAndNanStaysNan() {
    assertEquals(ExpF.exp(-87f), ExpF.exp(-1000f), 0f);
    assertEquals(ExpF.exp(88f), ExpF.exp(Float.POSITIVE_INFINITY), 0f);
    assertTrue(ExpF.exp(-87f) > 0 && ExpF.exp(-87f) >= Float.MIN_NORMAL);
    assertTrue(Float.isFinite(ExpF.exp(88f)) && ExpF.exp(88f) > 1.6e38f);
    assertTrue(Float.isNaN(ExpF.exp(Float.NaN)));
  }
}
