package io.bimtsweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.Fixtures;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectralCutTest {

  /** The spec's fixture: W1 = [[12,-1.3],[0,7.4]], W2 = [[-8.9,0.15],[0.23,-5.7]] ([in][out]), labels [0,1,0,1,0,1]. */
  @Test
  void filanFixture() {
    Architecture a = Fixtures.dense(2, 2, 2);
    Network n = Fixtures.withAll(a, 0);
    double[][] w1 = {{12, -1.3}, {0, 7.4}};
    double[][] w2 = {{-8.9, 0.15}, {0.23, -5.7}};
    double[] p = n.parameters();
    for (int i = 0; i < 2; i++) {
      for (int o = 0; o < 2; o++) {
        p[a.weightOffset(0) + o * 2 + i] = w1[i][o]; // ours are [out][in]
        p[a.weightOffset(1) + o * 2 + i] = w2[i][o];
      }
    }
    double ncut = SpectralCut.nCut(WeightedGraph.ofNetwork(n, 0), new int[] {0, 1, 0, 1, 0, 1});
    assertEquals(1.68 / 43.48 + 1.68 / 27.88, ncut, 1e-12);
    assertEquals(0.0990, ncut, 1e-3);
  }

  private static Network blocks(int count, double cross, long seed) {
    Architecture a = Fixtures.dense(8, 16, 16, 8);
    Network n = Fixtures.withAll(a, 0);
    double[] p = n.parameters();
    SplittableRandom r = new SplittableRandom(seed);
    for (int l = 0; l < 3; l++) {
      int nIn = a.width(l);
      int nOut = a.width(l + 1);
      for (int o = 0; o < nOut; o++) {
        for (int i = 0; i < nIn; i++) {
          boolean same = o * count / nOut == i * count / nIn;
          p[a.weightOffset(l) + o * nIn + i] = same ? r.nextDouble(0.5, 1.5) : cross * r.nextDouble();
        }
      }
    }
    return n;
  }

  @Test
  void spectralClusteringFindsDisjointBlocks() {
    Network n = blocks(2, 0, 1);
    WeightedGraph g = WeightedGraph.ofNetwork(n, 0);
    int[] labels = SpectralCut.cluster(g, 2, 3);
    assertEquals(0.0, SpectralCut.nCut(g, labels), 1e-12);
    // neurons of the first half of every layer share one label
    assertEquals(labels[0], labels[3]);
    assertEquals(labels[8], labels[15]);
    assertTrue(labels[0] != labels[7]);
  }

  @Test
  void theShuffleTestTellsClustersFromNoise() {
    var clustered = SpectralCut.compute(blocks(4, 0.01, 2), 4, 5, 8);
    assertTrue(clustered.ncut() < 0.1, "n-cut of four near-disjoint blocks: " + clustered.ncut());
    assertTrue(clustered.z() < -5, "clustered z = " + clustered.z());
    var random = SpectralCut.compute(Fixtures.random(Fixtures.dense(8, 16, 16, 8), 6), 4, 5, 8);
    assertTrue(Math.abs(random.z()) < 3, "random z = " + random.z());
  }

  @Test
  void deterministicForASeed() {
    Network n = Fixtures.random(Fixtures.dense(4, 10, 10, 3), 4);
    assertEquals(SpectralCut.compute(n, 4, 9, 4), SpectralCut.compute(n, 4, 9, 4));
    WeightedGraph g = WeightedGraph.ofNetwork(n, 0);
    assertArrayEquals(SpectralCut.cluster(g, 3, 1), SpectralCut.cluster(g, 3, 1));
  }

  @Test
  void emptyNetworksGiveUndefinedNotErrors() {
    var r = SpectralCut.compute(Fixtures.withAll(Fixtures.dense(3, 4, 2), 0), 4, 1, 4);
    assertTrue(Double.isNaN(r.ncut()));
  }
}
