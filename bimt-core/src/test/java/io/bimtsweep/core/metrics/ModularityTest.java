package io.bimtsweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModularityTest {

  /** Builds a graph from cliques (of the given sizes, numbered consecutively) plus extra edges. */
  private static WeightedGraph cliques(int[] sizes, int[][] extra) {
    List<int[]> e = new ArrayList<>();
    int base = 0;
    for (int s : sizes) {
      for (int i = 0; i < s; i++) {
        for (int j = i + 1; j < s; j++) {
          e.add(new int[] {base + i, base + j});
        }
      }
      base += s;
    }
    for (int[] x : extra) {
      e.add(x);
    }
    return unweighted(base, e);
  }

  private static WeightedGraph unweighted(int n, List<int[]> e) {
    int[] f = new int[e.size()];
    int[] t = new int[e.size()];
    double[] w = new double[e.size()];
    for (int i = 0; i < e.size(); i++) {
      f[i] = e.get(i)[0];
      t[i] = e.get(i)[1];
      w[i] = 1;
    }
    return new WeightedGraph(n, f, t, w);
  }

  @Test
  void twoDisjointK5() {
    var p = Modularity.best(cliques(new int[] {5, 5}, new int[0][]), 1, 3);
    assertEquals(0.5, p.q(), 1e-12);
    assertEquals(2, p.communities());
    assertArrayEquals(new int[] {5, 5}, p.sizes());
  }

  @Test
  void fourDisjointK3() {
    assertEquals(0.75, Modularity.best(cliques(new int[] {3, 3, 3, 3}, new int[0][]), 1, 3).q(), 1e-12);
  }

  @Test
  void twoK5JoinedByOneEdge() {
    var g = cliques(new int[] {5, 5}, new int[][] {{4, 5}});
    assertEquals(20.0 / 21 - 0.5, Modularity.best(g, 1, 3).q(), 1e-12);
    assertEquals(0.452381, Modularity.best(g, 1, 3).q(), 1e-6);
  }

  @Test
  void oneCommunityHasZeroQ() {
    var g = cliques(new int[] {5, 5}, new int[][] {{4, 5}});
    assertEquals(0.0, Modularity.quality(g, new int[10]), 1e-12);
  }

  static WeightedGraph karate() {
    int[][] adj = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31}, {1, 2, 3, 7, 13, 17, 19, 21, 30},
        {2, 3, 7, 8, 9, 13, 27, 28, 32}, {3, 7, 12, 13}, {4, 6, 10}, {5, 6, 10, 16}, {6, 16}, {8, 30, 32, 33},
        {9, 33}, {13, 33}, {14, 32, 33}, {15, 32, 33}, {18, 32, 33}, {19, 33}, {20, 32, 33}, {22, 32, 33},
        {23, 25, 27, 29, 32, 33}, {24, 25, 27, 31}, {25, 31}, {26, 29, 33}, {27, 33}, {28, 31, 33}, {29, 32, 33},
        {30, 32, 33}, {31, 32, 33}, {32, 33}};
    List<int[]> e = new ArrayList<>();
    for (int[] row : adj) {
      for (int i = 1; i < row.length; i++) {
        e.add(new int[] {row[0], row[i]});
      }
    }
    assertEquals(78, e.size());
    return unweighted(34, e);
  }

  @Test
  void zacharysKarateClub() {
    int[] club = new int[34];
    int[] hi = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21};
    java.util.Arrays.fill(club, 1);
    for (int i : hi) {
      club[i] = 0;
    }
    assertEquals(0.358235, Modularity.quality(karate(), club), 1e-6);
    double best = Modularity.best(karate(), 42, 10).q();
    assertTrue(best >= 0.4197 && best <= 0.41979 + 1e-6, "best Q found " + best);
  }

  @Test
  void weightedEdgesCount() {
    // a path a-b-c with weights 3 and 1: Q of {a,b},{c} = 3/4 - ((7/8)^2 + (1/8)^2)
    var g = new WeightedGraph(3, new int[] {0, 1}, new int[] {1, 2}, new double[] {3, 1});
    assertEquals(0.75 - (49.0 + 1.0) / 64, Modularity.quality(g, new int[] {0, 0, 1}), 1e-12);
  }

  @Test
  void deterministicForASeed() {
    var a = Modularity.best(karate(), 7, 2);
    var b = Modularity.best(karate(), 7, 2);
    assertArrayEquals(a.community(), b.community());
    assertEquals(a.q(), b.q(), 0);
  }

  @Test
  void emptyGraphHasZeroQAndNoCommunities() {
    var p = Modularity.best(new WeightedGraph(4, new int[0], new int[0], new double[0]), 1, 2);
    assertEquals(0, p.q());
    assertEquals(0, p.communities());
  }
}
