package io.bimtsweep.core.metrics;

import java.util.List;

/**
 * One connected component of the pruned network that links inputs to outputs: which original
 * inputs (1-based) reach which original targets (1-based), after undoing the permutations.
 */
public record Module(List<Integer> inputs, List<Integer> outputs) {
  public Module {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
