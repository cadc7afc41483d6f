package io.bimtsweep.dl4j;

import io.bimtsweep.core.train.LambdaSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * BIMT's connection cost as a DL4J {@link Regularization} for one parameter of one layer: for a
 * weight matrix lambda * scale * sum(d * |w|), for a bias lambda * scale * sum(|b|) (scale then
 * holds y*). Its gradient, lambda * scale * d * sign(w) (sign(0) = 0), is added before the updater,
 * so Adam sees it as PyTorch's Adam sees the gradient of the whole loss. The same arithmetic, in the
 * same order, as {@link io.bimtsweep.core.cost.ConnectionCost}, so both engines add the same bits.
 *
 * <p>Immutable as a setting. It keeps one array between calls, the distances in the parameter's
 * shape and type, allocated outside ND4J's workspaces (an array kept from inside a workspace would
 * dangle: "leaked workspace pointer"). sign(w) is exactly -1, 0 or 1, so sign(w) * (s * d) rounds
 * as the Java engine's (s * d) * sign(w) does: both engines add the same bits.
 */
public final class ConnectionCostRegularization implements Regularization {
  private static final long serialVersionUID = 1L;

  @JsonProperty private final double[] distances;
  @JsonProperty private final double scale;
  @JsonProperty private final String lambda;
  @JsonProperty private final int totalSteps;
  @JsonProperty private final long fromStep;
  @JsonIgnore private transient LambdaSchedule.Resolved resolved;
  /** s * d for one s, as one value: two threads sharing this term each see a consistent pair. */
  private record Scaled(double scale, INDArray distances) {}

  @JsonIgnore private transient volatile Scaled cached;
  @JsonIgnore private transient volatile INDArray unit;

  /**
   * @param distances the connection lengths in DL4J's own element order of W ([nIn, nOut] column
   *     major: connection from input i to output o at i + o * nIn, which is this project's [out][in]
   *     row-major order); null for a bias
   * @param scale the reduction (1 for sum, 1/count for mean), times y* for a bias
   * @param lambda the schedule's text, e.g. {@code "1e-3, x10@25%"}
   * @param totalSteps the run length that fractions in the schedule refer to
   * @param fromStep the first step (iteration) the term applies at: the biases' delayed penalty
   */
  @JsonCreator
  public ConnectionCostRegularization(@JsonProperty("distances") double[] distances, @JsonProperty("scale") double scale,
      @JsonProperty("lambda") String lambda, @JsonProperty("totalSteps") int totalSteps,
      @JsonProperty("fromStep") long fromStep) {
    io.bimtsweep.core.Checks.check(totalSteps > 0, "the connection cost needs the run length (steps > 0), got %d", totalSteps);
    this.distances = distances == null ? null : distances.clone();
    this.scale = scale;
    this.lambda = LambdaSchedule.parse(lambda).toString();
    this.totalSteps = totalSteps;
    this.fromStep = fromStep;
  }

  private LambdaSchedule.Resolved schedule() {
    LambdaSchedule.Resolved r = resolved;
    if (r == null) {
      r = LambdaSchedule.parse(lambda).resolve(totalSteps);
      resolved = r;
    }
    return r;
  }

  /** lambda at this iteration, or 0 before the term starts. */
  public double lambdaAt(int iteration) {
    return iteration < fromStep ? 0 : schedule().valueAt(iteration);
  }

  public boolean isBias() {
    return distances == null;
  }

  @Override
  public ApplyStep applyStep() {
    return ApplyStep.BEFORE_UPDATER;
  }

  /** The values of a parameter view in this project's order (DL4J's 'f' order of W). */
  static double[] values(INDArray param) {
    return param.dup('f').data().asDouble();
  }

  /**
   * s * d shaped and typed like param ('f' order: this project's element order), recomputed only
   * when s (lambda times the reduction) changes, i.e. at the schedule's steps.
   */
  private INDArray scaledDistancesLike(INDArray param, double s) {
    Scaled c = cached;
    if (c == null || s != c.scale() || c.distances().dataType() != param.dataType()
        || !java.util.Arrays.equals(c.distances().shape(), param.shape())) {
      checkLength((int) param.length());
      double[] sd = new double[distances.length];
      for (int i = 0; i < sd.length; i++) {
        sd[i] = s * distances[i];
      }
      try (var ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        c = new Scaled(s, Nd4j.create(sd, param.shape(), 'f').castTo(param.dataType()));
      }
      cached = c;
    }
    return c.distances();
  }

  @Override
  public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
    double l = lambdaAt(iteration);
    if (l == 0) {
      return;
    }
    double s = l * scale;
    INDArray term = distances != null ? Transforms.sign(param, true).muli(scaledDistancesLike(param, s))
        : Transforms.sign(param, true).muli(s);
    gradView.addi(term.reshape(gradView.ordering(), gradView.shape()));
  }

  @Override
  public double score(INDArray param, int iteration, int epoch) {
    double l = lambdaAt(iteration);
    if (l == 0) {
      return 0;
    }
    INDArray abs = Transforms.abs(param, true);
    if (distances == null) {
      return l * (abs.sumNumber().doubleValue() * scale);
    }
    INDArray d = unit;
    if (d == null || d.dataType() != param.dataType() || !java.util.Arrays.equals(d.shape(), param.shape())) {
      checkLength((int) param.length());
      try (var ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        d = Nd4j.create(distances, param.shape(), 'f').castTo(param.dataType());
      }
      unit = d;
    }
    return l * (abs.muli(d).sumNumber().doubleValue() * scale);
  }

  private void checkLength(int n) {
    io.bimtsweep.core.Checks.check(distances == null || distances.length == n,
        "the connection cost was built for %d connections but the parameter has %d: attach BIMT to the network it "
            + "was configured for", distances == null ? 0 : distances.length, n);
  }

  @Override
  public Regularization clone() {
    return new ConnectionCostRegularization(distances, scale, lambda, totalSteps, fromStep);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionCostRegularization r && java.util.Arrays.equals(distances, r.distances)
        && scale == r.scale && lambda.equals(r.lambda) && totalSteps == r.totalSteps && fromStep == r.fromStep;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(java.util.Arrays.hashCode(distances), scale, lambda, totalSteps, fromStep);
  }
}
