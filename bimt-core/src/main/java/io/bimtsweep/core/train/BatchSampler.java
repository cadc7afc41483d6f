package io.bimtsweep.core.train;

import java.util.SplittableRandom;

/**
 * Mini-batches drawn without replacement, reshuffling when an epoch is used up. Every engine draws
 * its batches here, so that engines given the same seed see the same examples in the same order.
 * {@link #next()} returns a buffer that the next call overwrites.
 */
public final class BatchSampler {
  private final int[] order;
  private final int[] batch;
  private final SplittableRandom rnd;
  private int pos;

  /**
   * The sampler of a run with these settings over n examples, or null for full-batch training
   * (batch size 0, or at least n). The seed's derivation is part of every engine's contract.
   */
  public static BatchSampler of(TrainingSettings s, int n) {
    return s.batchSize() == 0 || s.batchSize() >= n ? null
        : new BatchSampler(n, s.batchSize(), new SplittableRandom(s.seed() ^ 0x5DEECE66DL));
  }

  public BatchSampler(int n, int size, SplittableRandom rnd) {
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    batch = new int[size];
    this.rnd = rnd;
    pos = n;
  }

  public int[] next() {
    for (int b = 0; b < batch.length; b++) {
      if (pos == order.length) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        pos = 0;
      }
      batch[b] = order[pos++];
    }
    return batch;
  }
}
