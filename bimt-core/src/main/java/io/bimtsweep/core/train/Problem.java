package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Architecture;

/**
 * What to learn, kept apart from how: the data, the network's shape and its neurons' places, and
 * the prediction loss.
 */
public record Problem(String task, Dataset train, Dataset test, Architecture architecture, Geometry geometry, Loss loss) {
  public Problem {
    check(geometry.layers().size() == architecture.weightLayers() + 1,
        "inconsistent widths: the layout has %d layers, the network %d", geometry.layers().size(), architecture.weightLayers() + 1);
    for (int i = 0; i < geometry.layers().size(); i++) {
      check(geometry.layers().get(i).size() == architecture.width(i),
          "inconsistent widths: layout layer %d has %d neurons, network layer %d has %d",
          i, geometry.layers().get(i).size(), i, architecture.width(i));
    }
    Mlp probe = new Mlp(architecture, loss);
    probe.checkCompatible(train);
    probe.checkCompatible(test);
  }
}
