package io.bimtsweep.core;

import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.model.TokenEmbedding;
import io.bimtsweep.core.train.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random networks and data for invariant tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Network withAll(Architecture arch, double value) {
    Network n = Network.initialise(arch, 0);
    Arrays.fill(n.parameters(), value);
    return n;
  }

  public static Network random(Architecture arch, long seed) {
    Network n = Network.initialise(arch, seed);
    SplittableRandom r = new SplittableRandom(seed * 31 + 7);
    double[] p = n.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextDouble(-1, 1);
    }
    return n;
  }

  public static Architecture dense(int... widths) {
    return new Architecture(widths, Activation.SILU, null);
  }

  /** Two tokens from a vocabulary of 7, embedding dim 3: input width 6. */
  public static Architecture tokens(int... rest) {
    int[] w = new int[rest.length + 1];
    w[0] = 6;
    System.arraycopy(rest, 0, w, 1, rest.length);
    return new Architecture(w, Activation.SILU, new TokenEmbedding(7, 3, 2));
  }

  public static Geometry lines(Architecture a, double layoutWidth, double yStar, DistanceNorm norm) {
    return Geometry.lines(a.widths(), a.inputFolds(), layoutWidth, yStar, norm);
  }

  public static Dataset regression(int n, int in, int out, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * in];
    double[] y = new double[n * out];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble(-1, 1);
    }
    return Dataset.regression(x, in, y, out);
  }

  public static Dataset classes(int n, int in, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * in];
    int[] l = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < n; i++) {
      l[i] = r.nextInt(classes);
    }
    return Dataset.classification(x, in, l, classes);
  }

  public static Dataset tokenData(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] t = new int[2 * n];
    int[] l = new int[n];
    for (int i = 0; i < t.length; i++) {
      t[i] = r.nextInt(7);
    }
    for (int i = 0; i < n; i++) {
      l[i] = r.nextInt(classes);
    }
    return Dataset.tokenClassification(t, 2, l, classes);
  }
}
