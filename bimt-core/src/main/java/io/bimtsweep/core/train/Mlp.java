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
  private int[] inverseOut;

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
    for (int l = 0; l <= layers; l++) {
      act[l] = new double[batch * arch.width(l)];
      if (l > 0) {
        pre[l] = new double[batch * arch.width(l)];
        slope[l] = new double[batch * arch.width(l)];
      }
      widest = Math.max(widest, arch.width(l));
    }
    dz = new double[batch * widest];
    dPrev = new double[batch * widest];
    capacity = batch;
  }

  private void forward(Network net, Dataset data, int[] idx, int batch) {
    ensure(batch);
    double[] p = net.parameters();
    double[] a0 = act[0];
    int nIn = arch.inputs();
    if (arch.hasEmbedding()) {
      int dim = arch.embedding().dim();
      int t = arch.embedding().tokens();
      int eOff = arch.embeddingOffset();
      int[] tok = data.tokens();
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        for (int f = 0; f < t; f++) {
          System.arraycopy(p, eOff + tok[e * t + f] * dim, a0, b * nIn + f * dim, dim);
        }
      }
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
      Dense.forward(batch, in, out, act[l], p, arch.weightOffset(l), arch.biasOffset(l), pre[l + 1]);
      double[] z = pre[l + 1];
      double[] a = act[l + 1];
      int n = batch * out;
      if (l < layers - 1) {
        arch.activation().forward(z, a, slope[l + 1], n);
      } else {
        System.arraycopy(z, 0, a, 0, n);
      }
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
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        int row = b * nOut;
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < nOut; o++) {
          max = Math.max(max, out[row + o]);
        }
        double sum = 0;
        for (int o = 0; o < nOut; o++) {
          sum += Math.exp(out[row + o] - max);
        }
        int target = inv[data.labels()[e]];
        total += Math.log(sum) + max - out[row + target];
        if (wantGrad) {
          for (int o = 0; o < nOut; o++) {
            dz[row + o] = (Math.exp(out[row + o] - max) / sum - (o == target ? 1 : 0)) / batch;
          }
        }
      }
      total /= batch;
    }
    if (wantGrad) {
      backward(net, data, idx, batch, grad);
    }
    return total;
  }

  private void backward(Network net, Dataset data, int[] idx, int batch, double[] grad) {
    double[] p = net.parameters();
    double[] delta = dz;
    double[] prev = dPrev;
    for (int l = arch.weightLayers() - 1; l >= 0; l--) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      Dense.weightGradient(batch, in, out, act[l], delta, grad, arch.weightOffset(l), arch.biasOffset(l));
      if (l == 0 && !arch.hasEmbedding()) {
        break;
      }
      Dense.inputGradient(batch, in, out, delta, p, arch.weightOffset(l), prev);
      if (l > 0) {
        double[] d = slope[l];
        int n = batch * in;
        for (int i = 0; i < n; i++) {
          prev[i] *= d[i];
        }
        double[] t = delta;
        delta = prev;
        prev = t;
      } else {
        int dim = arch.embedding().dim();
        int t = arch.embedding().tokens();
        int eOff = arch.embeddingOffset();
        int[] tok = data.tokens();
        for (int b = 0; b < batch; b++) {
          int e = idx == null ? b : idx[b];
          for (int f = 0; f < t; f++) {
            int go = eOff + tok[e * t + f] * dim;
            int po = b * in + f * dim;
            for (int q = 0; q < dim; q++) {
              grad[go + q] += prev[po + q];
            }
          }
        }
      }
    }
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

  /** Prediction loss and, for classification, accuracy (NaN for regression). */
  public Evaluation evaluate(Network net, Dataset data) {
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

  /** @param accuracy NaN for regression */
  public record Evaluation(double loss, double accuracy) {}
}
