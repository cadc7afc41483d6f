package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.model.TokenEmbedding;
import io.bimtsweep.core.swap.NeuronSwapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analytic gradient of the full loss (prediction + lambda * connection cost) equals central differences. */
class GradientCheckTest {

  /** The cost the checks add: L1 lengths on lines of width 1.3, y* 0.2, summed. */
  static ConnectionCost cost(Architecture arch) {
    return new ConnectionCost(arch, Fixtures.lines(arch, 1.3, 0.2, DistanceNorm.L1), Reduction.SUM);
  }

  /**
   * A network of random parameters whose input, output and first hidden neurons have been
   * swapped: gradients must hold after swaps, permutations included.
   */
  static Network scrambled(Architecture arch, long seed, ConnectionCost cost) {
    Network net = Fixtures.random(arch, seed);
    NeuronSwapper sw = new NeuronSwapper(arch, cost);
    sw.swap(net, 0, 0, 1);
    sw.swap(net, arch.weightLayers(), 0, arch.outputs() - 1);
    sw.swap(net, 1, 0, 2);
    return net;
  }

  private static void check(Architecture arch, Dataset data, Loss loss, long seed, int[] batch) {
    var cost = cost(arch);
    Network net = scrambled(arch, seed, cost);
    double lambda = 0.01;
    Mlp mlp = new Mlp(arch, loss);
    double[] p = net.parameters();
    double[] g = new double[p.length];
    mlp.lossAndGradient(net, data, batch, g);
    cost.addGradient(p, g, lambda, true);
    double h = 1e-6;
    for (int i = 0; i < p.length; i++) {
      double keep = p[i];
      p[i] = keep + h;
      double up = mlp.lossAndGradient(net, data, batch, null) + lambda * cost.value(p, true);
      p[i] = keep - h;
      double down = mlp.lossAndGradient(net, data, batch, null) + lambda * cost.value(p, true);
      p[i] = keep;
      double fd = (up - down) / (2 * h);
      assertEquals(fd, g[i], 1e-7 + 1e-5 * Math.abs(fd), "parameter " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void regressionWithEveryActivation(Activation act) {
    Architecture arch = new Architecture(new int[] {3, 5, 4, 2}, act, null);
    check(arch, Fixtures.regression(9, 3, 2, 1), Loss.MSE, 11, null);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void classificationWithBothLosses(Loss loss) {
    Architecture arch = Fixtures.dense(2, 6, 3);
    check(arch, Fixtures.classes(8, 2, 3, 2), loss, 12, null);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void tokenEmbeddingNetwork(Activation act) {
    Architecture arch = new Architecture(new int[] {6, 5, 4}, act, new TokenEmbedding(7, 3, 2));
    check(arch, Fixtures.tokenData(10, 4, 3), Loss.CROSS_ENTROPY, 13, null);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void miniBatchWithRepeatedExamples(Loss loss) {
    Architecture arch = Fixtures.dense(2, 4, 3);
    check(arch, Fixtures.classes(8, 2, 3, 4), loss, 14, new int[] {5, 1, 5, 0});
  }

  @org.junit.jupiter.api.Test
  void wideLayersThroughBlasAgreeToo() {
    // 400 x 30 x 30, twice: above the BLAS threshold, so the gemm paths are the ones checked (the
    // second layer's input gradient included; the first layer has none).
    Architecture arch = new Architecture(new int[] {30, 30, 30, 8}, Activation.TANH, null);
    Dataset d = Fixtures.regression(400, 30, 8, 5);
    Network net = Fixtures.random(arch, 5);
    Mlp mlp = new Mlp(arch, Loss.MSE);
    double[] g = new double[arch.parameterCount()];
    mlp.lossAndGradient(net, d, null, g);
    double[] p = net.parameters();
    double h = 1e-6;
    for (int i = 0; i < p.length; i += 37) {
      double keep = p[i];
      p[i] = keep + h;
      double up = mlp.lossAndGradient(net, d, null, null);
      p[i] = keep - h;
      double down = mlp.lossAndGradient(net, d, null, null);
      p[i] = keep;
      assertEquals((up - down) / (2 * h), g[i], 1e-8 + 1e-5 * Math.abs(g[i]), "parameter " + i);
    }
  }
}
