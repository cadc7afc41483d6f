package io.bimtsweep.dl4j;

import java.util.List;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A user's iterator whose batches come out in the network's current column order (after the
 * user's own preprocessor). Not asynchronous: DL4J would otherwise prefetch batches on another
 * thread, before a swap changes the order they need.
 */
final class PermutingIterator implements DataSetIterator {
  private static final long serialVersionUID = 1L;
  private final DataSetIterator base;
  private final PermutingPreProcessor permute;

  PermutingIterator(DataSetIterator base, PermutingPreProcessor permute) {
    this.base = base;
    this.permute = permute;
  }

  private org.nd4j.linalg.dataset.DataSet permuted(DataSet ds) {
    org.nd4j.linalg.dataset.DataSet copy = new org.nd4j.linalg.dataset.DataSet(ds.getFeatures(), ds.getLabels(),
        ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
    permute.preProcess(copy);
    return copy;
  }

  @Override public org.nd4j.linalg.dataset.DataSet next(int num) { return permuted(base.next(num)); }
  @Override public org.nd4j.linalg.dataset.DataSet next() { return permuted(base.next()); }
  @Override public boolean hasNext() { return base.hasNext(); }
  @Override public int inputColumns() { return base.inputColumns(); }
  @Override public int totalOutcomes() { return base.totalOutcomes(); }
  @Override public boolean resetSupported() { return base.resetSupported(); }
  @Override public boolean asyncSupported() { return false; }
  @Override public void reset() { base.reset(); }
  @Override public int batch() { return base.batch(); }
  @Override public void setPreProcessor(DataSetPreProcessor p) { base.setPreProcessor(p); }
  @Override public DataSetPreProcessor getPreProcessor() { return base.getPreProcessor(); }
  @Override public List<String> getLabels() { return base.getLabels(); }
}
