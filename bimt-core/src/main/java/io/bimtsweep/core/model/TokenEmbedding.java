package io.bimtsweep.core.model;

import static io.bimtsweep.core.Checks.positive;

/**
 * A learned embedding for token inputs: each of {@code tokens} input tokens is looked up in one
 * shared vocab x dim table and the results are concatenated, so the input layer is
 * {@code tokens} folds of {@code dim} neurons.
 */
public record TokenEmbedding(int vocab, int dim, int tokens) {
  public TokenEmbedding {
    positive(vocab, "embedding vocabulary");
    positive(dim, "embedding dimension");
    positive(tokens, "tokens per example");
  }

  public int inputWidth() {
    return dim * tokens;
  }
}
