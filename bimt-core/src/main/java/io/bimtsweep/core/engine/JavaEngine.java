package io.bimtsweep.core.engine;

import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.NumericBackend;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.Map;

/** The built-in engine: {@link Trainer}, float64, plain loops for small products and netlib BLAS for wide ones. */
public final class JavaEngine implements Engine {
  public static final String NAME = "java";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the built-in Java engine (float64; netlib BLAS for wide layers)";
  }

  @Override
  public Map<String, String> provenance() {
    return Map.of("blas", NumericBackend.blas(), "kernels", io.bimtsweep.core.train.Kernels.standard().name());
  }

  @Override
  public TrainingResult train(Problem problem, TrainingSettings settings, Network initial) {
    return new Trainer().train(problem, settings, initial);
  }
}
