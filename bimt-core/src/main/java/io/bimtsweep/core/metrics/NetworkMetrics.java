package io.bimtsweep.core.metrics;

import java.util.List;

/**
 * The interpretability numbers of one trained network. Names follow the Parquet columns.
 *
 * @param modularityQ Newman Q of the best Leiden partition of the |w| graph
 * @param modularityQNullMean mean Q of layer-wise shuffled copies (the null model)
 * @param modularityQNullStd their standard deviation
 * @param modularityZ (Q - null mean) / null std; 0 when both are equal and the spread is 0, NaN
 *     when the spread is 0 but they differ
 * @param communities number of communities in the best partition
 * @param communitySizes their sizes, largest first
 * @param weightFraction1e2 share of weights with |w| > 1e-2 max|w|
 * @param weightFraction1e1 share of weights with |w| > 1e-1 max|w|
 * @param activeNeurons neurons that keep a connection after pruning at 1e-2 max|w|
 * @param activeNeuronsPerLayer the same per layer, input first
 * @param components connected components of the pruned network with an input and an output
 * @param modules each such component's input-to-output reach
 * @param connectionCost the cost with the trial's own geometry and reduction, biases included
 * @param connectionCostRef l_w with the reference geometry (A = 1, y* = 0, L1, summed)
 * @param spectral Filan et al.'s n-cut of a k-way spectral partition, with its shuffle test
 * @param modularityZActive z of Q against copies shuffled only among the active neurons
 * @param seconds time taken to compute these metrics
 */
public record NetworkMetrics(
    double modularityQ, double modularityQNullMean, double modularityQNullStd, double modularityZ,
    int communities, List<Integer> communitySizes, double weightFraction1e2, double weightFraction1e1,
    int activeNeurons, List<Integer> activeNeuronsPerLayer, int components, List<Module> modules,
    double connectionCost, double connectionCostRef, SpectralCut.Result spectral, double modularityZActive,
    double seconds) {

  public NetworkMetrics {
    communitySizes = List.copyOf(communitySizes);
    activeNeuronsPerLayer = List.copyOf(activeNeuronsPerLayer);
    modules = List.copyOf(modules);
  }

  /** The same metrics with the timing zeroed: for comparing two computations. */
  public NetworkMetrics withoutTime() {
    return new NetworkMetrics(modularityQ, modularityQNullMean, modularityQNullStd, modularityZ, communities,
        communitySizes, weightFraction1e2, weightFraction1e1, activeNeurons, activeNeuronsPerLayer, components, modules,
        connectionCost, connectionCostRef, spectral, modularityZActive, 0);
  }
}
