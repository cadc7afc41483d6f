package io.bimtsweep.dl4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adam as PyTorch (and the Java engine) computes it: lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t)
 * + eps). DL4J's own {@link org.nd4j.linalg.learning.config.Adam} adds eps to sqrt(v) before the
 * bias correction, lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), which is PyTorch's with
 * eps / sqrt(1 - b2^t) in place of eps: 31.6x larger at the first step, converging to eps as t
 * grows. On parameters with small gradients that moves a run away from PyTorch's by ~1e-4 in 100
 * steps (measured, AdamAgreementTest); with this updater the two engines differ only by rounding.
 */
public final class TorchAdam implements IUpdater {
  private static final long serialVersionUID = 1L;
  @JsonProperty private double learningRate;
  @JsonProperty private final double beta1;
  @JsonProperty private final double beta2;
  @JsonProperty private final double epsilon;

  public TorchAdam(@JsonProperty("learningRate") double learningRate, @JsonProperty("beta1") double beta1,
      @JsonProperty("beta2") double beta2, @JsonProperty("epsilon") double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** PyTorch's defaults with this learning rate. */
  public TorchAdam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  @Override
  public long stateSize(long numParams) {
    return 2 * numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    Updater u = new Updater(this);
    INDArray flat = viewArray.reshape(viewArray.length());
    long[] shape = Arrays.copyOf(flat.shape(), flat.shape().length);
    shape[0] /= 2;
    u.setStateViewArray(flat, shape, flat.ordering(), initializeViewArray);
    return u;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    Updater u = new Updater(this);
    u.setState(state, initializeStateArrays);
    return u;
  }

  @Override
  public TorchAdam clone() {
    return new TorchAdam(learningRate, beta1, beta2, epsilon);
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    io.bimtsweep.core.Checks.check(schedule == null, "TorchAdam takes a fixed learning rate, not a schedule");
    this.learningRate = lr;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TorchAdam t && t.learningRate == learningRate && t.beta1 == beta1 && t.beta2 == beta2
        && t.epsilon == epsilon;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(learningRate, beta1, beta2, epsilon);
  }

  static final class Updater implements GradientUpdater<TorchAdam> {
    private final TorchAdam config;
    private INDArray m;
    private INDArray v;

    Updater(TorchAdam config) {
      this.config = config;
    }

    @Override
    public TorchAdam getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      m = state.get("M");
      v = state.get("V");
      if (m == null || v == null || state.size() != 2) {
        throw new IllegalStateException("TorchAdam's state has keys M and V, got " + state.keySet());
      }
      if (initialize) {
        m.assign(0);
        v.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      Map<String, INDArray> r = new HashMap<>();
      r.put("M", m);
      r.put("V", v);
      return r;
    }

    @Override
    public void setStateViewArray(INDArray view, long[] gradientShape, char gradientOrder, boolean initialize) {
      if (initialize) {
        view.assign(0);
      }
      INDArray flat = view.reshape(view.length());
      long n = flat.length();
      m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, n / 2)), gradientShape, gradientOrder == 'f');
      v = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(n / 2, n)), gradientShape, gradientOrder == 'f');
      if (m == null || v == null) {
        throw new IllegalStateException("could not shape TorchAdam's state like the gradient");
      }
    }

    /**
     * Turns the gradient into the update, in place (DL4J then subtracts it from the parameters), with
     * ND4J's fused Adam kernel (one native operation, where the formula spelled out in array
     * operations took thirteen, each with ND4J's fixed cost) given eps * sqrt(1 - b2^t) as its
     * epsilon: its lr * sqrt(c2) / c1 * m / (sqrt(v) + eps * sqrt(c2)) is then PyTorch's
     * lr / c1 * m / (sqrt(v) / sqrt(c2) + eps), rounded in another order (a few ulp per step).
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      double c2 = 1 - Math.pow(config.beta2, iteration + 1);
      Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(gradient.reshape(v.shape()), v, m,
          config.learningRate, config.beta1, config.beta2, config.epsilon * Math.sqrt(c2), iteration));
    }
  }
}
