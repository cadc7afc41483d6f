package io.bimtsweep.core.task;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;

/**
 * A task's generated splits and what the network must look like to fit them.
 *
 * @param vocab token vocabulary for token tasks, 0 for dense inputs
 * @param inputNames names of the input features (or tokens), for diagrams
 * @param outputNames names of the targets (or "class")
 * @param warnings what a user should know before training on this data (e.g. targets over an extreme range)
 * @param sequence for sequence tasks, how the features form sequences and where the targets are; null otherwise
 */
public record TaskData(Dataset train, Dataset test, Loss loss, int vocab, java.util.List<String> inputNames,
    java.util.List<String> outputNames, java.util.List<String> warnings, SequenceSpec sequence) {

  public TaskData {
    warnings = java.util.List.copyOf(warnings);
  }

  /** Data for a layered network, with warnings. */
  public TaskData(Dataset train, Dataset test, Loss loss, int vocab, java.util.List<String> inputNames,
      java.util.List<String> outputNames, java.util.List<String> warnings) {
    this(train, test, loss, vocab, inputNames, outputNames, warnings, null);
  }

  /** Data with nothing to warn about. */
  public TaskData(Dataset train, Dataset test, Loss loss, int vocab, java.util.List<String> inputNames,
      java.util.List<String> outputNames) {
    this(train, test, loss, vocab, inputNames, outputNames, java.util.List.of());
  }

  /** True for sequence data, which a transformer learns ({@link #sequence()} says how). */
  public boolean sequences() {
    return sequence != null;
  }

  public boolean tokens() {
    return vocab > 0;
  }
}
