package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SweepBenchCommandTest {
  @Test
  void roundsAlternateWhichModeRunsFirst() {
    assertArrayEquals(new int[] {0, 1}, SweepBenchCommand.order(0));
    assertArrayEquals(new int[] {1, 0}, SweepBenchCommand.order(1));
    assertArrayEquals(new int[] {0, 1}, SweepBenchCommand.order(2));
  }

  @Test
  void theSpeedUpIsTheRatioOfSummedWallsWithEachRoundBeside() {
    // 8 + 6 = 14 s in local[1] against 4 + 5 = 9 s in local[2]: 1.56x, not the mean of 2.00x and 1.20x (1.60x)
    assertEquals("speed-up local[2] vs local[1]: 1.56x over 2 rounds in alternating order; each round: 2.00x, 1.20x "
        + "(slots' time = wall x slots; \"idle\" includes the last trials, when one slot has nothing left)",
        SweepBenchCommand.speedUp(new double[][] {{8, 4}, {6, 5}}));
    assertEquals("speed-up local[2] vs local[1]: 1.90x (slots' time = wall x slots; \"idle\" includes the last trials, "
        + "when one slot has nothing left)", SweepBenchCommand.speedUp(new double[][] {{7.6, 4}}));
  }
}
