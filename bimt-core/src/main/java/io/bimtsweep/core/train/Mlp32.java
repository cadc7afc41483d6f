package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;

/**
 * {@link Mlp} in float32 ({@code dtype: float32}): the same passes with float parameters,
 * activations and gradients, every product on {@link Dense32}'s kernels. The parameters are a
 * float[] laid out as {@link Network#parameters()}; the network supplies only the input and output
 * permutations. Reported losses are summed in double (they steer nothing). Holds reusable buffers,
 * so one instance serves one thread.
 *
 * <p>Mlp's float twin, line for line: Java has no generics over primitive arrays, and boxing or an
 * interface per element would cost the speed float32 is for. A change to one belongs in the other;
 * {@code GradientCheck32Test} compares their gradients for every activation, loss, embedding and
 * mini-batch, so the twins cannot drift apart unnoticed.
 */
public final class Mlp32 {
  private final Architecture arch;
  private final Loss loss;
  private int capacity = -1;
  private float[][] act;
  private float[][] pre;
  private float[][] slope;
  private float[] dz;
  private float[] dPrev;
  /** The softmax's per-row maxima and sums. */
  private float[] rowMax;
  private float[] rowSums;
  private int[] inverseOut;
  /** Token networks: per fold, the embedding table projected through the first layer, [vocab][out]. */
  private float[][] projected;
  /** Token networks: per fold, the first layer's output gradient summed by token, [vocab][out]. */
  private float[][] byToken;

  public Mlp32(Architecture arch, Loss loss) {
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
    act = new float[layers + 1][];
    pre = new float[layers + 1][];
    slope = new float[layers + 1][];
    int widest = 0;
    for (int l = 0; l <= layers; l++) {
      act[l] = new float[batch * arch.width(l)];
      if (l > 0) {
        pre[l] = new float[batch * arch.width(l)];
        slope[l] = new float[batch * arch.width(l)];
      }
      widest = Math.max(widest, arch.width(l));
    }
    dz = new float[batch * widest];
    dPrev = new float[batch * widest];
    rowMax = new float[batch];
    rowSums = new float[batch];
    capacity = batch;
  }

  private void forward(float[] p, Network net, Dataset data, int[] idx, int batch) {
    ensure(batch);
    float[] a0 = act[0];
    int nIn = arch.inputs();
    if (arch.hasEmbedding()) {
      // token inputs never materialise: the first layer reads rows of the projected tables
      projectEmbedding(p);
    } else {
      int[] perm = net.inputPermutation();
      float[] x = data.xFloat();
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
        Dense32.forward(batch, in, out, act[l], p, arch.weightOffset(l), arch.biasOffset(l), pre[l + 1]);
      }
      float[] z = pre[l + 1];
      float[] a = act[l + 1];
      int n = batch * out;
      if (l < layers - 1 && arch.activation() == io.bimtsweep.core.model.Activation.SILU) {
        Dense32.silu(z, a, slope[l + 1], n);
      } else if (l < layers - 1) {
        activate(arch.activation(), z, a, slope[l + 1], n);
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
  public double lossAndGradient(float[] p, Network net, Dataset data, int[] idx, float[] grad) {
    int batch = idx == null ? data.size() : idx.length;
    forward(p, net, data, idx, batch);
    int layers = arch.weightLayers();
    int nOut = arch.outputs();
    float[] out = act[layers];
    int[] perm = net.outputPermutation();
    double total = 0;
    boolean wantGrad = grad != null;
    if (loss == Loss.MSE) {
      float scale = (float) (1.0 / ((double) batch * nOut));
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        for (int o = 0; o < nOut; o++) {
          float target = data.isClassification() ? (data.labels()[e] == perm[o] ? 1 : 0) : data.yFloat()[e * nOut + perm[o]];
          float r = out[b * nOut + o] - target;
          total += r * r;
          if (wantGrad) {
            dz[b * nOut + o] = 2 * r * scale;
          }
        }
      }
      total /= (double) batch * nOut;
    } else {
      int[] inv = inverseOutput(net);
      float[] max = rowMax;
      // each row less its maximum, then the exponentials of the whole batch at once, kept in dz (the
      // gradient reuses them): e^(v - 0) is e^v, so every entry has the bits the row-by-row loop gave
      Dense32.subtractRowMaxima(out, batch, nOut, max, dz);
      Dense32.expShifted(dz, 0, batch * nOut, 0f, dz);
      float[] sum = rowSums;
      rowSums(dz, batch, nOut, sum);
      for (int b = 0; b < batch; b++) {
        int e = idx == null ? b : idx[b];
        int row = b * nOut;
        int target = inv[data.labels()[e]];
        total += Math.log(sum[b]) + max[b] - (double) out[row + target];
        if (wantGrad) {
          float scale = 1f / (sum[b] * batch);
          // entries that would scale to a subnormal become 0 instead (see softmaxGradientFloor)
          float floor = softmaxGradientFloor(sum[b], batch);
          for (int o = 0; o < nOut; o++) {
            float ex = dz[row + o];
            dz[row + o] = ex < floor ? 0f : ex * scale;
          }
          dz[row + target] -= 1f / batch;
        }
      }
      total /= batch;
    }
    if (wantGrad) {
      backward(p, data, idx, batch, grad);
    }
    return total;
  }

  /**
   * The smallest exponential whose softmax gradient e / (sum * batch) is a normal float. Confident
   * classifiers put most of a row's exponentials far below it: modular addition's run ends with
   * 28% of its 164k softmax entries between 1e-45 and 1e-38, float's subnormals, where every
   * product that reads them takes a slow path of the processor (its float32 steps took 1.5x as
   * long as at the start). Such an entry is lost in the rounding of any sum that also has a normal
   * term, so it is set to 0: a fixed rule, the same bits on every machine. Float64's subnormals
   * start at 2.2e-308, which takes logits about 700 apart, so {@link Mlp} keeps its plain loop.
   */
  static float softmaxGradientFloor(float sum, int batch) {
    return Float.MIN_NORMAL * (sum * batch);
  }

  /**
   * Each row's sum from 0 in ascending order, the bits of a plain loop, four rows side by side: a
   * row's sum is a chain of dependent additions, and four chains take the time of one.
   */
  static void rowSums(float[] v, int rows, int width, float[] sum) {
    int b = 0;
    for (; b + 4 <= rows; b += 4) {
      int r0 = b * width;
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
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
      float s = 0f;
      for (int o = 0; o < width; o++) {
        s += v[b * width + o];
      }
      sum[b] = s;
    }
  }

  private void backward(float[] p, Dataset data, int[] idx, int batch, float[] grad) {
    float[] delta = dz;
    float[] prev = dPrev;
    for (int l = arch.weightLayers() - 1; l >= 0; l--) {
      int in = arch.width(l);
      int out = arch.width(l + 1);
      if (l == 0 && arch.hasEmbedding()) {
        embeddedFirstLayerGradient(p, data, idx, batch, delta, grad);
        break;
      }
      Dense32.weightGradient(batch, in, out, act[l], delta, grad, arch.weightOffset(l), arch.biasOffset(l));
      if (l == 0) {
        break;
      }
      Dense32.inputGradient(batch, in, out, delta, p, arch.weightOffset(l), prev);
      float[] d = slope[l];
      int n = batch * in;
      for (int i = 0; i < n; i++) {
        prev[i] *= d[i];
      }
      float[] t = delta;
      delta = prev;
      prev = t;
    }
  }

  /** P_f[v][o] = sum_q E[v][q] W1[o][f*dim + q]: the first layer applied to every token, per fold. */
  private void projectEmbedding(float[] p) {
    int vocab = arch.embedding().vocab();
    int dim = arch.embedding().dim();
    int folds = arch.embedding().tokens();
    int nIn = arch.inputs();
    int nOut = arch.width(1);
    if (projected == null) {
      projected = new float[folds][vocab * nOut];
      byToken = new float[folds][vocab * nOut];
    }
    int eOff = arch.embeddingOffset();
    int wOff = arch.weightOffset(0);
    for (int f = 0; f < folds; f++) {
      float[] pf = projected[f];
      for (int v = 0; v < vocab; v++) {
        int eo = eOff + v * dim;
        for (int o = 0; o < nOut; o++) {
          int wo = wOff + o * nIn + f * dim;
          float s = 0;
          for (int q = 0; q < dim; q++) {
            s += p[eo + q] * p[wo + q];
          }
          pf[v * nOut + o] = s;
        }
      }
    }
  }

  /** z1[b] = b1 + sum_f P_f[token_f(b)]. */
  private void embeddedFirstLayer(float[] p, Dataset data, int[] idx, int batch, float[] z) {
    int nOut = arch.width(1);
    int folds = arch.embedding().tokens();
    int bOff = arch.biasOffset(0);
    int[] tok = data.tokens();
    var k = Dense32.kernels(); // fma(1, x, y) is x + y exactly: the plain loop's bits, in vectors
    for (int b = 0; b < batch; b++) {
      int e = idx == null ? b : idx[b];
      int zo = b * nOut;
      System.arraycopy(p, bOff, z, zo, nOut);
      for (int f = 0; f < folds; f++) {
        k.addScaled(1f, projected[f], tok[e * folds + f] * nOut, z, zo, nOut);
      }
    }
  }

  /**
   * The first layer's gradients through the token lookup: sum dz1 by token (G_f), then
   * dW1_f = G_f^T E and dE += G_f W1_f; biases as usual.
   */
  private void embeddedFirstLayerGradient(float[] p, Dataset data, int[] idx, int batch, float[] delta, float[] grad) {
    int vocab = arch.embedding().vocab();
    int dim = arch.embedding().dim();
    int folds = arch.embedding().tokens();
    int nIn = arch.inputs();
    int nOut = arch.width(1);
    int bOff = arch.biasOffset(0);
    int wOff = arch.weightOffset(0);
    int eOff = arch.embeddingOffset();
    int[] tok = data.tokens();
    FloatKernels k = Dense32.kernels();
    for (float[] g : byToken) {
      java.util.Arrays.fill(g, 0f);
    }
    for (int b = 0; b < batch; b++) {
      int e = idx == null ? b : idx[b];
      int zo = b * nOut;
      k.addScaled(1f, delta, zo, grad, bOff, nOut);
      for (int f = 0; f < folds; f++) {
        k.addScaled(1f, delta, zo, byToken[f], tok[e * folds + f] * nOut, nOut);
      }
    }
    for (int f = 0; f < folds; f++) {
      float[] g = byToken[f];
      for (int v = 0; v < vocab; v++) {
        int eo = eOff + v * dim;
        for (int o = 0; o < nOut; o++) {
          float gv = g[v * nOut + o];
          if (gv == 0) {
            continue;
          }
          int wo = wOff + o * nIn + f * dim;
          // the weight's and the embedding's ranges of grad are disjoint: one pass each gives the interleaved loop's bits
          k.addScaled(gv, p, eo, grad, wo, dim);
          k.addScaled(gv, p, wo, grad, eo, dim);
        }
      }
    }
  }

  /**
   * Every hidden neuron's activation on every example: [hidden layer - 1][example * width + neuron],
   * neurons in the network's own (swapped) order.
   */
  public float[][] hiddenActivations(float[] p, Network net, Dataset data) {
    int n = data.size();
    forward(p, net, data, null, n);
    float[][] out = new float[arch.weightLayers() - 1][];
    for (int l = 1; l < arch.weightLayers(); l++) {
      out[l - 1] = java.util.Arrays.copyOf(act[l], n * arch.width(l));
    }
    return out;
  }

  /** Network outputs for every example, columns in the original target (or class) order. */
  public float[] predict(float[] p, Network net, Dataset data) {
    int n = data.size();
    forward(p, net, data, null, n);
    int nOut = arch.outputs();
    float[] out = act[arch.weightLayers()];
    int[] perm = net.outputPermutation();
    float[] r = new float[n * nOut];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < nOut; o++) {
        r[b * nOut + perm[o]] = out[b * nOut + o];
      }
    }
    return r;
  }

  private static final int EVAL_CHUNK = Mlp.EVAL_CHUNK;

  /** Prediction loss and, for classification, accuracy (NaN for regression). */
  public Mlp.Evaluation evaluate(float[] p, Network net, Dataset data) {
    if (data.size() > EVAL_CHUNK) {
      return evaluateInChunks(p, net, data);
    }
    double l = lossAndGradient(p, net, data, null, null);
    double acc = Double.NaN;
    if (data.isClassification()) {
      float[] out = predict(p, net, data);
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
      acc = (float) correct / data.size();
    }
    return new Mlp.Evaluation(l, acc);
  }

  private Mlp.Evaluation evaluateInChunks(float[] p, Network net, Dataset data) {
    int n = data.size();
    int nOut = arch.outputs();
    int[] perm = net.outputPermutation();
    double lossSum = 0;
    int correct = 0;
    float[] row = new float[nOut];
    for (int start = 0; start < n; start += EVAL_CHUNK) {
      int m = Math.min(EVAL_CHUNK, n - start);
      int[] idx = new int[m];
      for (int b = 0; b < m; b++) {
        idx[b] = start + b;
      }
      lossSum += lossAndGradient(p, net, data, idx, null) * m; // leaves this chunk's outputs in act
      if (data.isClassification()) {
        float[] out = act[arch.weightLayers()];
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
    return new Mlp.Evaluation(lossSum / n, data.isClassification() ? (double) correct / n : Double.NaN);
  }

  /**
   * An activation other than SiLU in float32: the float64 function of the float input, rounded
   * once (deterministic as the float64 path is).
   */
  private static void activate(io.bimtsweep.core.model.Activation f, float[] z, float[] a, float[] d, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = (float) f.apply(z[i]);
      d[i] = (float) f.derivative(z[i]);
    }
  }
}
