package io.bimtsweep.core.metrics;

import static io.bimtsweep.core.Checks.check;

import dev.ludovic.netlib.lapack.LAPACK;
import io.bimtsweep.core.model.Network;
import java.util.Arrays;
import java.util.Random;
import org.netlib.util.intW;

/**
 * Clusterability after Filan et al. ("Clusterability in neural networks", 2021): spectral
 * clustering of the |w| graph into k clusters, the normalised cut of that partition,
 * n-cut = sum over clusters of cut(C, rest) / vol(C), and a shuffle test: the same on copies whose
 * weights are shuffled within each layer. A lower n-cut than the shuffled copies' means the
 * network is more clusterable than chance.
 */
public final class SpectralCut {
  /** Networks with more neurons than this get no spectral metrics (dense eigenproblems). */
  public static final int MAX_NODES = 2000;

  private SpectralCut() {}

  /**
   * @param clusters k used
   * @param ncut n-cut of the spectral partition
   * @param nullMean mean n-cut of the shuffled copies
   * @param nullStd their standard deviation
   * @param z (ncut - null mean) / null std: negative means more clusterable than chance
   */
  public record Result(int clusters, double ncut, double nullMean, double nullStd, double z) {}

  /** n-cut of a labelling; isolated nodes and empty clusters are ignored. 0 for a graph without edges. */
  public static double nCut(WeightedGraph g, int[] labels) {
    int k = Arrays.stream(labels).max().orElse(-1) + 1;
    double[] vol = new double[k];
    double[] cut = new double[k];
    for (int e = 0; e < g.edges(); e++) {
      int a = labels[g.from()[e]];
      int b = labels[g.to()[e]];
      double w = g.weight()[e];
      vol[a] += w;
      vol[b] += w;
      if (a != b) {
        cut[a] += w;
        cut[b] += w;
      }
    }
    double s = 0;
    for (int c = 0; c < k; c++) {
      if (vol[c] > 0) {
        s += cut[c] / vol[c];
      }
    }
    return s;
  }

  /**
   * Spectral clustering (Ng, Jordan and Weiss): the k leading eigenvectors of D^-1/2 A D^-1/2 over
   * the non-isolated nodes, rows normalised, then seeded k-means with restarts. Isolated nodes
   * get label 0.
   */
  public static int[] cluster(WeightedGraph g, int k, long seed) {
    check(k >= 2, "spectral clustering needs k >= 2");
    double[] deg = g.strengths();
    int[] index = new int[g.nodes()];
    int n = 0;
    for (int i = 0; i < g.nodes(); i++) {
      index[i] = deg[i] > 0 ? n++ : -1;
    }
    int[] labels = new int[g.nodes()];
    if (n <= k) {
      for (int i = 0; i < g.nodes(); i++) {
        labels[i] = Math.max(0, index[i]);
      }
      return labels;
    }
    double[] m = new double[n * n]; // column-major, symmetric
    for (int e = 0; e < g.edges(); e++) {
      int a = index[g.from()[e]];
      int b = index[g.to()[e]];
      double v = g.weight()[e] / Math.sqrt(deg[g.from()[e]] * deg[g.to()[e]]);
      m[a * n + b] += v;
      m[b * n + a] += v;
    }
    // only the k leading eigenpairs (indices n-k+1..n, 1-based), not the whole spectrum
    double[] w = new double[n];
    double[] z = new double[n * k];
    int[] support = new int[2 * n]; // LAPACK needs 2*m; netlib's wrapper checks 2*n
    intW found = new intW(0);
    intW info = new intW(0);
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    LAPACK lapack = LAPACK.getInstance();
    // native LAPACK (OpenBLAS's) is not safe beside another thread inside it: calls take turns
    Object lock = io.bimtsweep.core.train.NativeLock.isNative(lapack) ? io.bimtsweep.core.train.NativeLock.LOCK
        : new Object();
    synchronized (lock) {
      lapack.dsyevr("V", "I", "U", n, m, n, 0, 0, n - k + 1, n, 0, found, w, z, n, support, workQuery, -1, iworkQuery, -1,
          info);
      double[] work = new double[(int) workQuery[0]];
      int[] iwork = new int[iworkQuery[0]];
      lapack.dsyevr("V", "I", "U", n, m, n, 0, 0, n - k + 1, n, 0, found, w, z, n, support, work, work.length, iwork,
          iwork.length, info);
    }
    check(info.val == 0 && found.val == k, "eigendecomposition failed (LAPACK info %d, %d of %d found)", info.val, found.val, k);
    double[][] x = new double[n][k];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int c = 0; c < k; c++) {
        x[i][c] = z[c * n + i];
        norm += x[i][c] * x[i][c];
      }
      norm = Math.sqrt(norm);
      for (int c = 0; c < k && norm > 0; c++) {
        x[i][c] /= norm;
      }
    }
    int[] inner = kMeans(x, k, seed, 10);
    for (int i = 0; i < g.nodes(); i++) {
      labels[i] = index[i] >= 0 ? inner[index[i]] : 0;
    }
    return labels;
  }

  /** k-means++ seeding and Lloyd iterations; the lowest-inertia of several restarts. */
  static int[] kMeans(double[][] x, int k, long seed, int restarts) {
    Random rnd = new Random(seed);
    int n = x.length;
    int d = x[0].length;
    int[] best = null;
    double bestInertia = Double.POSITIVE_INFINITY;
    for (int r = 0; r < restarts; r++) {
      double[][] c = new double[k][];
      c[0] = x[rnd.nextInt(n)].clone();
      double[] dist = new double[n];
      for (int j = 1; j < k; j++) {
        double total = 0;
        for (int i = 0; i < n; i++) {
          dist[i] = Double.POSITIVE_INFINITY;
          for (int q = 0; q < j; q++) {
            dist[i] = Math.min(dist[i], sq(x[i], c[q]));
          }
          total += dist[i];
        }
        double pick = rnd.nextDouble() * total;
        int chosen = n - 1;
        for (int i = 0; i < n; i++) {
          pick -= dist[i];
          if (pick <= 0) {
            chosen = i;
            break;
          }
        }
        c[j] = x[chosen].clone();
      }
      int[] label = new int[n];
      for (int it = 0; it < 100; it++) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
          int arg = 0;
          for (int q = 1; q < k; q++) {
            if (sq(x[i], c[q]) < sq(x[i], c[arg])) {
              arg = q;
            }
          }
          if (arg != label[i] || it == 0) {
            changed |= arg != label[i];
            label[i] = arg;
          }
        }
        double[][] sum = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
          count[label[i]]++;
          for (int t = 0; t < d; t++) {
            sum[label[i]][t] += x[i][t];
          }
        }
        for (int q = 0; q < k; q++) {
          if (count[q] > 0) {
            for (int t = 0; t < d; t++) {
              c[q][t] = sum[q][t] / count[q];
            }
          }
        }
        if (!changed && it > 0) {
          break;
        }
      }
      double inertia = 0;
      for (int i = 0; i < n; i++) {
        inertia += sq(x[i], c[label[i]]);
      }
      if (inertia < bestInertia) {
        bestInertia = inertia;
        best = label;
      }
    }
    return best;
  }

  private static double sq(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double t = a[i] - b[i];
      s += t * t;
    }
    return s;
  }

  /** The n-cut of the network's spectral partition, against layer-wise shuffled copies. */
  public static Result compute(Network net, int k, long seed, int nullSamples) {
    WeightedGraph g = WeightedGraph.ofNetwork(net, 0);
    if (g.nodes() > MAX_NODES || g.edges() == 0) {
      return new Result(k, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double real = nCut(g, cluster(g, k, seed));
    var a = net.architecture();
    Random rnd = new Random(seed + 17);
    double[] nulls = new double[nullSamples];
    for (int s = 0; s < nullSamples; s++) {
      Network copy = net.copy();
      double[] p = copy.parameters();
      for (int l = 0; l < a.weightLayers(); l++) {
        int off = a.weightOffset(l);
        for (int i = a.width(l) * a.width(l + 1) - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          double t = p[off + i];
          p[off + i] = p[off + j];
          p[off + j] = t;
        }
      }
      WeightedGraph h = WeightedGraph.ofNetwork(copy, 0);
      nulls[s] = nCut(h, cluster(h, k, rnd.nextLong()));
    }
    double mean = Arrays.stream(nulls).average().orElse(Double.NaN);
    double var = 0;
    for (double v : nulls) {
      var += (v - mean) * (v - mean);
    }
    double std = nullSamples > 1 ? Math.sqrt(var / (nullSamples - 1)) : Double.NaN;
    double z = std > 1e-12 ? (real - mean) / std : (Math.abs(real - mean) <= 1e-12 ? 0 : Double.NaN);
    return new Result(k, real, mean, std, z);
  }
}
