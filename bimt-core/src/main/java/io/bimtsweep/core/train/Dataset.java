package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

/**
 * Examples for one split: either dense features or token ids as inputs, and either real targets
 * (regression) or class labels (classification). Arrays are row-major and owned by the dataset:
 * callers must not modify them.
 */
public final class Dataset {
  private final int size;
  private final int features;
  private final double[] x;
  private final int tokensPerExample;
  private final int[] tokens;
  private final int targets;
  private final double[] y;
  private final int classes;
  private final int[] labels;

  private Dataset(int size, int features, double[] x, int tokensPerExample, int[] tokens, int targets, double[] y,
      int classes, int[] labels) {
    check(size > 0, "a dataset needs at least one example");
    this.size = size;
    this.features = features;
    this.x = x;
    this.tokensPerExample = tokensPerExample;
    this.tokens = tokens;
    this.targets = targets;
    this.y = y;
    this.classes = classes;
    this.labels = labels;
  }

  public static Dataset regression(double[] x, int features, double[] y, int targets) {
    int n = x.length / features;
    check(x.length == n * features && y.length == n * targets, "features and targets disagree on the number of examples");
    return new Dataset(n, features, x, 0, null, targets, y, 0, null);
  }

  public static Dataset classification(double[] x, int features, int[] labels, int classes) {
    int n = labels.length;
    check(x.length == n * features, "features and labels disagree on the number of examples");
    checkLabels(labels, classes);
    return new Dataset(n, features, x, 0, null, classes, null, classes, labels);
  }

  public static Dataset tokenClassification(int[] tokens, int tokensPerExample, int[] labels, int classes) {
    int n = labels.length;
    check(tokens.length == n * tokensPerExample, "tokens and labels disagree on the number of examples");
    checkLabels(labels, classes);
    return new Dataset(n, 0, null, tokensPerExample, tokens, classes, null, classes, labels);
  }

  private static void checkLabels(int[] labels, int classes) {
    for (int l : labels) {
      check(l >= 0 && l < classes, "label %d outside 0..%d", l, classes - 1);
    }
  }

  public int size() { return size; }
  public boolean isClassification() { return labels != null; }
  public boolean hasTokens() { return tokens != null; }
  /** Dense input width (0 for token inputs). */
  public int features() { return features; }
  public int tokensPerExample() { return tokensPerExample; }
  /** Output width the network needs: targets for regression, classes for classification. */
  public int outputWidth() { return targets; }
  public int classes() { return classes; }
  public double[] x() { return x; }

  private volatile float[] xFloat;
  private volatile float[] yFloat;

  /** The features rounded to float32, computed once: the inputs of a float32 run. */
  public float[] xFloat() {
    float[] f = xFloat;
    if (f == null && x != null) {
      f = Numerics.narrowed(x);
      xFloat = f;
    }
    return f;
  }

  /** The regression targets rounded to float32, computed once (null for classification). */
  public float[] yFloat() {
    float[] f = yFloat;
    if (f == null && y != null) {
      f = Numerics.narrowed(y);
      yFloat = f;
    }
    return f;
  }

  public int[] tokens() { return tokens; }
  public double[] y() { return y; }
  public int[] labels() { return labels; }
}
