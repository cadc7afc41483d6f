package io.bimtsweep.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import org.junit.jupiter.api.Test;

class ConnectionCostTest {
  private static final double EPS = 1e-12;
  private final Architecture arch = Fixtures.dense(2, 3, 1);
  private final Network ones = Fixtures.withAll(arch, 1.0);

  @Test
  void specFixtureSumL1() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L1), Reduction.SUM);
    assertEquals(22.0 / 12 + 0.6 + 2.0 / 3 + 0.3, c.weightCost(ones.parameters()), EPS);
    assertEquals(3.4, c.value(ones.parameters(), false), EPS);
    assertEquals(3.8, c.value(ones.parameters(), true), EPS);
  }

  @Test
  void meanReductionDividesEachLayerByItsSize() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L1), Reduction.MEAN);
    double lw = (22.0 / 12 + 0.6) / 6 + (2.0 / 3 + 0.3) / 3;
    double lb = 0.1 * 3 / 3 + 0.1 * 1 / 1;
    assertEquals(lw + lb, c.value(ones.parameters(), true), EPS);
  }

  @Test
  void l2FixtureByHand() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L2), Reduction.SUM);
    double first = 2 * Math.sqrt(1.0 / 144 + 0.01) + 2 * Math.sqrt(1.0 / 16 + 0.01) + 2 * Math.sqrt(49.0 / 144 + 0.01);
    double second = 2 * Math.sqrt(1.0 / 9 + 0.01) + 0.1;
    assertEquals(first + second, c.weightCost(ones.parameters()), EPS);
  }

  @Test
  void costScalesWithAbsoluteWeightsAndIgnoresSign() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L1), Reduction.SUM);
    Network neg = Fixtures.withAll(arch, -2.0);
    assertEquals(7.6, c.value(neg.parameters(), true), EPS);
  }

  @Test
  void droppingTheLastLayersDistanceLeavesYStarThere() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L1), Reduction.SUM, false);
    assertEquals(22.0 / 12 + 0.6 + 0.3, c.weightCost(ones.parameters()), EPS);
  }

  @Test
  void embeddingCostsYStarPerEntry() {
    Architecture t = Fixtures.tokens(2);
    Network n = Fixtures.withAll(t, 0.5);
    ConnectionCost sum = new ConnectionCost(t, Fixtures.lines(t, 1, 0.2, DistanceNorm.L1), Reduction.SUM);
    assertEquals(0.2 * 21 * 0.5, sum.embeddingCost(n.parameters()), EPS);
    ConnectionCost mean = new ConnectionCost(t, Fixtures.lines(t, 1, 0.2, DistanceNorm.L1), Reduction.MEAN);
    assertEquals(0.2 * 0.5, mean.embeddingCost(n.parameters()), EPS);
  }

  @Test
  void gradientIsDistanceTimesSignAndZeroAtZero() {
    ConnectionCost c = new ConnectionCost(arch, Fixtures.lines(arch, 1, 0.1, DistanceNorm.L1), Reduction.SUM);
    Network n = Fixtures.withAll(arch, -1.0);
    double[] p = n.parameters();
    p[arch.weightOffset(1) + 1] = 0.0; // the middle weight of the second layer
    double[] g = new double[p.length];
    c.addGradient(p, g, 2.0, true);
    assertEquals(-2.0 * (1.0 / 12 + 0.1), g[arch.weightOffset(0)], EPS);
    assertEquals(0.0, g[arch.weightOffset(1) + 1], 0.0);
    assertEquals(-2.0 * 0.1, g[arch.biasOffset(0)], EPS);
    double[] g2 = new double[p.length];
    c.addGradient(p, g2, 2.0, false);
    assertEquals(0.0, g2[arch.biasOffset(0)], 0.0);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Architecture t = Fixtures.tokens(4, 3);
    Network n = Fixtures.random(t, 3);
    for (Reduction r : Reduction.values()) {
      ConnectionCost c = new ConnectionCost(t, Fixtures.lines(t, 1.5, 0.3, DistanceNorm.L2), r);
      double[] p = n.parameters();
      double[] g = new double[p.length];
      c.addGradient(p, g, 1.0, true);
      double h = 1e-7;
      for (int i = 0; i < p.length; i++) {
        double keep = p[i];
        p[i] = keep + h;
        double up = c.value(p, true);
        p[i] = keep - h;
        double down = c.value(p, true);
        p[i] = keep;
        assertEquals((up - down) / (2 * h), g[i], 1e-6, "parameter " + i + " (" + r + ")");
      }
    }
  }
}
