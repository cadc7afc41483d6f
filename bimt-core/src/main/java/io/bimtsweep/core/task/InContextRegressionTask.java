package io.bimtsweep.core.task;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * In-context linear regression (the paper's transformer experiment): each sequence is a task
 * y = w . x with its own w ~ U[-1, 1]^d, shown as tokens (0, x1), (y1, 0), (0, x2), ..., (0, xT)
 * of width d + 1 (x ~ U[1, 3]^d); the model predicts y_t from output component 0 at every x token,
 * i.e. from the examples before it. The test figure of the paper is the last position's MSE. The
 * sequences are split 80/20 into train and test, seeded.
 */
public final class InContextRegressionTask implements Task {
  public static final String NAME = "in_context_regression";

  @Override public String name() { return NAME; }

  @Override public String description() {
    return "in-context linear regression y = w*x, w drawn per sequence; a transformer (widths spell its blocks)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("n_tasks", "sequences, each with its own w (default 10000; 80% train, 20% test)",
        "d", "dimension of x and w (default 1)", "T", "examples per sequence (default 2: tokens x1, y1, x2)",
        "train_fraction", "share of the sequences for training (default 0.8)",
        "layer_norm", "model option: apply the transformer's LayerNorms (default false, as the notebook)");
  }

  private record Options(int tasks, int d, int examples, double fraction, boolean layerNorm) {}

  private Options parse(Map<String, Object> options) {
    TaskOptions o = read(options);
    Options r = new Options(o.integer("n_tasks", 10000, 2), o.integer("d", 1, 1), o.integer("T", 2, 1),
        o.number("train_fraction", 0.8), o.flag("layer_norm", false));
    check(r.fraction() > 0 && r.fraction() < 1, "task '%s' option 'train_fraction' must be in (0, 1), got %s", NAME,
        r.fraction());
    int train = (int) (r.tasks() * r.fraction());
    check(train >= 1 && train < r.tasks(), "task '%s': %d sequences with train_fraction %s leave an empty split", NAME,
        r.tasks(), r.fraction());
    return r;
  }

  /** Where the sequences' targets are, and the model option. */
  public SequenceSpec sequence(Map<String, Object> options) {
    Options o = parse(options);
    int[] positions = new int[o.examples()];
    for (int t = 0; t < positions.length; t++) {
      positions[t] = 2 * t;
    }
    return new SequenceSpec(2 * o.examples() - 1, o.d() + 1, positions, 0, o.layerNorm());
  }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    Options o = parse(options);
    int n = o.tasks();
    int d = o.d();
    int tokens = 2 * o.examples() - 1;
    int width = d + 1;
    SplittableRandom rnd = new SplittableRandom(dataSeed);
    double[][] x = new double[n][tokens * width];
    double[][] y = new double[n][o.examples()];
    for (int s = 0; s < n; s++) {
      double[] w = new double[d];
      for (int i = 0; i < d; i++) {
        w[i] = rnd.nextDouble(-1, 1);
      }
      for (int t = 0; t < o.examples(); t++) {
        double v = 0;
        int xo = 2 * t * width;
        for (int i = 0; i < d; i++) {
          double xi = rnd.nextDouble(1, 3);
          x[s][xo + 1 + i] = xi;
          v += w[i] * xi;
        }
        y[s][t] = v;
        if (t < o.examples() - 1) {
          x[s][xo + width] = v; // the answer token (y_t, 0, ..., 0) follows
        }
      }
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int nTrain = (int) (n * o.fraction());
    Dataset train = split(x, y, order, 0, nTrain, tokens * width, o.examples());
    Dataset test = split(x, y, order, nTrain, n, tokens * width, o.examples());
    List<String> in = new ArrayList<>(List.of("y"));
    for (int i = 1; i <= d; i++) {
      in.add(d == 1 ? "x" : "x" + i);
    }
    List<String> out = new ArrayList<>(List.of("y_pred"));
    for (int i = 1; i <= d; i++) {
      out.add(d == 1 ? "x_pred" : "x" + i + "_pred");
    }
    return new TaskData(train, test, Loss.MSE, 0, in, out, List.of(), sequence(options));
  }

  private static Dataset split(double[][] x, double[][] y, int[] order, int from, int to, int features, int targets) {
    int m = to - from;
    double[] fx = new double[m * features];
    double[] fy = new double[m * targets];
    for (int i = 0; i < m; i++) {
      System.arraycopy(x[order[from + i]], 0, fx, i * features, features);
      System.arraycopy(y[order[from + i]], 0, fy, i * targets, targets);
    }
    return Dataset.regression(fx, features, fy, targets);
  }

  /**
   * For d = 1, each test sequence's w (y1 / x1, as x1 >= 1): what the residual stream should
   * encode. None for d > 1.
   */
  @Override
  public Map<String, double[]> probes(Map<String, Object> options, TaskData data) {
    if (parse(options).d() != 1) {
      return Map.of();
    }
    Dataset t = data.test();
    int f = t.features();
    int targets = t.outputWidth();
    double[] w = new double[t.size()];
    for (int s = 0; s < w.length; s++) {
      w[s] = t.y()[s * targets] / t.x()[s * f + 1];
    }
    return Map.of("w", w);
  }
}
