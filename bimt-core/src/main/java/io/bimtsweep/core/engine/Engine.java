package io.bimtsweep.core.engine;

import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.Map;

/**
 * A way to train: a {@link Problem} and {@link TrainingSettings} go in with an initial network, an
 * immutable {@link TrainingResult} comes out. The {@code engine} setting picks one by
 * {@link #name()}. Implementations other than the built-in {@code java} one are discovered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.bimtsweep.core.engine.Engine}), as
 * tasks are, so an optional module (DL4J) plugs in by being on the classpath.
 *
 * <p>An engine must be deterministic: the same inputs give the same bits in any JVM, so that local
 * and cluster runs of a sweep agree.
 */
public interface Engine {
  /** The value of the {@code engine} setting that selects this engine. */
  String name();

  /** One line for `bimt tasks`. */
  String description();

  /**
   * Facts about the numeric back end for a result's provenance, e.g. {@code blas -> JNIBLAS} or
   * library versions; recorded with every trial.
   */
  Map<String, String> provenance();

  /**
   * Trains from {@code initial} (not modified). Throws IllegalArgumentException for a problem this
   * engine cannot train, CancellationException when the thread is interrupted.
   */
  TrainingResult train(Problem problem, TrainingSettings settings, Network initial);

  /**
   * Throws IllegalArgumentException, naming the reason, for a problem or settings this engine
   * cannot train; called when a sweep or `bimt train` validates its trials, before any training.
   */
  default void check(Problem problem, TrainingSettings settings) {}

  /** The number types this engine can train in ("float64", "float32"); the first is its default. */
  default java.util.List<String> dtypes() {
    return java.util.List.of("float64");
  }

  /** This engine computing in another number type (one of {@link #dtypes()}). */
  default Engine withDtype(String dtype) {
    io.bimtsweep.core.Checks.check(dtypes().contains(dtype), "engine %s computes in %s, not %s", name(),
        String.join(" or ", dtypes()), dtype);
    return this;
  }

  /** Trains from the seeded initialisation of the settings. */
  default TrainingResult train(Problem problem, TrainingSettings settings) {
    return train(problem, settings, Network.initialise(problem.architecture(), settings.seed()));
  }
}
