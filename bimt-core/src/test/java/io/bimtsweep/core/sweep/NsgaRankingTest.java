package io.bimtsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** NSGA-II's order on fixtures worked out by hand. */
class NsgaRankingTest {
  private static final boolean[] LOSS_MIN_Q_MAX = {false, true};

  @Test
  void frontsPeelOffOneAfterAnother() {
    // (loss, Q): a=(0.1,0.5) b=(0.2,0.6) c=(0.3,0.4) d=(0.2,0.5) e=(0.4,0.3)
    // a and b are not dominated (front 0); d is dominated by a (0.1<0.2, 0.5=0.5), c by a and d; after
    // removing a, b: d is undominated (front 1); then c (front 2), then e (front 3)
    double[][] v = {{0.1, 0.5}, {0.2, 0.6}, {0.3, 0.4}, {0.2, 0.5}, {0.4, 0.3}};
    assertArrayEquals(new int[] {0, 0, 2, 1, 3}, NsgaRanking.fronts(v, LOSS_MIN_Q_MAX));
    assertArrayEquals(new int[] {0, 1, 3, 2, 4}, NsgaRanking.order(v, LOSS_MIN_Q_MAX));
  }

  @Test
  void withinAFrontTheExtremesComeFirstThenTheLeastCrowded() {
    // one front of five points on the line loss + Q... all mutually non-dominated (loss up, Q up):
    // p0=(0.0,0.0) p1=(0.1,0.1) p2=(0.5,0.5) p3=(0.6,0.6) p4=(1.0,1.0)
    // extremes p0 and p4: infinite. Inner, per objective (range 1): p1: (0.5-0.0)=0.5, p2: (0.6-0.1)=0.5,
    // p3: (1.0-0.5)=0.5, summed over the two objectives: 1.0 each -> ties broken by index.
    double[][] v = {{0.0, 0.0}, {0.1, 0.1}, {0.5, 0.5}, {0.6, 0.6}, {1.0, 1.0}};
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, NsgaRanking.fronts(v, LOSS_MIN_Q_MAX));
    assertArrayEquals(new int[] {0, 4, 1, 2, 3}, NsgaRanking.order(v, LOSS_MIN_Q_MAX));
    // move p2 to (0.3, 0.3): p1 gets (0.3-0)=0.3 x2 = 0.6, p2 (0.6-0.1)=0.5 x2 = 1.0, p3 (1.0-0.3)=0.7 x2 = 1.4
    v[2] = new double[] {0.3, 0.3};
    assertArrayEquals(new int[] {0, 4, 3, 2, 1}, NsgaRanking.order(v, LOSS_MIN_Q_MAX));
  }

  @Test
  void aPointWithoutAValueRanksLast() {
    double[][] v = {{Double.NaN, 0.9}, {0.5, 0.1}, {0.4, 0.2}};
    // (0.4, 0.2) dominates (0.5, 0.1); the NaN point comes after both
    assertArrayEquals(new int[] {2, 1, 0}, NsgaRanking.order(v, LOSS_MIN_Q_MAX));
  }
}
