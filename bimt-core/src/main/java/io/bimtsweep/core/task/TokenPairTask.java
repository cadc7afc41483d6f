package io.bimtsweep.core.task;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Binary operations on a finite set, learned from all pairs: modular addition (a + b) mod p, and
 * composition in the symmetric group S_n (permutations in lexicographic order, the composition of
 * p1 then p2 is p_out[k] = p2[p1[k]]). All pairs are shuffled with the data seed and split.
 */
public final class TokenPairTask implements Task {
  private static final int DEFAULT_N = 4;
  private static final int DEFAULT_MODULUS = 59;
  private static final double DEFAULT_TRAIN_FRACTION = 0.8;

  private final boolean group;

  private TokenPairTask(boolean group) {
    this.group = group;
  }

  public static TokenPairTask modularAddition() {
    return new TokenPairTask(false);
  }

  public static TokenPairTask permutationGroup() {
    return new TokenPairTask(true);
  }

  @Override public String name() { return group ? "permutation_group" : "modular_addition"; }

  @Override
  public String description() {
    return group ? "composition in the symmetric group S_n from all pairs (S4 by default)"
        : "(a + b) mod p from all pairs of residues (p = 59 by default)";
  }

  @Override
  public Map<String, String> options() {
    return group
        ? Map.of("n", "the group is S_n, n in 2..6 (default 4)", "train_fraction", "share of pairs for training (default 0.8)")
        : Map.of("modulus", "p (default 59)", "train_fraction", "share of pairs for training (default 0.8)");
  }

  /** The pairs' share {@code train_fraction} of (n!)^2 or p^2, as {@link #generate} splits them. */
  @Override
  public int trainingExamples(Map<String, Object> options) {
    TaskOptions o = read(options);
    double v = 1; // in double: an n the generator would refuse must not overflow here
    if (group) {
      for (int k = 2; k <= o.integer("n", DEFAULT_N, 2); k++) {
        v *= k;
      }
    } else {
      v = o.integer("modulus", DEFAULT_MODULUS, 2);
    }
    return (int) Math.min(Integer.MAX_VALUE, trainCount(o.number("train_fraction", DEFAULT_TRAIN_FRACTION), v * v));
  }

  private static long trainCount(double frac, double pairs) {
    return Math.round(frac * pairs);
  }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    TaskOptions o = read(options);
    double frac = o.number("train_fraction", DEFAULT_TRAIN_FRACTION);
    check(frac > 0 && frac < 1, "train_fraction must be in (0, 1), got %s", frac);
    int v;
    int[][] table;
    if (group) {
      int n = o.integer("n", DEFAULT_N, 2);
      check(n <= 6, "permutation_group n must be at most 6 (S_7 has 25 million pairs), got %d", n);
      List<int[]> perms = permutations(n);
      v = perms.size();
      java.util.Map<String, Integer> index = new java.util.HashMap<>();
      for (int i = 0; i < v; i++) {
        index.put(java.util.Arrays.toString(perms.get(i)), i);
      }
      table = new int[v][v];
      for (int a = 0; a < v; a++) {
        for (int b = 0; b < v; b++) {
          int[] p1 = perms.get(a);
          int[] p2 = perms.get(b);
          int[] out = new int[n];
          for (int k = 0; k < n; k++) {
            out[k] = p2[p1[k]];
          }
          table[a][b] = index.get(java.util.Arrays.toString(out));
        }
      }
    } else {
      v = o.integer("modulus", DEFAULT_MODULUS, 2);
      check(v <= 1000, "modulus must be at most 1000, got %d", v);
      table = new int[v][v];
      for (int a = 0; a < v; a++) {
        for (int b = 0; b < v; b++) {
          table[a][b] = (a + b) % v;
        }
      }
    }
    int pairs = v * v;
    int[] order = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(dataSeed);
    for (int i = pairs - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int nTrain = (int) trainCount(frac, pairs);
    check(nTrain > 0 && nTrain < pairs, "train_fraction %s leaves an empty split", frac);
    Dataset train = split(order, 0, nTrain, v, table);
    Dataset test = split(order, nTrain, pairs, v, table);
    return new TaskData(train, test, Loss.CROSS_ENTROPY, v, List.of("token1", "token2"), List.of("class"));
  }

  /** S_n declares the sign (parity) of the composed permutation: +1 even, -1 odd (the paper's sign neuron). */
  @Override
  public Map<String, double[]> probes(Map<String, Object> options, TaskData data) {
    if (!group) {
      return Map.of();
    }
    List<int[]> perms = permutations(read(options).integer("n", 4, 2));
    int[] labels = data.test().labels();
    double[] sign = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      sign[i] = parity(perms.get(labels[i]));
    }
    return Map.of("sign", sign);
  }

  /** +1 for an even permutation, -1 for an odd one (by counting inversions). */
  static int parity(int[] p) {
    int inversions = 0;
    for (int i = 0; i < p.length; i++) {
      for (int j = i + 1; j < p.length; j++) {
        if (p[i] > p[j]) {
          inversions++;
        }
      }
    }
    return inversions % 2 == 0 ? 1 : -1;
  }

  private static Dataset split(int[] order, int from, int to, int v, int[][] table) {
    int n = to - from;
    int[] tokens = new int[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int pair = order[from + i];
      int a = pair / v;
      int b = pair % v;
      tokens[2 * i] = a;
      tokens[2 * i + 1] = b;
      labels[i] = table[a][b];
    }
    return Dataset.tokenClassification(tokens, 2, labels, v);
  }

  /** All permutations of 0..n-1 in lexicographic order. */
  static List<int[]> permutations(int n) {
    List<int[]> out = new java.util.ArrayList<>();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    while (true) {
      out.add(p.clone());
      int i = n - 2;
      while (i >= 0 && p[i] >= p[i + 1]) {
        i--;
      }
      if (i < 0) {
        return out;
      }
      int j = n - 1;
      while (p[j] <= p[i]) {
        j--;
      }
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
      for (int a = i + 1, b = n - 1; a < b; a++, b--) {
        t = p[a];
        p[a] = p[b];
        p[b] = t;
      }
    }
  }
}
