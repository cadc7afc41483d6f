package io.bimtsweep.core.transformer;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.train.Dense;
import io.bimtsweep.core.train.Dataset;
import java.util.List;

/**
 * Forward and backward passes of a {@link TransformerNet} over a batch of sequences, with the
 * squared error at the problem's target positions. Every linear map works on all tokens of the
 * batch at once (rows = sequences x tokens), so the wide ones take the BLAS path; attention is
 * causal, single-headed and scaled by 1/sqrt(width). Holds reusable buffers: one instance serves
 * one thread.
 */
public final class TransformerPass {
  private static final double LN_EPS = 1e-5;

  private final TransformerShape shape;
  private final List<TransformerShape.Linear> lin;
  private final Activation activation;
  private final int length;
  private final int[] positions;
  private final int targetOutput;
  private int capacity = -1;
  private double[] x0;
  /** stream[s]: the residual stream before block s/2's attention (s even) or MLP (s odd); stream[2B] is final. */
  private double[][] stream;
  /** What each LayerNorm (or, without them, the stream itself) hands on, and its statistics. */
  private double[][] normed;
  private double[][] lnMean;
  private double[][] lnRstd;
  private double[][] qkv;
  private double[][] prob;
  private double[][] att;
  private double[][] z1;
  private double[][] slope;
  private double[][] a1;
  private double[] out;
  private double[] dStream;
  private double[] dTmp;
  private double[] dNormed;
  private double[] dQkv;
  private double[] dAtt;
  private double[] dHidden;
  private double[] dOut;

  public TransformerPass(TransformerShape shape, Activation activation, int length, int[] targetPositions,
      int targetOutput) {
    this.shape = shape;
    this.lin = shape.linears();
    this.activation = activation;
    this.length = length;
    this.positions = targetPositions.clone();
    this.targetOutput = targetOutput;
  }

  public static TransformerPass of(SequenceProblem p, Activation activation) {
    return new TransformerPass(p.shape(), activation, p.length(), p.targetPositions(), p.targetOutput());
  }

  private void ensure(int sequences) {
    if (sequences <= capacity) {
      return;
    }
    int r = sequences * length;
    int d = shape.width();
    int h = shape.hidden();
    int blocks = shape.blocks();
    x0 = new double[r * shape.inputs()];
    stream = new double[2 * blocks + 1][r * d];
    int norms = shape.layerNorms();
    normed = new double[norms][];
    lnMean = new double[norms][r];
    lnRstd = new double[norms][r];
    for (int n = 0; n < norms; n++) {
      normed[n] = shape.layerNorm() ? new double[r * d] : null;
    }
    qkv = new double[blocks][r * 3 * d];
    prob = new double[blocks][r * length];
    att = new double[blocks][r * d];
    z1 = new double[blocks][r * h];
    slope = new double[blocks][r * h];
    a1 = new double[blocks][r * h];
    out = new double[r * shape.outputs()];
    dStream = new double[r * d];
    dTmp = new double[r * d];
    dNormed = new double[r * d];
    dQkv = new double[r * 3 * d];
    dAtt = new double[r * d];
    dHidden = new double[r * h];
    dOut = new double[r * shape.outputs()];
    capacity = sequences;
  }

  /** The input of LayerNorm n (stream s = n), normalised if LayerNorms are on. */
  private double[] norm(double[] p, int n, int rows) {
    double[] x = stream[n];
    if (!shape.layerNorm()) {
      return x;
    }
    int d = shape.width();
    int g = shape.layerNormOffset(n);
    double[] y = normed[n];
    for (int r = 0; r < rows; r++) {
      int o = r * d;
      double mean = 0;
      for (int i = 0; i < d; i++) {
        mean += x[o + i];
      }
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      double rstd = 1 / Math.sqrt(var / d + LN_EPS);
      lnMean[n][r] = mean;
      lnRstd[n][r] = rstd;
      for (int i = 0; i < d; i++) {
        y[o + i] = (x[o + i] - mean) * rstd * p[g + i] + p[g + d + i];
      }
    }
    return y;
  }

  /** Adds to dx the gradient through LayerNorm n given dy (its output's gradient), and the gain and bias gradients. */
  private void normBackward(double[] p, int n, int rows, double[] dy, double[] dx, double[] grad) {
    int d = shape.width();
    if (!shape.layerNorm()) {
      for (int i = 0; i < rows * d; i++) {
        dx[i] += dy[i];
      }
      return;
    }
    int g = shape.layerNormOffset(n);
    double[] x = stream[n];
    for (int r = 0; r < rows; r++) {
      int o = r * d;
      double mean = lnMean[n][r];
      double rstd = lnRstd[n][r];
      double sumD = 0;
      double sumDX = 0;
      for (int i = 0; i < d; i++) {
        double xhat = (x[o + i] - mean) * rstd;
        double dxhat = dy[o + i] * p[g + i];
        grad[g + i] += dy[o + i] * xhat;
        grad[g + d + i] += dy[o + i];
        sumD += dxhat;
        sumDX += dxhat * xhat;
      }
      for (int i = 0; i < d; i++) {
        double xhat = (x[o + i] - mean) * rstd;
        double dxhat = dy[o + i] * p[g + i];
        dx[o + i] += rstd * (dxhat - sumD / d - xhat * sumDX / d);
      }
    }
  }

  private void forward(TransformerNet net, Dataset data, int[] idx, int sequences) {
    ensure(sequences);
    double[] p = net.parameters();
    int rows = sequences * length;
    int nIn = shape.inputs();
    int d = shape.width();
    int h = shape.hidden();
    int[] perm = net.inputPermutation();
    double[] x = data.x();
    int per = length * nIn;
    for (int s = 0; s < sequences; s++) {
      int xo = (idx == null ? s : idx[s]) * per;
      for (int t = 0; t < length; t++) {
        for (int j = 0; j < nIn; j++) {
          x0[(s * length + t) * nIn + j] = x[xo + t * nIn + perm[j]];
        }
      }
    }
    TransformerShape.Linear embed = lin.get(0);
    Dense.forward(rows, nIn, d, x0, p, embed.weightOffset(), embed.biasOffset(), stream[0]);
    for (int b = 0; b < shape.blocks(); b++) {
      TransformerShape.Linear lq = lin.get(1 + 4 * b);
      TransformerShape.Linear lp = lin.get(2 + 4 * b);
      TransformerShape.Linear l1 = lin.get(3 + 4 * b);
      TransformerShape.Linear l2 = lin.get(4 + 4 * b);
      double[] in = norm(p, 2 * b, rows);
      Dense.forward(rows, d, 3 * d, in, p, lq.weightOffset(), lq.biasOffset(), qkv[b]);
      attend(sequences, qkv[b], prob[b], att[b]);
      double[] mid = stream[2 * b + 1];
      Dense.forward(rows, d, d, att[b], p, lp.weightOffset(), lp.biasOffset(), mid);
      double[] before = stream[2 * b];
      for (int i = 0; i < rows * d; i++) {
        mid[i] += before[i];
      }
      double[] mIn = norm(p, 2 * b + 1, rows);
      Dense.forward(rows, d, h, mIn, p, l1.weightOffset(), l1.biasOffset(), z1[b]);
      activation.forward(z1[b], a1[b], slope[b], rows * h);
      double[] next = stream[2 * b + 2];
      Dense.forward(rows, h, d, a1[b], p, l2.weightOffset(), l2.biasOffset(), next);
      for (int i = 0; i < rows * d; i++) {
        next[i] += mid[i];
      }
    }
    TransformerShape.Linear head = lin.get(lin.size() - 1);
    double[] fin = norm(p, 2 * shape.blocks(), rows);
    Dense.forward(rows, d, shape.outputs(), fin, p, head.weightOffset(), head.biasOffset(), out);
  }

  /** Causal single-head attention of each sequence: att_t = sum_{u <= t} softmax_u(q_t . k_u / sqrt(d)) v_u. */
  private void attend(int sequences, double[] qkv, double[] prob, double[] att) {
    int d = shape.width();
    int d3 = 3 * d;
    double scale = 1 / Math.sqrt(d);
    double[] e = new double[length];
    for (int s = 0; s < sequences; s++) {
      for (int t = 0; t < length; t++) {
        int qo = (s * length + t) * d3;
        double max = Double.NEGATIVE_INFINITY;
        for (int u = 0; u <= t; u++) {
          int ko = (s * length + u) * d3 + d;
          double dot = 0;
          for (int i = 0; i < d; i++) {
            dot += qkv[qo + i] * qkv[ko + i];
          }
          e[u] = dot * scale;
          max = Math.max(max, e[u]);
        }
        double sum = 0;
        for (int u = 0; u <= t; u++) {
          e[u] = Math.exp(e[u] - max);
          sum += e[u];
        }
        int po = (s * length + t) * length;
        int ao = (s * length + t) * d;
        java.util.Arrays.fill(att, ao, ao + d, 0.0);
        for (int u = 0; u < length; u++) {
          double pu = u <= t ? e[u] / sum : 0;
          prob[po + u] = pu;
          if (pu != 0) {
            int vo = (s * length + u) * d3 + 2 * d;
            for (int i = 0; i < d; i++) {
              att[ao + i] += pu * qkv[vo + i];
            }
          }
        }
      }
    }
  }

  private void attendBackward(int sequences, double[] qkv, double[] prob, double[] dAtt, double[] dQkv) {
    int d = shape.width();
    int d3 = 3 * d;
    double scale = 1 / Math.sqrt(d);
    java.util.Arrays.fill(dQkv, 0, sequences * length * d3, 0.0);
    double[] dp = new double[length];
    for (int s = 0; s < sequences; s++) {
      for (int t = 0; t < length; t++) {
        int ao = (s * length + t) * d;
        int po = (s * length + t) * length;
        int qo = (s * length + t) * d3;
        double dot = 0;
        for (int u = 0; u <= t; u++) {
          int vo = (s * length + u) * d3 + 2 * d;
          double g = 0;
          for (int i = 0; i < d; i++) {
            g += dAtt[ao + i] * qkv[vo + i];
            dQkv[vo + i] += prob[po + u] * dAtt[ao + i];
          }
          dp[u] = g;
          dot += prob[po + u] * g;
        }
        for (int u = 0; u <= t; u++) {
          double ds = prob[po + u] * (dp[u] - dot) * scale;
          if (ds == 0) {
            continue;
          }
          int ko = (s * length + u) * d3 + d;
          for (int i = 0; i < d; i++) {
            dQkv[qo + i] += ds * qkv[ko + i];
            dQkv[ko + i] += ds * qkv[qo + i];
          }
        }
      }
    }
  }

  /** The output unit that answers the target component (outputs may have been swapped). */
  private int targetUnit(TransformerNet net) {
    int[] perm = net.outputPermutation();
    for (int o = 0; o < perm.length; o++) {
      if (perm[o] == targetOutput) {
        return o;
      }
    }
    throw new IllegalStateException("no output unit answers component " + targetOutput);
  }

  /**
   * The mean squared error over the sequences idx (null: all) and the target positions. With grad
   * non-null, adds the gradient with respect to every parameter to grad.
   */
  public double lossAndGradient(TransformerNet net, Dataset data, int[] idx, double[] grad) {
    int sequences = idx == null ? data.size() : idx.length;
    forward(net, data, idx, sequences);
    int nOut = shape.outputs();
    int unit = targetUnit(net);
    int np = positions.length;
    double scale = 1.0 / ((double) sequences * np);
    double total = 0;
    double[] y = data.y();
    if (grad != null) {
      java.util.Arrays.fill(dOut, 0, sequences * length * nOut, 0.0);
    }
    for (int s = 0; s < sequences; s++) {
      int e = idx == null ? s : idx[s];
      for (int k = 0; k < np; k++) {
        int r = s * length + positions[k];
        double diff = out[r * nOut + unit] - y[e * np + k];
        total += diff * diff;
        if (grad != null) {
          dOut[r * nOut + unit] = 2 * diff * scale;
        }
      }
    }
    if (grad != null) {
      backward(net, sequences, grad);
    }
    return total * scale;
  }

  private void backward(TransformerNet net, int sequences, double[] grad) {
    double[] p = net.parameters();
    int rows = sequences * length;
    int d = shape.width();
    int h = shape.hidden();
    int blocks = shape.blocks();
    TransformerShape.Linear head = lin.get(lin.size() - 1);
    double[] fin = shape.layerNorm() ? normed[2 * blocks] : stream[2 * blocks];
    Dense.weightGradient(rows, d, shape.outputs(), fin, dOut, grad, head.weightOffset(), head.biasOffset());
    Dense.inputGradient(rows, d, shape.outputs(), dOut, p, head.weightOffset(), dNormed);
    java.util.Arrays.fill(dStream, 0, rows * d, 0.0);
    normBackward(p, 2 * blocks, rows, dNormed, dStream, grad);
    for (int b = blocks - 1; b >= 0; b--) {
      TransformerShape.Linear lq = lin.get(1 + 4 * b);
      TransformerShape.Linear lp = lin.get(2 + 4 * b);
      TransformerShape.Linear l1 = lin.get(3 + 4 * b);
      TransformerShape.Linear l2 = lin.get(4 + 4 * b);
      // MLP: dStream is the gradient at stream[2b+2] = stream[2b+1] + fc2(act(fc1(norm(stream[2b+1]))))
      Dense.weightGradient(rows, h, d, a1[b], dStream, grad, l2.weightOffset(), l2.biasOffset());
      Dense.inputGradient(rows, h, d, dStream, p, l2.weightOffset(), dHidden);
      double[] sl = slope[b];
      for (int i = 0; i < rows * h; i++) {
        dHidden[i] *= sl[i];
      }
      double[] mIn = shape.layerNorm() ? normed[2 * b + 1] : stream[2 * b + 1];
      Dense.weightGradient(rows, d, h, mIn, dHidden, grad, l1.weightOffset(), l1.biasOffset());
      Dense.inputGradient(rows, d, h, dHidden, p, l1.weightOffset(), dNormed);
      normBackward(p, 2 * b + 1, rows, dNormed, dStream, grad);
      // attention: dStream is now the gradient at stream[2b+1] = stream[2b] + proj(attn(norm(stream[2b])))
      Dense.weightGradient(rows, d, d, att[b], dStream, grad, lp.weightOffset(), lp.biasOffset());
      Dense.inputGradient(rows, d, d, dStream, p, lp.weightOffset(), dAtt);
      attendBackward(sequences, qkv[b], prob[b], dAtt, dQkv);
      double[] aIn = shape.layerNorm() ? normed[2 * b] : stream[2 * b];
      Dense.weightGradient(rows, d, 3 * d, aIn, dQkv, grad, lq.weightOffset(), lq.biasOffset());
      Dense.inputGradient(rows, d, 3 * d, dQkv, p, lq.weightOffset(), dNormed);
      normBackward(p, 2 * b, rows, dNormed, dStream, grad);
    }
    TransformerShape.Linear embed = lin.get(0);
    Dense.weightGradient(rows, shape.inputs(), d, x0, dStream, grad, embed.weightOffset(), embed.biasOffset());
  }

  /**
   * Test-time figures over all sequences of data, in chunks of at most 2,048 sequences: the mean
   * squared error over the target positions, and per target position.
   */
  public Evaluation evaluate(TransformerNet net, Dataset data) {
    int n = data.size();
    int np = positions.length;
    int nOut = shape.outputs();
    int unit = targetUnit(net);
    double[] perPosition = new double[np];
    double[] y = data.y();
    int chunk = 2048;
    int[] idx = new int[Math.min(chunk, n)];
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      if (idx.length != m) {
        idx = new int[m];
      }
      for (int i = 0; i < m; i++) {
        idx[i] = start + i;
      }
      forward(net, data, idx, m);
      for (int s = 0; s < m; s++) {
        for (int k = 0; k < np; k++) {
          double diff = out[(s * length + positions[k]) * nOut + unit] - y[(start + s) * np + k];
          perPosition[k] += diff * diff;
        }
      }
    }
    double total = 0;
    for (int k = 0; k < np; k++) {
      total += perPosition[k];
      perPosition[k] /= n;
    }
    return new Evaluation(total / ((double) n * np), perPosition);
  }

  /**
   * The residual stream after the last block at token position t of every sequence of data,
   * [sequence][width], in the stream's current neuron order: what a probe reads.
   */
  public double[][] residualAt(TransformerNet net, Dataset data, int t) {
    int n = data.size();
    int d = shape.width();
    double[][] r = new double[n][d];
    int chunk = 2048;
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      int[] idx = new int[m];
      for (int i = 0; i < m; i++) {
        idx[i] = start + i;
      }
      forward(net, data, idx, m);
      double[] fin = stream[2 * shape.blocks()];
      for (int s = 0; s < m; s++) {
        System.arraycopy(fin, (s * length + t) * d, r[start + s], 0, d);
      }
    }
    return r;
  }

  /** The network's outputs of the last pass's sequences, [rows][outputs] by original component: for tests. */
  double[] outputs(TransformerNet net, Dataset data) {
    forward(net, data, null, data.size());
    int nOut = shape.outputs();
    int rows = data.size() * length;
    int[] perm = net.outputPermutation();
    double[] r = new double[rows * nOut];
    for (int i = 0; i < rows; i++) {
      for (int o = 0; o < nOut; o++) {
        r[i * nOut + perm[o]] = out[i * nOut + o];
      }
    }
    return r;
  }

  /**
   * @param mse mean squared error over all target positions
   * @param perPosition the same at each target position, in order (the last is the in-context figure)
   */
  public record Evaluation(double mse, double[] perPosition) {
    public Evaluation {
      perPosition = perPosition.clone();
    }

    public double last() {
      return perPosition[perPosition.length - 1];
    }
  }
}
