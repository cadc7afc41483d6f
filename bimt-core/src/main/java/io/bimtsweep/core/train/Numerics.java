package io.bimtsweep.core.train;

import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.model.Network;

/**
 * The numbers a run trains in, behind one seam so that {@link Trainer} wires the same loop for
 * both: float64 trains the network's own array; float32 trains a float copy and writes it back
 * to the network (exactly: every float is a double) whenever something that works in double
 * reads the parameters: the swaps, the cost's value, seRNN's communicability, the metrics. A swap
 * only moves values, so it is exact in either type; the swap's choice is scored in double from
 * the float values.
 */
abstract class Numerics {
  final Network net;
  final CostCoefficients coefficients = new CostCoefficients();

  Numerics(Network net) {
    this.net = net;
  }

  /** The trainer's numbers for a dtype: "float64" or "float32". */
  static Numerics of(Dtype dtype, Network net, Problem problem, TrainingSettings s) {
    return dtype == Dtype.FLOAT32 ? new Float32(net, problem, s) : new Float64(net, problem, s);
  }

  /** Zeroes the gradient, then sets it to the prediction loss's gradient on the examples idx; returns the loss. */
  abstract double lossAndGradient(Dataset data, int[] idx);

  /** Adds the connection cost's gradient (factors: seRNN's, or null). */
  abstract void addCostGradient(ConnectionCost cost, double lambda, boolean penaliseBiases, double[][] factors);

  /** The gradient so far, as doubles (float32: widened, a copy); for tests. */
  abstract double[] gradient();

  /** One optimiser step. */
  abstract void step();

  /** The network's parameters, up to date (float32: written back first). */
  abstract double[] parameters();

  /**
   * The optimiser's moments as arrays a swap may permute; after the swap, {@link #swapped} takes
   * the network's parameters and these moments back.
   */
  abstract double[][] moments();

  /** Takes back the network's parameters (and moments from {@link #moments()}, if asked for) after a swap. */
  abstract void swapped(double[][] moments);

  abstract int optimizerSteps();

  abstract void restore(double[] m, double[] v, int t);

  abstract Mlp.Evaluation evaluate(Dataset data);

  /** Whether every parameter is finite. */
  abstract boolean allFinite();

  /** A float copy of d, each value rounded to the nearest float. */
  static float[] narrowed(double[] d) {
    float[] f = new float[d.length];
    narrow(d, f);
    return f;
  }

  /** A double copy of f (exact). */
  static double[] widened(float[] f) {
    double[] d = new double[f.length];
    widen(f, d);
    return d;
  }

  static void narrow(double[] from, float[] to) {
    for (int i = 0; i < to.length; i++) {
      to[i] = (float) from[i];
    }
  }

  static void widen(float[] from, double[] to) {
    for (int i = 0; i < from.length; i++) {
      to[i] = from[i];
    }
  }

  private static final class Float64 extends Numerics {
    private final Mlp mlp;
    private final AdamW opt;
    private final double[] params;
    private final double[] grad;

    Float64(Network net, Problem problem, TrainingSettings s) {
      super(net);
      params = net.parameters();
      grad = new double[params.length];
      mlp = new Mlp(problem.architecture(), problem.loss());
      opt = new AdamW(params.length, s.learningRate(), 0.9, 0.999, 1e-8, s.weightDecay());
    }

    @Override
    double lossAndGradient(Dataset data, int[] idx) {
      java.util.Arrays.fill(grad, 0.0);
      return mlp.lossAndGradient(net, data, idx, grad);
    }

    @Override
    void addCostGradient(ConnectionCost cost, double lambda, boolean penaliseBiases, double[][] factors) {
      if (lambda == 0) {
        return;
      }
      double[][] c = coefficients.of(cost, lambda, factors);
      for (int l = 0; l < c.length; l++) {
        Dense.addSignScaled(c[l], params, net.architecture().weightOffset(l), grad);
      }
      cost.addBiasAndEmbeddingGradient(params, grad, lambda, penaliseBiases);
    }

    @Override
    double[] gradient() {
      return grad.clone();
    }

    @Override
    void step() {
      opt.step(params, grad);
    }

    @Override
    double[] parameters() {
      return params;
    }

    @Override
    double[][] moments() {
      return new double[][] {opt.firstMoment(), opt.secondMoment()};
    }

    @Override
    void swapped(double[][] moments) {}

    @Override
    int optimizerSteps() {
      return opt.steps();
    }

    @Override
    void restore(double[] m, double[] v, int t) {
      opt.restore(m, v, t);
    }

    @Override
    Mlp.Evaluation evaluate(Dataset data) {
      return mlp.evaluate(net, data);
    }

    @Override
    boolean allFinite() {
      for (double v : params) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Float32 extends Numerics {
    private final Mlp32 mlp;
    private final AdamW32 opt;
    private final float[] params;
    private final float[] grad;

    /** Rounds the network's parameters to float: from here on they are the float copy's values. */
    Float32(Network net, Problem problem, TrainingSettings s) {
      super(net);
      double[] p = net.parameters();
      mlp = new Mlp32(problem.architecture(), problem.loss());
      opt = new AdamW32(p.length, s.learningRate(), 0.9, 0.999, 1e-8, s.weightDecay());
      params = new float[p.length];
      grad = new float[p.length];
      narrow(p, params);
      widen(params, p);
    }

    @Override
    double lossAndGradient(Dataset data, int[] idx) {
      java.util.Arrays.fill(grad, 0f);
      return mlp.lossAndGradient(params, net, data, idx, grad);
    }

    @Override
    void addCostGradient(ConnectionCost cost, double lambda, boolean penaliseBiases, double[][] factors) {
      if (lambda == 0) {
        return;
      }
      float[][] c = coefficients.ofFloat(cost, lambda, factors);
      for (int l = 0; l < c.length; l++) {
        Dense32.addSignScaled(c[l], params, net.architecture().weightOffset(l), grad);
      }
      cost.addBiasAndEmbeddingGradient(params, grad, lambda, penaliseBiases);
    }

    @Override
    double[] gradient() {
      double[] g = new double[grad.length];
      widen(grad, g);
      return g;
    }

    @Override
    void step() {
      opt.step(params, grad);
    }

    @Override
    double[] parameters() {
      double[] p = net.parameters();
      widen(params, p);
      return p;
    }

    @Override
    double[][] moments() {
      double[] m = new double[params.length];
      double[] v = new double[params.length];
      widen(opt.firstMoment(), m);
      widen(opt.secondMoment(), v);
      return new double[][] {m, v};
    }

    @Override
    void swapped(double[][] moments) {
      narrow(net.parameters(), params);
      if (moments != null) {
        narrow(moments[0], opt.firstMoment());
        narrow(moments[1], opt.secondMoment());
      }
    }

    @Override
    int optimizerSteps() {
      return opt.steps();
    }

    @Override
    void restore(double[] m, double[] v, int t) {
      opt.restore(m, v, t);
    }

    @Override
    Mlp.Evaluation evaluate(Dataset data) {
      return mlp.evaluate(params, net, data);
    }

    @Override
    boolean allFinite() {
      for (float v : params) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
  }
}
