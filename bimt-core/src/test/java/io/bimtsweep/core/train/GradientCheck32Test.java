package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.model.TokenEmbedding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float32 path's analytic gradient of the full loss (prediction + lambda * connection cost):
 * against central differences of its own float32 loss, at float32's tolerance (step 1e-2, error
 * 2e-3 + 2% : a wrong or missing term is off by the size of the gradient), and against the
 * float64 path's gradient at the same (float-valued) parameters, to float32's rounding.
 */
class GradientCheck32Test {
  private static final double LAMBDA = 0.01;

  private static void check(Architecture arch, Dataset data, Loss loss, long seed, int[] batch) {
    check(arch, data, loss, seed, batch, 1);
  }

  /** As above, finite differences for every stride-th parameter (the comparison with float64 covers all). */
  private static void check(Architecture arch, Dataset data, Loss loss, long seed, int[] batch, int stride) {
    ConnectionCost cost = GradientCheckTest.cost(arch);
    Network net = GradientCheckTest.scrambled(arch, seed, cost);
    double[] p = net.parameters();
    float[] pf = new float[p.length];
    Numerics.narrow(p, pf);
    Numerics.widen(pf, p); // the float64 reference at exactly the float32 parameters

    Mlp32 mlp32 = new Mlp32(arch, loss);
    float[] g32 = new float[p.length];
    mlp32.lossAndGradient(pf, net, data, batch, g32);
    cost.addGradient(pf, g32, LAMBDA, true, null);

    Mlp mlp = new Mlp(arch, loss);
    double[] g64 = new double[p.length];
    mlp.lossAndGradient(net, data, batch, g64);
    cost.addGradient(p, g64, LAMBDA, true);
    double scale = 0;
    for (double v : g64) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < p.length; i++) {
      assertEquals(g64[i], g32[i], 2e-6 * scale + 1e-5 * Math.abs(g64[i]), "float32 vs float64 gradient, parameter " + i);
    }

    float h = 1e-2f;
    int checked = 0;
    int candidates = 0;
    for (int i = 0; i < p.length; i += stride) {
      candidates++;
      float keep = pf[i];
      if (Math.abs(keep) < 2 * h) {
        continue; // |w|'s kink lies within the step: central differences do not see its subgradient
      }
      pf[i] = keep + h;
      double up = mlp32.lossAndGradient(pf, net, data, batch, null) + LAMBDA * cost.value(Numerics.widened(pf), true);
      pf[i] = keep - h;
      double down = mlp32.lossAndGradient(pf, net, data, batch, null) + LAMBDA * cost.value(Numerics.widened(pf), true);
      pf[i] = keep;
      double fd = (up - down) / ((double) (keep + h) - (double) (keep - h));
      assertEquals(fd, g32[i], 2e-3 + 2e-2 * Math.abs(fd), "finite differences, parameter " + i);
      checked++;
    }
    assertTrue(checked > 0.8 * candidates, "checked " + checked + " of " + candidates);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void regressionWithEveryActivation(Activation act) {
    check(new Architecture(new int[] {3, 5, 4, 2}, act, null), Fixtures.regression(9, 3, 2, 1), Loss.MSE, 11, null);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void classificationWithBothLosses(Loss loss) {
    check(Fixtures.dense(2, 6, 3), Fixtures.classes(8, 2, 3, 2), loss, 12, null);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void tokenEmbeddingNetwork(Activation act) {
    check(new Architecture(new int[] {6, 5, 4}, act, new TokenEmbedding(7, 3, 2)), Fixtures.tokenData(10, 4, 3),
        Loss.CROSS_ENTROPY, 13, null);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void miniBatchWithRepeatedExamples(Loss loss) {
    check(Fixtures.dense(2, 4, 3), Fixtures.classes(8, 2, 3, 4), loss, 14, new int[] {5, 1, 5, 0});
  }

  @org.junit.jupiter.api.Test
  void wideLayersThroughSgemmAgreeToo() {
    // 400 x 30 x 60 and 400 x 60 x 60: above the BLAS threshold, so sgemm's paths are the ones checked
    // (the second layer's input gradient included; the first layer has none)
    Architecture arch = new Architecture(new int[] {30, 60, 60, 8}, Activation.TANH, null);
    assertTrue((long) 400 * 30 * 60 >= Dense.BLAS_THRESHOLD);
    check(arch, Fixtures.regression(400, 30, 8, 5), Loss.MSE, 5, null, 23);
  }
}
