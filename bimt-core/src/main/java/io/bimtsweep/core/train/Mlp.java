package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * Forward and backward passes of a layered network (hidden activation on every layer but the
 * last, linear outputs) with its prediction loss. Holds reusable buffers, so one instance serves
 * one thread; nothing here knows about the regulariser or the optimiser.
 */
public final class Mlp {
  private final Architecture arch;
  private final Loss loss;
  private int capacity = -1;
  private double[][] act;
  private double[][] pre;
  private double[][] slope;
  private double[] dz;
  private double[] dPrev;
  /** The softmax's per-row maxima and sums. */
  private double[] rowMax;
  private double[] rowSums;
  private int[] inverseOut;
  /** Token networks: per fold, the embedding table projected through the first layer, [vocab][out]. */
  private double[][] projected;
  /** Token networks: per fold, the first layer's output gradient summed by token, [vocab][out]. */
  private double[][] byToken;
  /** Token networks: the embedding table copied out of the parameters, and one fold's first-layer weight gradient. */
  private double[] tokenRows;
  private double[] foldGradient;
  /** Token networks: per fold, each example's token in this batch (the rows of projected and byToken it uses). */
  private int[][] tokenOfRow;

  public Mlp(Architecture arch, Loss loss) {
    this.arch = arch;
    this.loss = loss;
  }

  public Loss loss() {
    return loss;
  }

  /** Checks that the data fits the network: input kind and width, output width. */
  public void checkCompatible(Dataset data) {
    if (arch.hasEmbedding()) {
      check(data.hasTokens(), "the network embeds tokens but the data has dense features");
      check(data.tokensPerExample() == arch.embedding().tokens(), "the network takes %d tokens per example, the data has %d",
          arch.embedding().tokens(), data.tokensPerExample());
    } else {
      check(!data.hasTokens(), "the data has tokens but the network has no embedding");
      check(data.features() == arch.inputs(), "inconsistent widths: the data has %d inputs but the network's input layer has %d",
          data.features(), arch.inputs());
    }
    check(data.outputWidth() == arch.outputs(), "inconsistent widths: the data has %d %s but the network's output layer has %d",
        data.outputWidth(), data.isClassification() ? "classes" : "targets", arch.outputs());
    check(loss != Loss.CROSS_ENTROPY || data.isClassification(), "cross-entropy needs a classification task");
  }

  private void ensure(int batch) {
    if (batch <= capacity) {
      return;
    }
    int layers = arch.weightLayers();
    act = new double[layers + 1][];
    pre = new double[layers + 1][];
    slope = new double[layers + 1][];
    int widest = 0;
    boolean inPlace = arch.activation() == io.bimtsweep.core.model.Activation.SILU;
    for (int l = 0; l <= layers; l++) {
      act[l] = new double[batch * arch.width(l)];
      if (l > 0) {
        // the outputs, and SiLU's layers (its kernels read each z before they write its a), keep
        // z and a in one array: a pass less over memory and less of the cache taken, the same values
        pre[l] = l == layers || inPlace ? act[l] : new double[batch * arch.width(l)];
        slope[l] = new double[batch * arch.width(l)];
      }
      widest = Math.max(widest, arch.width(l));
    }
    dz = new double[batch * widest];
    dPrev = new double[batch * widest];
    rowMax = new double[batch];
    rowSums = new double[batch];
    capacity = batch;
  }

  private void forward(Network net, Dataset data, int[] idx, int batch) {
    ensure(batch);
    double[] p = net.parameters();
    double[] a0 = act[0];
    int nIn = arch.inputs();
    if (arch.hasEmbedding()) {
      // token inputs never materialise: the first layer reads rows of the projected tables
      projectEmbedding(p);
    } else {
      int[] perm = net.inputPermutation();
      double[] x = data.x();
      for (int b = 0; b < batch; b++) {
        int xo = (idx == null ? b : idx[b]) * nIn;
        for (int j = 0; j < nIn; j++) {
          a0[b * nIn + j] = x[xo + perm[j]];
        }
      }
    }
    int layers = arch.weightLayers();
    for (int l = 0; l < layers; l++) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      if (l == 0 && arch.hasEmbedding()) {
        embeddedFirstLayer(p, data, idx, batch, pre[1]);
      } else {
        Dense.forward(batch, in, out, act[l], p, arch.weightOffset(l), arch.biasOffset(l), pre[l + 1]);
      }
      double[] z = pre[l + 1];
      double[] a = act[l + 1];
      int n = batch * out;
      if (l < layers - 1 && arch.activation() == io.bimtsweep.core.model.Activation.SILU) {
        Dense.silu(z, a, slope[l + 1], n);
      } else if (l < layers - 1) {
        arch.activation().forward(z, a, slope[l + 1], n);
      } // the output layer's z is its a
    }
  }

  private int[] inverseOutput(Network net) {
    int[] perm = net.outputPermutation();
    if (inverseOut == null || inverseOut.length != perm.length) {
      inverseOut = new int[perm.length];
    }
    for (int o = 0; o < perm.length; o++) {
      inverseOut[perm[o]] = o;
    }
    return inverseOut;
  }

  /**
   * The mean prediction loss over the examples idx (null: all of them). With grad non-null, adds
   * the loss's gradient with respect to every parameter to grad.
   */
  public double lossAndGradient(Network net, Dataset data, int[] idx, double[] grad) {
    int batch = idx == null ? data.size() : idx.length;
    forward(net, data, idx, batch);
    int layers = arch.weightLayers();
    int nOut = arch.outputs();
    double[] out = act[layers];
    int[] perm = net.outputPermutation();
    double total = 0;
    boolean wantGrad = grad != null;
    if (loss == Loss.MSE) {
      double scale = 1.0 / ((double) batch * nOut);
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        for (int o = 0; o < nOut; o++) {
          double target = data.isClassification() ? (data.labels()[e] == perm[o] ? 1 : 0) : data.y()[e * nOut + perm[o]];
          double r = out[b * nOut + o] - target;
          total += r * r;
          if (wantGrad) {
            dz[b * nOut + o] = 2 * r * scale;
          }
        }
      }
      total *= scale;
    } else {
      int[] inv = inverseOutput(net);
      double[] max = rowMax;
      // each row less its maximum, then the exponentials of the whole batch at once, kept in dz (the
      // gradient reuses them): e^(v - 0) is e^v, so every entry has the bits the row-by-row loop gave
      Dense.subtractRowMaxima(out, batch, nOut, max, dz);
      Dense.expShifted(dz, 0, batch * nOut, 0.0, dz);
      double[] sum = rowSums;
      rowSums(dz, batch, nOut, sum);
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        int row = b * nOut;
        int target = inv[data.labels()[e]];
        total += Math.log(sum[b]) + max[b] - out[row + target];
        if (wantGrad) {
          double scale = 1.0 / (sum[b] * batch);
          for (int o = 0; o < nOut; o++) {
            dz[row + o] *= scale;
          }
          dz[row + target] -= 1.0 / batch;
        }
      }
      total /= batch;
    }
    if (wantGrad) {
      backward(net, batch, grad);
    }
    return total;
  }

  /**
   * Each row's sum from 0 in ascending order, the bits of a plain loop, four rows side by side: a
   * row's sum is a chain of dependent additions, and four chains take the time of one.
   */
  static void rowSums(double[] v, int rows, int width, double[] sum) {
    int b = 0;
    for (; b + 4 <= rows; b += 4) {
      int r0 = b * width;
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int o = 0; o < width; o++) {
        s0 += v[r0 + o];
        s1 += v[r0 + width + o];
        s2 += v[r0 + 2 * width + o];
        s3 += v[r0 + 3 * width + o];
      }
      sum[b] = s0;
      sum[b + 1] = s1;
      sum[b + 2] = s2;
      sum[b + 3] = s3;
    }
    for (; b < rows; b++) {
      double s = 0.0;
      for (int o = 0; o < width; o++) {
        s += v[b * width + o];
      }
      sum[b] = s;
    }
  }

  private void backward(Network net, int batch, double[] grad) {
    double[] p = net.parameters();
    double[] delta = dz;
    double[] prev = dPrev;
    for (int l = arch.weightLayers() - 1; l >= 0; l--) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      if (l == 0 && arch.hasEmbedding()) {
        embeddedFirstLayerGradient(p, batch, delta, grad);
        break;
      }
      Dense.weightGradient(batch, in, out, act[l], delta, grad, arch.weightOffset(l), arch.biasOffset(l));
      if (l == 0) {
        break;
      }
      Dense.inputGradient(batch, in, out, delta, p, arch.weightOffset(l), prev);
      double[] d = slope[l];
      int n = batch * in;
      for (int i = 0; i < n; i++) {
        prev[i] *= d[i];
      }
      double[] t = delta;
      delta = prev;
      prev = t;
    }
  }

  /** P_f[v][o] = sum_q E[v][q] W1[o][f*dim + q]: the first layer applied to every token, per fold. */
  private void projectEmbedding(double[] p) {
    int vocab = arch.embedding().vocab();
    int dim = arch.embedding().dim();
    int folds = arch.embedding().tokens();
    int nIn = arch.inputs();
    int nOut = arch.width(1);
    if (projected == null) {
      projected = new double[folds][vocab * nOut];
      byToken = new double[folds][vocab * nOut];
    }
    int eOff = arch.embeddingOffset();
    int wOff = arch.weightOffset(0);
    for (int f = 0; f < folds; f++) {
      double[] pf = projected[f];
      for (int v = 0; v < vocab; v++) {
        int eo = eOff + v * dim;
        for (int o = 0; o < nOut; o++) {
          int wo = wOff + o * nIn + f * dim;
          double s = 0;
          for (int q = 0; q < dim; q++) {
            s += p[eo + q] * p[wo + q];
          }
          pf[v * nOut + o] = s;
        }
      }
    }
  }

  /** z1[b] = b1 + sum_f P_f[token_f(b)], the folds added in order. */
  private void embeddedFirstLayer(double[] p, Dataset data, int[] idx, int batch, double[] z) {
    int nOut = arch.width(1);
    int folds = arch.embedding().tokens();
    int[] tok = data.tokens();
    if (tokenOfRow == null || tokenOfRow[0].length < batch) {
      tokenOfRow = new int[folds][Math.max(batch, capacity)];
    }
    for (int f = 0; f < folds; f++) {
      int[] rows = tokenOfRow[f];
      for (int b = 0; b < batch; b++) {
        rows[b] = tok[(idx == null ? b : idx[b]) * folds + f];
      }
    }
    Dense.kernels().addTableRows(p, arch.biasOffset(0), projected, tokenOfRow, batch, nOut, z);
  }

  /**
   * The first layer's gradients through the token lookup: sum dz1 by token (G_f), then
   * dW1_f = G_f^T E and dE += G_f W1_f; biases as usual. The batch's tokens are those the forward
   * pass just read ({@link #tokenOfRow}).
   */
  private void embeddedFirstLayerGradient(double[] p, int batch, double[] delta, double[] grad) {
    int vocab = arch.embedding().vocab();
    int dim = arch.embedding().dim();
    int folds = arch.embedding().tokens();
    int nIn = arch.inputs();
    int nOut = arch.width(1);
    int bOff = arch.biasOffset(0);
    int wOff = arch.weightOffset(0);
    int eOff = arch.embeddingOffset();
    DenseKernels k = Dense.kernels();
    for (double[] g : byToken) {
      java.util.Arrays.fill(g, 0.0);
    }
    k.biasGradient(batch, nOut, delta, grad, bOff); // the same sums as one addScaled(1, row) per example, in one pass
    for (int f = 0; f < folds; f++) { // the tokens of this batch's rows: embeddedFirstLayer set them
      k.sumIntoTableRows(delta, tokenOfRow[f], batch, nOut, byToken[f]);
    }
    if (tokenRows == null) {
      tokenRows = new double[vocab * dim];
      foldGradient = new double[nOut * dim + nOut];
    }
    System.arraycopy(p, eOff, tokenRows, 0, vocab * dim);
    for (int f = 0; f < folds; f++) {
      double[] g = byToken[f];
      // dW1_f += G_f^T E is a layer's weight gradient whose inputs are the tokens' embeddings, one row
      // per token: each weight adds g[v][o] E[v][q] over v ascending, zeros skipped, as the loop over
      // tokens did, in one call instead of one per (token, neuron) (the bias part lands in
      // foldGradient's tail and is dropped). The weight's and the embedding's ranges of grad are
      // disjoint, so doing the one before the other keeps every bit.
      for (int o = 0; o < nOut; o++) {
        System.arraycopy(grad, wOff + o * nIn + f * dim, foldGradient, o * dim, dim);
      }
      java.util.Arrays.fill(foldGradient, nOut * dim, nOut * dim + nOut, 0.0);
      k.weightGradient(vocab, dim, nOut, tokenRows, g, foldGradient, 0, nOut * dim); // never BLAS: the loop's bits anywhere
      for (int o = 0; o < nOut; o++) {
        System.arraycopy(foldGradient, o * dim, grad, wOff + o * nIn + f * dim, dim);
      }
      k.addWeightedRows(vocab, nOut, dim, g, p, wOff + f * dim, nIn, grad, eOff); // dE += G_f W1_f, zeros skipped
    }
  }

  /**
   * Every hidden neuron's activation on every example: [hidden layer - 1][example * width + neuron],
   * neurons in the network's own (swapped) order.
   */
  public double[][] hiddenActivations(Network net, Dataset data) {
    int n = data.size();
    forward(net, data, null, n);
    double[][] out = new double[arch.weightLayers() - 1][];
    for (int l = 1; l < arch.weightLayers(); l++) {
      out[l - 1] = java.util.Arrays.copyOf(act[l], n * arch.width(l));
    }
    return out;
  }

  /** Network outputs for every example, columns in the original target (or class) order. */
  public double[] predict(Network net, Dataset data) {
    int n = data.size();
    forward(net, data, null, n);
    int nOut = arch.outputs();
    double[] out = act[arch.weightLayers()];
    int[] perm = net.outputPermutation();
    double[] r = new double[n * nOut];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < nOut; o++) {
        r[b * nOut + perm[o]] = out[b * nOut + o];
      }
    }
    return r;
  }

  /**
   * Examples per pass when evaluating a large set: all of MNIST's 60,000 at once would need 1.4 GB
   * of activations. Sets up to this size are evaluated in one pass, as they always were, so their
   * figures keep every bit.
   */
  static final int EVAL_CHUNK = 4096;

  /** Prediction loss and, for classification, accuracy (NaN for regression). */
  public Evaluation evaluate(Network net, Dataset data) {
    if (data.size() > EVAL_CHUNK) {
      return evaluateInChunks(net, data);
    }
    double l = lossAndGradient(net, data, null, null);
    double acc = Double.NaN;
    if (data.isClassification()) {
      double[] out = predict(net, data);
      int nOut = arch.outputs();
      int correct = 0;
      for (int b = 0; b < data.size(); b++) {
        int best = 0;
        for (int o = 1; o < nOut; o++) {
          if (out[b * nOut + o] > out[b * nOut + best]) {
            best = o;
          }
        }
        if (best == data.labels()[b]) {
          correct++;
        }
      }
      acc = (double) correct / data.size();
    }
    return new Evaluation(l, acc);
  }

  private Evaluation evaluateInChunks(Network net, Dataset data) {
    int n = data.size();
    int nOut = arch.outputs();
    int[] perm = net.outputPermutation();
    double lossSum = 0;
    int correct = 0;
    double[] row = new double[nOut];
    for (int start = 0; start < n; start += EVAL_CHUNK) {
      int m = Math.min(EVAL_CHUNK, n - start);
      int[] idx = new int[m];
      for (int b = 0; b < m; b++) {
        idx[b] = start + b;
      }
      lossSum += lossAndGradient(net, data, idx, null) * m; // leaves this chunk's outputs in act
      if (data.isClassification()) {
        double[] out = act[arch.weightLayers()];
        for (int b = 0; b < m; b++) {
          for (int o = 0; o < nOut; o++) {
            row[perm[o]] = out[b * nOut + o];
          }
          int best = 0;
          for (int o = 1; o < nOut; o++) {
            if (row[o] > row[best]) {
              best = o;
            }
          }
          if (best == data.labels()[start + b]) {
            correct++;
          }
        }
      }
    }
    return new Evaluation(lossSum / n, data.isClassification() ? (double) correct / n : Double.NaN);
  }

  /** @param accuracy NaN for regression */
  public record Evaluation(double loss, double accuracy) {}
}
