package io.bimtsweep.core.train;

/**
 * {@link AdamW} in float32: the moments and every per-parameter operation in float, as
 * torch.optim.AdamW on float32 tensors. The step's scalars (bias corrections, step size, decay)
 * are computed in double once per step and rounded to float, as PyTorch computes them in Python
 * floats.
 */
public final class AdamW32 {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final float eps;
  private final double weightDecay;
  private final float[] m;
  private final float[] v;
  private int t;

  public AdamW32(int size, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = (float) eps;
    this.weightDecay = weightDecay;
    this.m = new float[size];
    this.v = new float[size];
  }

  public void step(float[] p, float[] g) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) (lr / c1);
    float sqrtC2 = (float) Math.sqrt(c2);
    float decay = (float) (1 - lr * weightDecay);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float ob1 = (float) (1 - beta1);
    float ob2 = (float) (1 - beta2);
    for (int i = 0; i < p.length; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + ob1 * gi;
      float vi = b2 * v[i] + ob2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      // the square root correctly rounded in double, then to float: the correctly rounded float root
      p[i] = p[i] * decay - stepSize * mi / ((float) Math.sqrt(vi) / sqrtC2 + eps);
    }
  }

  /** Steps taken (the bias corrections' exponent). */
  public int steps() {
    return t;
  }

  /** Continues from a checkpoint's moments (float values held in doubles) and step count. */
  public void restore(double[] m, double[] v, int t) {
    Numerics.narrow(m, this.m);
    Numerics.narrow(v, this.v);
    this.t = t;
  }

  float[] firstMoment() {
    return m;
  }

  float[] secondMoment() {
    return v;
  }
}
