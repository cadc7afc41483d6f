package io.bimtsweep.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** seRNN's communicability-weighted cost: the spec's fixture, its structure, its gradient, and training with it. */
class CommunicabilityTest {

  /** shared/spec/bimt-method.md, section 8: three neurons in 3-D, L2 distances. */
  @Test
  void specFixture() {
    double[] w = {0, 1, .5, 1, 0, .2, .5, .2, 0};
    double[][] xyz = {{0, 0, 0}, {1, 0, 0}, {0, 1, 1}};
    double[] c = Communicability.of(w, 3);
    double wd = 0;
    double wcd = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double d = Math.sqrt(Math.pow(xyz[i][0] - xyz[j][0], 2) + Math.pow(xyz[i][1] - xyz[j][1], 2)
            + Math.pow(xyz[i][2] - xyz[j][2], 2));
        wd += w[i * 3 + j] * d;
        wcd += w[i * 3 + j] * c[i * 3 + j] * d;
      }
    }
    assertEquals(4.10703, wd, 1e-5);
    assertEquals(3.06277, wcd, 1e-5);
    for (int i = 0; i < 3; i++) {
      assertEquals(0.0, c[i * 3 + i], "the diagonal is zeroed");
      for (int j = 0; j < 3; j++) {
        assertEquals(c[i * 3 + j], c[j * 3 + i], 1e-15, "symmetric");
      }
    }
  }

  /** A 2-3-2 network whose halves share no weight: no communicability across them, positive within. */
  @Test
  void disconnectedBlocksHaveNoCommunicabilityAcrossThem() {
    Architecture arch = Fixtures.dense(2, 4, 2);
    Network n = Fixtures.random(arch, 3);
    double[] p = n.parameters();
    // block A: input 0 -> hidden 0,1 -> output 0; block B: input 1 -> hidden 2,3 -> output 1
    for (int o = 0; o < 4; o++) {
      for (int i = 0; i < 2; i++) {
        if ((o < 2) != (i == 0)) {
          p[arch.weightOffset(0) + o * 2 + i] = 0;
        }
      }
    }
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < 4; i++) {
        if ((i < 2) != (o == 0)) {
          p[arch.weightOffset(1) + o * 4 + i] = 0;
        }
      }
    }
    double[][] f = Communicability.weightFactors(arch, p);
    for (int o = 0; o < 4; o++) {
      for (int i = 0; i < 2; i++) {
        boolean within = (o < 2) == (i == 0);
        double c = f[0][o * 2 + i];
        assertTrue(within ? c > 1e-3 : Math.abs(c) < 1e-12, "layer 0 [" + o + "][" + i + "] = " + c);
      }
    }
  }

  /** The gradient of the communicability-weighted cost (weighting held constant) equals central differences. */
  @Test
  void weightedCostGradientMatchesFiniteDifferences() {
    Architecture arch = Fixtures.dense(3, 5, 4, 2);
    double[] p = Fixtures.random(arch, 11).parameters();
    double[][] f = Communicability.weightFactors(arch, p);
    for (Reduction r : Reduction.values()) {
      ConnectionCost cost = new ConnectionCost(arch, Fixtures.lines(arch, 1.5, 0.3, DistanceNorm.L2), r);
      double[] g = new double[p.length];
      double lambda = 0.7;
      cost.addGradient(p, g, lambda, true, f);
      double h = 1e-6;
      for (int k = 0; k < p.length; k++) {
        double keep = p[k];
        p[k] = keep + h;
        double up = cost.value(p, true, f);
        p[k] = keep - h;
        double down = cost.value(p, true, f);
        p[k] = keep;
        assertEquals(lambda * (up - down) / (2 * h), g[k], 1e-7, r + " parameter " + k);
      }
      // with all factors 1 it is BIMT's cost
      double[][] ones = new double[f.length][];
      for (int l = 0; l < f.length; l++) {
        ones[l] = new double[f[l].length];
        java.util.Arrays.fill(ones[l], 1.0);
      }
      assertEquals(cost.value(p, true), cost.value(p, true, ones), 1e-12);
    }
  }

  /** The independence preset trained with seRNN's regulariser reaches BIMT's accuracy bar. */
  @Test
  void sernnTrainsTheIndependencePreset() {
    var o = TrialSetup.train(Presets.config("independence", Map.of("regularizer", "sernn")));
    assertEquals(Regularizer.SERNN, o.config().regularizer());
    assertTrue(o.result().testLoss() < 2e-2, "test MSE " + o.result().testLoss());
    var bimt = TrialSetup.train(Presets.config("independence", Map.of("steps", 2000)));
    var sernn = TrialSetup.train(Presets.config("independence", Map.of("steps", 2000, "regularizer", "sernn")));
    assertTrue(bimt.result().network().parameters()[0] != sernn.result().network().parameters()[0],
        "the regulariser changes training");
    // the same seed gives the same bits
    var again = TrialSetup.train(Presets.config("independence", Map.of("steps", 2000, "regularizer", "sernn")));
    assertTrue(java.util.Arrays.equals(sernn.result().network().parameters(), again.result().network().parameters()));
    assertEquals(List.of(4, 20, 20, 2), sernn.config().widths());
  }
}
