package io.bimtsweep.core.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.task.InContextRegressionTask;
import io.bimtsweep.core.task.SequenceSpec;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.train.Dataset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TransformerTest {
  private static final TransformerShape SMALL = new TransformerShape(2, 4, 2, 6, 2, false);

  private static TaskData data(int tasks) {
    return new InContextRegressionTask().generate(Map.of("n_tasks", tasks), 7);
  }

  private static TransformerPass pass(TransformerShape shape, TaskData d) {
    SequenceSpec s = d.sequence();
    return new TransformerPass(shape, Activation.GELU, s.length(), s.targetPositions(), s.targetOutput());
  }

  /** A net with every parameter random, LayerNorm gains and biases included, so no block is trivial. */
  private static TransformerNet randomNet(TransformerShape shape, long seed) {
    TransformerNet net = TransformerNet.initialise(shape, seed);
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    double[] p = net.parameters();
    for (int n = 0; n < shape.layerNorms(); n++) {
      for (int i = 0; i < 2 * shape.width(); i++) {
        p[shape.layerNormOffset(n) + i] = (i < shape.width() ? 1 : 0) + rnd.nextDouble(-0.5, 0.5);
      }
    }
    return net;
  }

  /** Parameter blocks by name: each linear's weights and biases, each LayerNorm's gains and biases. */
  private static Map<String, int[]> blocks(TransformerShape shape) {
    Map<String, int[]> m = new java.util.LinkedHashMap<>();
    for (TransformerShape.Linear l : shape.linears()) {
      m.put(l.name() + " weights", new int[] {l.weightOffset(), l.biasOffset()});
      m.put(l.name() + " biases", new int[] {l.biasOffset(), l.biasOffset() + l.out()});
    }
    for (int n = 0; n < shape.layerNorms(); n++) {
      int o = shape.layerNormOffset(n);
      m.put("layernorm " + n + " gains", new int[] {o, o + shape.width()});
      m.put("layernorm " + n + " biases", new int[] {o + shape.width(), o + 2 * shape.width()});
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void gradientOfLossAndCostEqualsCentralDifferencesInEveryBlock(boolean layerNorm) {
    TransformerShape shape = new TransformerShape(2, 4, 2, 6, 2, layerNorm);
    TaskData d = data(40);
    TransformerPass pass = pass(shape, d);
    TransformerNet net = randomNet(shape, 3);
    TransformerCost cost = new TransformerCost(shape, 2, 0.5, DistanceNorm.L1, Reduction.MEAN, true);
    double lambda = 0.01;
    int[] idx = {3, 1, 4, 1, 5, 9, 2, 6};
    double[] p = net.parameters();
    double[] grad = new double[p.length];
    pass.lossAndGradient(net, d.train(), idx, grad);
    cost.addGradient(p, grad, lambda, true);
    double h = 1e-6;
    for (var e : blocks(shape).entrySet()) {
      double worst = 0;
      double largest = 0;
      for (int i = e.getValue()[0]; i < e.getValue()[1]; i++) {
        double keep = p[i];
        p[i] = keep + h;
        double up = pass.lossAndGradient(net, d.train(), idx, null) + lambda * cost.value(p, true);
        p[i] = keep - h;
        double down = pass.lossAndGradient(net, d.train(), idx, null) + lambda * cost.value(p, true);
        p[i] = keep;
        double numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - grad[i]));
        largest = Math.max(largest, Math.abs(numeric));
      }
      boolean layerNormBlock = e.getKey().startsWith("layernorm");
      if (layerNormBlock && !layerNorm) {
        assertEquals(0, largest, "LayerNorms that are not applied have no effect: " + e.getKey());
        continue;
      }
      assertTrue(largest > 1e-6, e.getKey() + " has no gradient to check");
      assertTrue(worst < 1e-7 * Math.max(1, largest), e.getKey() + ": analytic and numeric gradients differ by " + worst);
    }
  }

  @Test
  void attentionIsCausal() {
    TaskData d = data(10);
    TransformerPass pass = pass(SMALL, d);
    TransformerNet net = randomNet(SMALL, 5);
    Dataset one = Dataset.regression(java.util.Arrays.copyOf(d.train().x(), 6), 6,
        java.util.Arrays.copyOf(d.train().y(), 2), 2);
    double[] before = pass.outputs(net, one);
    double[] x = one.x().clone();
    x[4] += 1; // the last token (0, x2) changes
    double[] after = pass.outputs(net, Dataset.regression(x, 6, one.y(), 2));
    for (int i = 0; i < 4; i++) {
      assertEquals(before[i], after[i], 0.0, "an earlier token's output saw a later token");
    }
    assertNotEquals(before[4], after[4]);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void swapsInEveryGroupLeaveTheOutputsUnchanged(boolean layerNorm) {
    TransformerShape shape = new TransformerShape(2, 4, 2, 6, 2, layerNorm);
    TaskData d = data(20);
    TransformerPass pass = pass(shape, d);
    TransformerNet net = randomNet(shape, 11);
    TransformerSwapper swapper = new TransformerSwapper(shape,
        new TransformerCost(shape, 2, 0.5, DistanceNorm.L1, Reduction.MEAN, true));
    double[] before = pass.outputs(net, d.test());
    SplittableRandom rnd = new SplittableRandom(2);
    for (int g = 0; g < shape.groups(); g++) {
      int n = shape.groupSize(g);
      for (int t = 0; t < 3; t++) {
        int j = rnd.nextInt(n);
        int k = (j + 1 + rnd.nextInt(n - 1)) % n;
        swapper.swap(net, g, j, k, null, null);
      }
    }
    assertNotEquals(0, java.util.Arrays.compare(TransformerNet.initialise(shape, 11).parameters(), net.parameters()));
    double[] after = pass.outputs(net, d.test());
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], 1e-12 * Math.max(1, Math.abs(before[i])), "output " + i);
    }
  }

  @Test
  void swapDeltaIsTheCostChangeOfTheSwap() {
    TransformerShape shape = new TransformerShape(2, 5, 2, 7, 2, false);
    for (DistanceNorm norm : DistanceNorm.values()) {
      for (Reduction red : Reduction.values()) {
        TransformerCost cost = new TransformerCost(shape, 2, 0.5, norm, red, true);
        TransformerSwapper swapper = new TransformerSwapper(shape, cost);
        TransformerNet net = randomNet(shape, 17);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int g = 0; g < shape.groups(); g++) {
          for (int t = 0; t < 4; t++) {
            int n = shape.groupSize(g);
            int j = rnd.nextInt(n);
            int k = rnd.nextInt(n);
            double before = cost.value(net.parameters(), true);
            double delta = cost.swapDelta(net.parameters(), g, j, k);
            swapper.swap(net, g, j, k, null, null);
            assertEquals(cost.value(net.parameters(), true) - before, delta, 1e-12,
                shape.groupName(g) + " " + j + "<->" + k + " " + norm + " " + red);
          }
        }
      }
    }
  }

  @Test
  void aSwapPassNeverRaisesTheCost() {
    TransformerShape shape = new TransformerShape(2, 8, 2, 12, 2, false);
    TransformerCost cost = new TransformerCost(shape, 2, 0.5, DistanceNorm.L1, Reduction.MEAN, true);
    TransformerSwapper swapper = new TransformerSwapper(shape, cost);
    for (long seed = 0; seed < 5; seed++) {
      TransformerNet net = randomNet(shape, seed);
      double before = cost.value(net.parameters(), true);
      int swaps = swapper.swapPass(net, 4, true, null, null);
      double after = cost.value(net.parameters(), true);
      assertTrue(after <= before + 1e-12, "seed " + seed + ": " + before + " -> " + after);
      assertTrue(swaps > 0, "a random net always has a shorter wiring within reach");
    }
  }

  /** Hand-computed: every parameter 1, A = 1, y* = 0.1, L1 (derivation in the comments). */
  @Test
  void connectionCostOfAllOnesMatchesTheHandComputedValue() {
    TransformerShape shape = new TransformerShape(1, 2, 1, 1, 1, false);
    double[] p = new double[shape.parameterCount()];
    java.util.Arrays.fill(p, 1.0);
    // embed 2x1: rows at 0.25, 0.75, column at 0.5 -> 2 x 0.35 = 0.7; q/k/v 6x2: each fold
    // [[0.1, 0.6], [0.6, 0.1]] -> 3 x 1.4 = 4.2; proj 2x2 -> 1.4; fc1 1x2, fc2 2x1, head 1x2 -> 0.7 each.
    // l_w = 8.4; biases 2 + 6 + 2 + 1 + 2 + 1 = 14 at 0.1 -> 1.4.
    TransformerCost sum = new TransformerCost(shape, 1, 0.1, DistanceNorm.L1, Reduction.SUM, true);
    assertEquals(9.8, sum.value(p, true), 1e-12);
    assertEquals(8.4, sum.value(p, false), 1e-12);
    // mean per map: every map's weights average 0.35 and its biases 0.1 -> 6 x 0.45.
    TransformerCost mean = new TransformerCost(shape, 1, 0.1, DistanceNorm.L1, Reduction.MEAN, true);
    assertEquals(2.7, mean.value(p, true), 1e-12);
    // without the head's distance its two connections cost 0.1 each: 9.8 - 0.7 + 0.2
    TransformerCost noLast = new TransformerCost(shape, 1, 0.1, DistanceNorm.L1, Reduction.SUM, false);
    assertEquals(9.3, noLast.value(p, true), 1e-12);
  }

  @Test
  void widthsSpellTheShapeAndAWrongOneIsNamed() {
    List<Integer> w = List.of(2, 32, 32, 32, 128, 32, 32, 32, 128, 32, 2);
    TransformerShape s = TransformerShape.fromWidths(w, false);
    assertEquals(TransformerShape.notebook(), s);
    assertEquals(w, s.widths());
    assertEquals(2 * 32 + 32 + 2 * (32 * 96 + 96 + 32 * 32 + 32 + 32 * 128 + 128 + 128 * 32 + 32) + 32 * 2 + 2
        + 5 * 64, s.parameterCount());
    var e = assertThrows(IllegalArgumentException.class,
        () -> TransformerShape.fromWidths(List.of(2, 32, 32, 32, 128, 32, 32, 16, 128, 32, 2), false));
    assertTrue(e.getMessage().contains("entry 7 (block 2's residual width) is 16 but must be 32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TransformerShape.fromWidths(List.of(2, 32, 2), false));
    assertTrue(e.getMessage().contains("do not make whole blocks"), e.getMessage());
  }

  @Test
  void theViewDrawsOneMatrixPerMapWithTheStrongestOfQkv() {
    TransformerNet net = randomNet(SMALL, 4);
    var view = TransformerView.network(net);
    assertEquals(SMALL.widths().size(), view.architecture().weightLayers() + 1);
    TransformerShape.Linear qkv = SMALL.linears().get(1);
    double[] p = net.parameters();
    int n = SMALL.width();
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double q = p[qkv.weightOffset() + j * n + i];
        double k = p[qkv.weightOffset() + (n + j) * n + i];
        double v = p[qkv.weightOffset() + (2 * n + j) * n + i];
        double expect = Math.abs(q) >= Math.abs(k) && Math.abs(q) >= Math.abs(v) ? q : Math.abs(k) >= Math.abs(v) ? k : v;
        assertEquals(expect, view.weight(1, j, i), 0.0);
      }
    }
    TransformerShape.Linear fc1 = SMALL.linears().get(3);
    assertEquals(p[fc1.weightOffset() + 2 * n + 3], view.weight(3, 2, 3), 0.0);
  }

  @Test
  void theProbeFindsTheOneNeuronThatCarriesW() {
    SplittableRandom rnd = new SplittableRandom(1);
    int n = 500;
    double[][] x = new double[n][6];
    double[] w = new double[n];
    for (int r = 0; r < n; r++) {
      w[r] = rnd.nextDouble(-1, 1);
      for (int i = 0; i < 6; i++) {
        x[r][i] = rnd.nextGaussian();
      }
      x[r][4] = 3 * w[r] - 2;
      x[r][5] = 0; // a dead neuron
    }
    ResidualProbe p = ResidualProbe.fit(x, w);
    assertEquals(1.0, p.r2(), 1e-9);
    assertEquals(1, p.neuronsNeeded());
    assertArrayEquals(new int[] {4}, p.neurons());
    double[] curve = p.curve();
    assertEquals(5, curve.length, "the curve goes on through every neuron that varies (5 of 6), up to 8");
    assertEquals(1.0, curve[0], 1e-9);
    for (int i = 1; i < curve.length; i++) {
      assertTrue(curve[i] >= curve[i - 1] - 1e-12, "a greedy probe never loses R^2 by adding a neuron");
    }
    // spread over two neurons: both are needed
    for (int r = 0; r < n; r++) {
      x[r][4] = w[r] + x[r][0];
    }
    p = ResidualProbe.fit(x, w);
    assertEquals(1.0, p.r2(), 1e-9);
    assertEquals(2, p.neuronsNeeded());
  }

  @Test
  void sequencesAreTheNotebooksTokens() {
    TaskData d = new InContextRegressionTask().generate(Map.of("n_tasks", 100), 1);
    assertEquals(80, d.train().size());
    assertEquals(20, d.test().size());
    assertEquals(3, d.sequence().length());
    assertArrayEquals(new int[] {0, 2}, d.sequence().targetPositions());
    double[] x = d.train().x();
    double[] y = d.train().y();
    for (int s = 0; s < 80; s++) {
      int o = s * 6;
      assertEquals(0, x[o], 0.0);       // (0, x1)
      assertEquals(0, x[o + 3], 0.0);   // (y1, 0)
      assertEquals(0, x[o + 4], 0.0);   // (0, x2)
      assertEquals(y[2 * s], x[o + 2], 0.0);
      assertTrue(x[o + 1] >= 1 && x[o + 1] < 3 && x[o + 5] >= 1 && x[o + 5] < 3);
      double w = y[2 * s] / x[o + 1];
      assertTrue(w >= -1 && w < 1);
      assertEquals(w * x[o + 5], y[2 * s + 1], 1e-12);
    }
    assertArrayEquals(x, new InContextRegressionTask().generate(Map.of("n_tasks", 100), 1).train().x());
  }
}
