package io.bimtsweep.core.metrics;

import io.bimtsweep.core.geometry.LayerLayout;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * Where an image network looks: the share of the first layer's |w| mass on the central pixels, the
 * middle half of the rows and of the columns (a quarter of the pixels, so 0.25 for weights spread
 * evenly). The paper's MNIST claim is that BIMT drops the always-blank border and the receptive
 * field shrinks to the centre: the share rises.
 */
public final class ReceptiveField {
  private ReceptiveField() {}

  /**
   * The central share, or NaN when the input layer is not a 2-D grid or the first layer has no
   * weight left. Pixels are placed where the image has them: position j of a network that swapped
   * its inputs holds original pixel {@code inputPermutation[j]}.
   */
  public static double centreShare(Network net, LayerLayout input) {
    Architecture arch = net.architecture();
    if (input.dimension() != 2 || input.folds() != 1 || input.size() != arch.inputs()) {
      return Double.NaN;
    }
    double[] p = net.parameters();
    int nIn = arch.inputs();
    int nOut = arch.width(1);
    int off = arch.weightOffset(0);
    int[] perm = net.inputPermutation();
    double centre = 0;
    double total = 0;
    for (int j = 0; j < nIn; j++) {
      double mass = 0;
      for (int o = 0; o < nOut; o++) {
        mass += Math.abs(p[off + o * nIn + j]);
      }
      double[] at = input.position(perm[j]);
      if (at[0] >= 0.25 && at[0] <= 0.75 && at[1] >= 0.25 && at[1] <= 0.75) {
        centre += mass;
      }
      total += mass;
    }
    return total > 0 ? centre / total : Double.NaN;
  }
}
