package io.bimtsweep.core.cost;

import static io.bimtsweep.core.Checks.check;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import io.bimtsweep.core.model.Architecture;
import org.netlib.util.intW;

/**
 * seRNN's communicability (Achterberg et al., Nature Machine Intelligence 2023): for the undirected
 * graph of all neurons with edge weights |w|, C = expm(S A S) with S = diag(strength)^(-1/2) and
 * the diagonal of C set to 0. It is large between neurons joined by many strong short paths, so a
 * cost of |w|·c·d spares the connections that carry the network's traffic.
 *
 * <p>S A S is symmetric, so expm comes from its eigendecomposition: C = Q diag(exp(l)) Q^T. The
 * eigendecomposition uses netlib's pure-Java LAPACK on purpose: native LAPACK's results can differ
 * from one JVM to the next, and a trial must give the same bits locally and on a cluster. Isolated
 * neurons (strength 0) get S = 0, so their communicability with every other neuron is 0.
 */
public final class Communicability {
  private static final LAPACK LAPACK_JAVA = JavaLAPACK.getInstance();

  private Communicability() {}

  /**
   * C for a symmetric non-negative adjacency matrix (n x n, row-major), diagonal zeroed.
   */
  public static double[] of(double[] adjacency, int n) {
    check(adjacency.length == n * n, "adjacency has %d entries, expected %d x %d", adjacency.length, n, n);
    Eigen e = eigen(adjacency, n);
    double[] c = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        c[i * n + j] = i == j ? 0 : e.entry(i, j);
      }
    }
    return c;
  }

  /**
   * The communicability of each weight's two neurons in a layered network, as factors shaped like
   * the weights: factors[l][o * in + i] = C(neuron o of layer l+1, neuron i of layer l). The graph
   * is every neuron with |w| between consecutive layers (token embeddings are not part of it).
   */
  public static double[][] weightFactors(Architecture arch, double[] params) {
    int layers = arch.weightLayers() + 1;
    int[] start = new int[layers + 1];
    for (int l = 0; l < layers; l++) {
      start[l + 1] = start[l] + arch.width(l);
    }
    int n = start[layers];
    double[] a = new double[n * n];
    for (int l = 0; l + 1 < layers; l++) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      int off = arch.weightOffset(l);
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          double w = Math.abs(params[off + o * in + i]);
          int r = start[l + 1] + o;
          int c = start[l] + i;
          a[r * n + c] = w;
          a[c * n + r] = w;
        }
      }
    }
    Eigen e = eigen(a, n);
    double[][] f = new double[layers - 1][];
    for (int l = 0; l + 1 < layers; l++) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      f[l] = new double[out * in];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          f[l][o * in + i] = e.entry(start[l + 1] + o, start[l] + i);
        }
      }
    }
    return f;
  }

  /** Q and exp(eigenvalues) of S A S, from which any entry of expm(S A S) is one dot product. */
  private record Eigen(int n, double[] q, double[] expL) {
    double entry(int i, int j) {
      // LAPACK returns eigenvectors as columns of a column-major matrix: Q[i][k] = q[k * n + i]
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += q[k * n + i] * expL[k] * q[k * n + j];
      }
      return s;
    }
  }

  private static Eigen eigen(double[] adjacency, int n) {
    double[] inv = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        double v = adjacency[i * n + j];
        check(v >= 0 && Double.isFinite(v), "adjacency entries must be finite and >= 0, got %s", v);
        s += v;
      }
      inv[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
    }
    // symmetric, so row-major and column-major are the same matrix
    double[] m = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i * n + j] = inv[i] * adjacency[i * n + j] * inv[j];
      }
    }
    double[] w = new double[n];
    double[] query = new double[1];
    intW info = new intW(0);
    LAPACK_JAVA.dsyev("V", "U", n, m, n, w, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    LAPACK_JAVA.dsyev("V", "U", n, m, n, w, work, work.length, info);
    check(info.val == 0, "communicability: eigendecomposition failed (LAPACK info %d)", info.val);
    double[] expL = new double[n];
    for (int k = 0; k < n; k++) {
      expL[k] = Math.exp(w[k]);
    }
    return new Eigen(n, m, expL);
  }
}
