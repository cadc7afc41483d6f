package io.bimtsweep.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Runs BIMT's swap pass every S iterations. DL4J calls iterationDone after the parameter update of
 * iteration i (0-based) and before the next batch is fetched, so a swap after iteration i matches
 * the Java engine's swap after step i.
 */
final class SwapListener extends BaseTrainingListener implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final transient BimtDl4j bimt;

  SwapListener(BimtDl4j bimt) {
    this.bimt = bimt;
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    bimt.iterationDone(iteration);
  }
}
