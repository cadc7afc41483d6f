package io.bimtsweep.core.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import io.bimtsweep.core.train.Mlp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeuronSwapperTest {

  private static ConnectionCost cost(Architecture a, Reduction r, DistanceNorm n) {
    return new ConnectionCost(a, Fixtures.lines(a, 2.0, 0.5, n), r);
  }

  /** The authors' rule: evaluate the full cost after every candidate swap; argmin, ties to the lowest index. */
  private static int fullEvaluationChoice(NeuronSwapper sw, ConnectionCost c, Network net, int layer, int j) {
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int k = 0; k < sw.positions(layer); k++) {
      Network copy = net.copy();
      sw.swap(copy, layer, j, k);
      double v = c.value(copy.parameters(), true);
      if (v < bestCost) {
        bestCost = v;
        best = k;
      }
    }
    return best;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void swapsNeverChangeWhatADenseNetworkComputes(long seed) {
    Architecture a = Fixtures.dense(4, 6, 5, 3);
    Network net = Fixtures.random(a, seed);
    Dataset d = Fixtures.regression(12, 4, 3, seed);
    Mlp mlp = new Mlp(a, Loss.MSE);
    double[] before = mlp.predict(net, d);
    double lossBefore = mlp.lossAndGradient(net, d, null, null);
    NeuronSwapper sw = new NeuronSwapper(a, cost(a, Reduction.SUM, DistanceNorm.L1));
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 40; i++) {
      int layer = r.nextInt(a.weightLayers() + 1);
      sw.swap(net, layer, r.nextInt(sw.positions(layer)), r.nextInt(sw.positions(layer)));
    }
    assertArrayEquals(before, mlp.predict(net, d), 1e-12);
    assertEquals(lossBefore, mlp.lossAndGradient(net, d, null, null), 1e-12);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void swapsNeverChangeClassificationOrTokenNetworks(long seed) {
    Architecture a = Fixtures.tokens(5, 4);
    Network net = Fixtures.random(a, seed);
    Dataset d = Fixtures.tokenData(15, 4, seed);
    Mlp mlp = new Mlp(a, Loss.CROSS_ENTROPY);
    double[] before = mlp.predict(net, d);
    var evalBefore = mlp.evaluate(net, d);
    NeuronSwapper sw = new NeuronSwapper(a, cost(a, Reduction.MEAN, DistanceNorm.L2));
    assertEquals(3, sw.positions(0));
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 40; i++) {
      int layer = r.nextInt(a.weightLayers() + 1);
      sw.swap(net, layer, r.nextInt(sw.positions(layer)), r.nextInt(sw.positions(layer)));
    }
    assertArrayEquals(before, mlp.predict(net, d), 1e-12);
    assertEquals(evalBefore.accuracy(), mlp.evaluate(net, d).accuracy(), 0);
  }

  @Test
  void inputAndOutputSwapsUpdateThePermutations() {
    Architecture a = Fixtures.dense(3, 4, 2);
    Network net = Fixtures.random(a, 9);
    NeuronSwapper sw = new NeuronSwapper(a, cost(a, Reduction.SUM, DistanceNorm.L1));
    double w = net.weight(0, 1, 0);
    sw.swap(net, 0, 0, 2);
    sw.swap(net, 2, 0, 1);
    assertArrayEquals(new int[] {2, 1, 0}, net.inputPermutation());
    assertArrayEquals(new int[] {1, 0}, net.outputPermutation());
    assertEquals(w, net.weight(0, 1, 2), 0);
  }

  @Test
  void foldedInputSwapMovesEveryFoldAndTheEmbeddingColumn() {
    Architecture a = Fixtures.tokens(2);
    Network net = Fixtures.random(a, 4);
    double w0 = net.weight(0, 1, 0);
    double w3 = net.weight(0, 1, 3);
    double e = net.parameters()[a.embeddingOffset() + 5 * 3]; // token 5, dim 0
    new NeuronSwapper(a, cost(a, Reduction.SUM, DistanceNorm.L1)).swap(net, 0, 0, 2);
    assertEquals(w0, net.weight(0, 1, 2), 0);
    assertEquals(w3, net.weight(0, 1, 5), 0);
    assertEquals(e, net.parameters()[a.embeddingOffset() + 5 * 3 + 2], 0);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void incrementalChoiceEqualsFullEvaluationInEveryLayer(long seed) {
    for (Reduction red : Reduction.values()) {
      for (DistanceNorm norm : DistanceNorm.values()) {
        for (Architecture a : new Architecture[] {Fixtures.dense(5, 7, 6, 3), Fixtures.tokens(8, 4)}) {
          Network net = Fixtures.random(a, seed);
          ConnectionCost c = cost(a, red, norm);
          NeuronSwapper sw = new NeuronSwapper(a, c);
          for (int layer = 0; layer <= a.weightLayers(); layer++) {
            for (int j = 0; j < sw.positions(layer); j++) {
              assertEquals(fullEvaluationChoice(sw, c, net, layer, j), sw.bestPartner(net, layer, j),
                  "layer " + layer + " neuron " + j + " " + red + " " + norm);
              double before = c.value(net.parameters(), true);
              assertEquals(before + sw.costChange(net, layer, j, (j + 1) % sw.positions(layer)),
                  costAfter(sw, c, net, layer, j, (j + 1) % sw.positions(layer)), 1e-12);
            }
          }
        }
      }
    }
  }

  private static double costAfter(NeuronSwapper sw, ConnectionCost c, Network net, int layer, int j, int k) {
    Network copy = net.copy();
    sw.swap(copy, layer, j, k);
    return c.value(copy.parameters(), true);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void aSwapPassNeverRaisesTheCostAndMatchesTheAuthorsPass(long seed) {
    Architecture a = Fixtures.dense(6, 10, 10, 4);
    ConnectionCost c = cost(a, Reduction.SUM, DistanceNorm.L1);
    NeuronSwapper sw = new NeuronSwapper(a, c);
    Network net = Fixtures.random(a, seed);
    Network reference = net.copy();
    double before = c.value(net.parameters(), true);
    int swaps = sw.swapPass(net, 4);
    assertTrue(c.value(net.parameters(), true) <= before + 1e-12);
    // the authors' pass: rank top_k positions once per layer, relocate each by full evaluation
    for (int layer = 0; layer <= a.weightLayers(); layer++) {
      for (int j : sw.topPositions(reference, layer, 4)) {
        double pre = c.value(reference.parameters(), true);
        sw.swap(reference, layer, j, fullEvaluationChoice(sw, c, reference, layer, j));
        assertTrue(c.value(reference.parameters(), true) <= pre + 1e-12);
      }
    }
    assertArrayEquals(reference.parameters(), net.parameters(), 0);
    assertArrayEquals(reference.inputPermutation(), net.inputPermutation());
    assertArrayEquals(reference.outputPermutation(), net.outputPermutation());
    assertTrue(swaps > 0, "a random network should have something to gain from swaps");
  }

  @Test
  void topPositionsRankByIncomingPlusOutgoingMass() {
    Architecture a = Fixtures.dense(2, 3, 1);
    Network net = Fixtures.withAll(a, 0.0);
    double[] p = net.parameters();
    p[a.weightOffset(0) + 2 * 2] = 3; // into hidden 2
    p[a.weightOffset(1) + 1] = -2; // out of hidden 1
    NeuronSwapper sw = new NeuronSwapper(a, cost(a, Reduction.SUM, DistanceNorm.L1));
    assertArrayEquals(new double[] {0, 2, 3}, sw.scores(net, 1), 0);
    assertArrayEquals(new int[] {2, 1}, sw.topPositions(net, 1, 2));
    assertArrayEquals(new double[] {3, 0}, sw.scores(net, 0), 0);
    assertNotEquals(0, sw.topPositions(net, 1, 10).length);
  }
}
