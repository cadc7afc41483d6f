package io.bimtsweep.core.task;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * scikit-learn's make_moons: two interleaving half circles (outer class 0, inner class 1, shifted
 * by (1, -0.5)), shuffled, with Gaussian noise of the given standard deviation. Train and test
 * are drawn independently.
 */
public final class TwoMoonsTask implements Task {
  @Override public String name() { return "two_moons"; }
  @Override public String description() { return "two interleaving half circles with Gaussian noise (make_moons), 2 classes"; }

  @Override
  public Map<String, String> options() {
    return Map.of("n_train", "training examples (default 200)", "n_test", "test examples (default 200)",
        "noise", "standard deviation of the Gaussian noise (default 0.1)");
  }

  /** Both class outputs depend on both coordinates: nothing to factorise, but reachability can still fail. */
  @Override
  public List<java.util.Set<Integer>> dependencies(Map<String, Object> options) {
    return List.of(java.util.Set.of(1, 2), java.util.Set.of(1, 2));
  }

  @Override
  public int trainingExamples(Map<String, Object> options) {
    return trainingExamples(read(options));
  }

  private static int trainingExamples(TaskOptions o) {
    return o.integer("n_train", 200, 2);
  }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    TaskOptions o = read(options);
    double noise = o.number("noise", 0.1);
    io.bimtsweep.core.Checks.check(noise >= 0, "two_moons noise must be >= 0, got %s", noise);
    Random rnd = new Random(dataSeed);
    Dataset train = moons(trainingExamples(o), noise, rnd);
    Dataset test = moons(o.integer("n_test", 200, 2), noise, rnd);
    return new TaskData(train, test, Loss.CROSS_ENTROPY, 0, List.of("x1", "x2"), List.of("class"));
  }

  static Dataset moons(int n, double noise, Random rnd) {
    int nOut = n / 2;
    int nIn = n - nOut;
    double[] x = new double[2 * n];
    int[] label = new int[n];
    for (int i = 0; i < nOut; i++) {
      double t = nOut == 1 ? 0 : Math.PI * i / (nOut - 1);
      x[2 * i] = Math.cos(t);
      x[2 * i + 1] = Math.sin(t);
    }
    for (int i = 0; i < nIn; i++) {
      double t = nIn == 1 ? 0 : Math.PI * i / (nIn - 1);
      int r = nOut + i;
      x[2 * r] = 1 - Math.cos(t);
      x[2 * r + 1] = 0.5 - Math.sin(t);
      label[r] = 1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      double a = x[2 * i], b = x[2 * i + 1];
      x[2 * i] = x[2 * j];
      x[2 * i + 1] = x[2 * j + 1];
      x[2 * j] = a;
      x[2 * j + 1] = b;
      int l = label[i];
      label[i] = label[j];
      label[j] = l;
    }
    for (int i = 0; i < 2 * n; i++) {
      x[i] += noise * rnd.nextGaussian();
    }
    return Dataset.classification(x, 2, label, 2);
  }
}
