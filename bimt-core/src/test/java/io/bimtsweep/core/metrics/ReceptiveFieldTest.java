package io.bimtsweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.geometry.LayerLayout;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import org.junit.jupiter.api.Test;

/** The central share on a 4x4 image, by hand: its centre is pixels 5, 6, 9 and 10. */
class ReceptiveFieldTest {
  private final Architecture arch = new Architecture(new int[] {16, 2, 1}, Activation.SILU, null);
  private final LayerLayout grid = LayerLayout.grid(4, 4);

  private Network net(double[] firstLayerColumnMass, int[] inputPermutation) {
    double[] p = new double[arch.parameterCount()];
    for (int j = 0; j < 16; j++) {
      p[arch.weightOffset(0) + j] = -firstLayerColumnMass[j] / 2; // row 0, sign ignored
      p[arch.weightOffset(0) + 16 + j] = firstLayerColumnMass[j] / 2; // row 1
    }
    return new Network(arch, p, inputPermutation, new int[] {0});
  }

  private static int[] identity() {
    int[] id = new int[16];
    for (int i = 0; i < 16; i++) {
      id[i] = i;
    }
    return id;
  }

  @Test
  void evenWeightsGiveAQuarterAndCentralWeightsGiveAll() {
    double[] even = new double[16];
    java.util.Arrays.fill(even, 1);
    assertEquals(0.25, ReceptiveField.centreShare(net(even, identity()), grid), 1e-15);
    double[] centre = new double[16];
    centre[5] = 2;
    centre[10] = 1;
    centre[0] = 1; // a corner
    assertEquals(0.75, ReceptiveField.centreShare(net(centre, identity()), grid), 1e-15);
  }

  @Test
  void swappedInputsAreCountedWhereTheirPixelIs() {
    double[] mass = new double[16];
    mass[0] = 1; // position 0 ...
    int[] perm = identity();
    perm[0] = 5; // ... holds pixel 5, a central one
    perm[5] = 0;
    assertEquals(1.0, ReceptiveField.centreShare(net(mass, perm), grid), 1e-15);
  }

  @Test
  void undefinedForLinesAndForAnEmptyLayer() {
    assertTrue(Double.isNaN(ReceptiveField.centreShare(net(new double[16], identity()), grid)));
    double[] even = new double[16];
    java.util.Arrays.fill(even, 1);
    assertTrue(Double.isNaN(ReceptiveField.centreShare(net(even, identity()), LayerLayout.line(16))));
  }
}
