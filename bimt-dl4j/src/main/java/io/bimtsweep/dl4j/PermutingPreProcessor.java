package io.bimtsweep.dl4j;

import static io.bimtsweep.core.Checks.check;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * Puts a data set's feature and label columns in the order the network's swaps have made:
 * network input j reads data column inputPermutation[j], network output o answers label column
 * outputPermutation[o]. Reads the permutations at every call, so it follows the swaps.
 */
public final class PermutingPreProcessor implements DataSetPreProcessor {
  private static final long serialVersionUID = 1L;
  private final transient BimtDl4j bimt;

  PermutingPreProcessor(BimtDl4j bimt) {
    this.bimt = bimt;
  }

  @Override
  public void preProcess(DataSet ds) {
    ds.setFeatures(permuteColumns(ds.getFeatures(), bimt.inputPermutation()));
    if (ds.getLabels() != null) {
      ds.setLabels(permuteColumns(ds.getLabels(), bimt.outputPermutation()));
    }
  }

  /** out[:, j] = a[:, perm[j]] (a itself when perm is the identity). */
  static INDArray permuteColumns(INDArray a, int[] perm) {
    check(a.rank() == 2, "BIMT permutes the columns of [examples, columns] arrays; this one has rank %d", a.rank());
    check(a.columns() == perm.length, "the data has %d columns but the network's layer has %d", a.columns(), perm.length);
    boolean identity = true;
    for (int j = 0; j < perm.length && identity; j++) {
      identity = perm[j] == j;
    }
    return identity ? a : a.getColumns(perm);
  }
}
