package io.bimtsweep.core.task;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;

/**
 * A task's generated splits and what the network must look like to fit them.
 *
 * @param vocab token vocabulary for token tasks, 0 for dense inputs
 * @param inputNames names of the input features (or tokens), for diagrams
 * @param outputNames names of the targets (or "class")
 */
public record TaskData(Dataset train, Dataset test, Loss loss, int vocab, java.util.List<String> inputNames,
    java.util.List<String> outputNames) {

  public boolean tokens() {
    return vocab > 0;
  }
}
