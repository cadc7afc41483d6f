package io.bimtsweep.core.train;

/**
 * AdamW exactly as torch.optim.AdamW: bias-corrected moments, decoupled weight decay. The moment
 * buffers are exposed so a swap can permute them with the weights (an option; the notebooks don't).
 */
public final class AdamW {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double[] m;
  private final double[] v;
  private int t;

  public AdamW(int size, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.m = new double[size];
    this.v = new double[size];
  }

  public void step(double[] p, double[] g) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double stepSize = lr / c1;
    double sqrtC2 = Math.sqrt(c2);
    double decay = 1 - lr * weightDecay;
    for (int i = 0; i < p.length; i++) {
      double gi = g[i];
      double mi = beta1 * m[i] + (1 - beta1) * gi;
      double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * decay - stepSize * mi / (Math.sqrt(vi) / sqrtC2 + eps);
    }
  }

  /** Steps taken (the bias corrections' exponent). */
  public int steps() { return t; }

  /** Continues from a checkpoint's moments and step count. */
  public void restore(double[] m, double[] v, int t) {
    System.arraycopy(m, 0, this.m, 0, this.m.length);
    System.arraycopy(v, 0, this.v, 0, this.v.length);
    this.t = t;
  }

  public double[] firstMoment() { return m; }
  public double[] secondMoment() { return v; }
}
