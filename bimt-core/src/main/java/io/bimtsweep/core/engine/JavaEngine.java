package io.bimtsweep.core.engine;

import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Dtype;
import io.bimtsweep.core.train.Kernels;
import io.bimtsweep.core.train.NumericBackend;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.List;
import java.util.Map;

/**
 * The built-in engine: {@link Trainer}, in float64 or float32: its own kernels for small products
 * and netlib BLAS (dgemm, sgemm) for wide ones.
 */
public final class JavaEngine implements Engine {
  public static final String NAME = "java";
  private final Dtype dtype;

  public JavaEngine() {
    this(Dtype.FLOAT64);
  }

  public JavaEngine(Dtype dtype) {
    this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the built-in Java engine (float64 on its own kernels at every size, or float32 with BLAS for wide layers)";
  }

  @Override
  public Map<String, String> provenance() {
    return dtype == Dtype.FLOAT64
        ? Map.of("blas", NumericBackend.float64Blas(), "kernels", Kernels.standard().name())
        : Map.of("blas", NumericBackend.blas(), "kernels", Kernels.standardFloat().name(), "dtype", dtype.label());
  }

  @Override
  public List<String> dtypes() {
    return List.of(Dtype.FLOAT64.label(), Dtype.FLOAT32.label());
  }

  @Override
  public Engine withDtype(String dtype) {
    Dtype d = Dtype.parse(dtype);
    return d == this.dtype ? this : new JavaEngine(d);
  }

  public Dtype dtype() {
    return dtype;
  }

  /** The trainer this engine runs (for runs that stop and resume). */
  public Trainer trainer() {
    return new Trainer(dtype);
  }

  @Override
  public TrainingResult train(Problem problem, TrainingSettings settings, Network initial) {
    return trainer().train(problem, settings, initial);
  }
}
