package io.bimtsweep.core.model;

import java.util.Locale;

/** Hidden-layer activations. Each gives its value and its derivative at the pre-activation z. */
public enum Activation {
  /** z sigmoid(z), with the engine's own {@link Exp} so that its bits are the same on every machine. */
  SILU {
    @Override public double apply(double z) { return z / (1 + Exp.exp(-z)); }
    @Override public double derivative(double z) {
      double s = 1 / (1 + Exp.exp(-z));
      return s * Math.fma(z, 1 - s, 1);
    }
    @Override public void forward(double[] z, double[] a, double[] d, int n) {
      for (int i = 0; i < n; i++) {
        double zi = z[i];
        double s = 1 / (1 + Exp.exp(-zi));
        a[i] = zi * s;
        d[i] = s * Math.fma(zi, 1 - s, 1);
      }
    }
  },
  TANH {
    @Override public double apply(double z) { return Math.tanh(z); }
    @Override public double derivative(double z) {
      double t = Math.tanh(z);
      return 1 - t * t;
    }
  },
  RELU {
    @Override public double apply(double z) { return z > 0 ? z : 0; }
    @Override public double derivative(double z) { return z > 0 ? 1 : 0; }
  },
  /** GELU in its tanh form (as in the paper's transformer); exact derivative of that form. */
  GELU {
    private static final double C = 0.7978845608028654; // sqrt(2 / pi)
    @Override public double apply(double z) {
      return 0.5 * z * (1 + Math.tanh(C * (z + 0.044715 * z * z * z)));
    }
    @Override public double derivative(double z) {
      double u = C * (z + 0.044715 * z * z * z);
      double t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * 0.044715 * z * z);
    }
  };

  public abstract double apply(double z);

  /** a = f(z) and d = f'(z) for the first n entries: one pass, so the backward pass needs no recomputation. */
  public void forward(double[] z, double[] a, double[] d, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = apply(z[i]);
      d[i] = derivative(z[i]);
    }
  }

  public abstract double derivative(double z);

  public static Activation parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown activation '" + s + "': expected one of silu, tanh, relu, gelu");
    }
  }
}
