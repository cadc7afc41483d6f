package io.bimtsweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.swap.NeuronSwapper;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsCalculatorTest {
  private final MetricsCalculator calc = MetricsCalculator.defaults(5);

  /** [4, 6, 2]: inputs 1,3 -> hidden 0..2 -> output 1; inputs 2,4 -> hidden 3..5 -> output 2. */
  private static Network twoBlocks(double cross) {
    Architecture a = Fixtures.dense(4, 6, 2);
    Network n = Fixtures.withAll(a, cross);
    double[] p = n.parameters();
    SplittableRandom r = new SplittableRandom(1);
    int[][] blockInputs = {{0, 2}, {1, 3}};
    for (int b = 0; b < 2; b++) {
      for (int h = 3 * b; h < 3 * b + 3; h++) {
        for (int i : blockInputs[b]) {
          p[a.weightOffset(0) + h * 4 + i] = r.nextDouble(0.5, 1.5);
        }
        p[a.weightOffset(1) + b * 6 + h] = r.nextDouble(0.5, 1.5);
      }
    }
    java.util.Arrays.fill(p, a.biasOffset(0), a.biasOffset(0) + 6, 0.1);
    return n;
  }

  private static Geometry geometry(Architecture a) {
    return Fixtures.lines(a, 1.0, 0.1, DistanceNorm.L1);
  }

  @Test
  void twoDisjointBlocksAreTwoModulesWithTheirReach() {
    Network n = twoBlocks(0);
    NetworkMetrics m = calc.compute(n, geometry(n.architecture()), Reduction.SUM);
    assertEquals(2, m.components());
    assertEquals(List.of(new Module(List.of(1, 3), List.of(1)), new Module(List.of(2, 4), List.of(2))), m.modules());
    assertEquals(2, m.communities());
    assertEquals(12, m.activeNeurons());
    assertEquals(List.of(4, 6, 2), m.activeNeuronsPerLayer());
    assertEquals(18.0 / (4 * 6 + 6 * 2), m.weightFraction1e2(), 1e-12);
  }

  @Test
  void modulesAreReportedInOriginalNumberingAfterSwaps() {
    Network n = twoBlocks(0);
    var a = n.architecture();
    NeuronSwapper sw = new NeuronSwapper(a, new io.bimtsweep.core.cost.ConnectionCost(a, geometry(a), Reduction.SUM));
    sw.swap(n, 0, 0, 1);
    sw.swap(n, 0, 2, 3);
    sw.swap(n, 2, 0, 1);
    sw.swap(n, 1, 0, 5);
    NetworkMetrics m = calc.compute(n, geometry(a), Reduction.SUM);
    assertEquals(List.of(new Module(List.of(1, 3), List.of(1)), new Module(List.of(2, 4), List.of(2))), m.modules());
  }

  @Test
  void twoEqualBlocksHaveQOneHalfAndCrossWeightsLowerIt() {
    Architecture a = Fixtures.dense(2, 2, 2);
    Network n = Fixtures.withAll(a, 0);
    double[] p = n.parameters();
    p[a.weightOffset(0)] = 1;
    p[a.weightOffset(0) + 3] = 1;
    p[a.weightOffset(1)] = 1;
    p[a.weightOffset(1) + 3] = 1;
    NetworkMetrics m = calc.compute(n, geometry(a), Reduction.SUM);
    assertEquals(0.5, m.modularityQ(), 1e-12);
    p[a.weightOffset(0) + 1] = 0.05;
    p[a.weightOffset(1) + 2] = 0.05;
    NetworkMetrics crossed = calc.compute(n, geometry(a), Reduction.SUM);
    assertTrue(crossed.modularityQ() < 0.5 - 1e-3, "Q with cross weights " + crossed.modularityQ());
    assertEquals(1, crossed.components());
  }

  @Test
  void nullModelTellsModulesFromNoise() {
    Architecture a = Fixtures.dense(8, 16, 16, 8);
    // block diagonal: four blocks of 2-4-4-2 neurons
    Network block = Fixtures.withAll(a, 0);
    double[] p = block.parameters();
    SplittableRandom r = new SplittableRandom(3);
    for (int l = 0; l < 3; l++) {
      int nIn = a.width(l);
      int nOut = a.width(l + 1);
      for (int o = 0; o < nOut; o++) {
        for (int i = 0; i < nIn; i++) {
          if (o * 4 / nOut == i * 4 / nIn) {
            p[a.weightOffset(l) + o * nIn + i] = r.nextDouble(0.5, 1.5);
          }
        }
      }
    }
    NetworkMetrics m = calc.compute(block, geometry(a), Reduction.SUM);
    assertTrue(m.modularityZ() > 5, "block-diagonal z = " + m.modularityZ());
    assertEquals(4, m.components());
    Network dense = Fixtures.random(a, 4);
    NetworkMetrics d = calc.compute(dense, geometry(a), Reduction.SUM);
    assertTrue(d.modularityQ() > 0, "a dense random network still has Q > 0");
    assertTrue(Math.abs(d.modularityZ()) < 3, "dense random z = " + d.modularityZ());
  }

  @Test
  void connectionCostsWithOwnAndReferenceGeometry() {
    Architecture a = Fixtures.dense(2, 3, 1);
    Network ones = Fixtures.withAll(a, 1.0);
    NetworkMetrics m = calc.compute(ones, Fixtures.lines(a, 2.0, 0.1, DistanceNorm.L1), Reduction.SUM);
    assertEquals(2 * (22.0 / 12 + 2.0 / 3) + 0.9 + 0.4, m.connectionCost(), 1e-12);
    assertEquals(22.0 / 12 + 2.0 / 3, m.connectionCostRef(), 1e-12);
  }

  @Test
  void deterministicForASeed() {
    Network n = Fixtures.random(Fixtures.dense(4, 10, 10, 3), 8);
    var g = geometry(n.architecture());
    assertEquals(calc.compute(n, g, Reduction.SUM).withoutTime(), calc.compute(n, g, Reduction.SUM).withoutTime());
  }

  @Test
  void allZeroWeightsGiveDefinedValues() {
    Architecture a = Fixtures.dense(3, 4, 2);
    NetworkMetrics m = calc.compute(Fixtures.withAll(a, 0), geometry(a), Reduction.SUM);
    assertEquals(0, m.modularityQ());
    assertEquals(0, m.modularityZ());
    assertEquals(0, m.communities());
    assertEquals(0, m.components());
    assertEquals(0, m.activeNeurons());
    assertEquals(0, m.weightFraction1e2());
  }

  @Test
  void nanWeightsGiveAClearError() {
    Architecture a = Fixtures.dense(3, 4, 2);
    Network n = Fixtures.random(a, 1);
    n.parameters()[3] = Double.NaN;
    var e = assertThrows(IllegalArgumentException.class, () -> calc.compute(n, geometry(a), Reduction.SUM));
    assertTrue(e.getMessage().contains("non-finite"));
  }
}
