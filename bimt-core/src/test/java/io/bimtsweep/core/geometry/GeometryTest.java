package io.bimtsweep.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeometryTest {
  private static final double EPS = 1e-12;

  @Test
  void linePositionsHaveHalfAGapAtEachEnd() {
    LayerLayout l = LayerLayout.line(3);
    assertEquals(1.0 / 6, l.position(0)[0], EPS);
    assertEquals(0.5, l.position(1)[0], EPS);
    assertEquals(5.0 / 6, l.position(2)[0], EPS);
    assertEquals(0.5, LayerLayout.line(1).position(0)[0], EPS);
  }

  @Test
  void foldedLayerRepeatsPositionsPerFold() {
    LayerLayout l = LayerLayout.folded(6, 2);
    for (int p = 0; p < 3; p++) {
      assertEquals((p + 0.5) / 3, l.position(p)[0], EPS);
      assertEquals(l.position(p)[0], l.position(p + 3)[0], EPS);
    }
  }

  @Test
  void l1DistancesOfTheSpecFixture() {
    // [2,3,1], A = 1, y* = 0.1: layer 0 at 1/4, 3/4; layer 1 at 1/6, 1/2, 5/6; layer 2 at 1/2.
    Geometry g = Geometry.lines(new int[] {2, 3, 1}, 1, 1.0, 0.1, DistanceNorm.L1);
    double[] d0 = g.distances(0); // [out][in]
    assertArrayEquals(new double[] {
        1.0 / 12 + 0.1, 7.0 / 12 + 0.1,
        0.25 + 0.1, 0.25 + 0.1,
        7.0 / 12 + 0.1, 1.0 / 12 + 0.1}, d0, EPS);
    assertArrayEquals(new double[] {1.0 / 3 + 0.1, 0.1, 1.0 / 3 + 0.1}, g.distances(1), EPS);
  }

  @Test
  void l2DistancesCombineInPlaneAndLayerOffsets() {
    Geometry g = Geometry.lines(new int[] {2, 3, 1}, 1, 2.0, 0.5, DistanceNorm.L2);
    double[] d1 = g.distances(1);
    assertEquals(Math.sqrt(Math.pow(2.0 / 3, 2) + 0.25), d1[0], EPS);
    assertEquals(0.5, d1[1], EPS);
  }

  @Test
  void zeroWidthLeavesOnlyTheLayerDistance() {
    Geometry g = Geometry.lines(new int[] {4, 5}, 1, 0.0, 0.3, DistanceNorm.L1);
    for (double d : g.distances(0)) {
      assertEquals(0.3, d, EPS);
    }
  }

  @Test
  void gridAndRingLayoutsMeasureInThePlane() {
    Geometry g = new Geometry(List.of(LayerLayout.grid(2, 2), LayerLayout.ring(4, 0.25)), 1.0, 0.5, DistanceNorm.L1);
    // grid neuron 0 at (0.25, 0.25); ring neuron 0 at (0.75, 0.5): |0.5| + |0.25| + y*
    assertEquals(0.5 + 0.25 + 0.5, g.distances(0)[0], EPS);
    // a 1-D layer facing a grid is lifted to z = 0.5
    Geometry h = new Geometry(List.of(LayerLayout.line(2), LayerLayout.grid(1, 1)), 1.0, 0.0, DistanceNorm.L1);
    assertEquals(0.25, h.distances(0)[0], EPS);
  }

  @Test
  void rejectsNegativeWidthAndMismatchedFolds() {
    assertThrows(IllegalArgumentException.class, () -> Geometry.lines(new int[] {2, 2}, 1, -1, 0.1, DistanceNorm.L1));
    assertThrows(IllegalArgumentException.class, () -> LayerLayout.folded(5, 2));
    assertEquals(DistanceNorm.L2, DistanceNorm.parse("l2"));
    assertThrows(IllegalArgumentException.class, () -> DistanceNorm.parse("L3"));
  }
}
