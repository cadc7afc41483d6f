package io.bimtsweep.core.model;

import static io.bimtsweep.core.Checks.check;

import java.util.Arrays;

/**
 * A layered network: widths of every neuron layer (input first), the hidden activation, and an
 * optional token embedding in front of the input layer. Also fixes where each parameter lives in
 * the flat parameter vector: for each weight layer its weights [out][in] row-major, then its
 * biases; the embedding table [vocab][dim] last.
 */
public final class Architecture {
  private final int[] widths;
  private final Activation activation;
  private final TokenEmbedding embedding;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int embeddingOffset;
  private final int size;

  public Architecture(int[] widths, Activation activation, TokenEmbedding embedding) {
    check(widths != null && widths.length >= 2, "widths need at least an input and an output layer, got %s",
        Arrays.toString(widths));
    for (int w : widths) {
      check(w > 0, "every layer width must be > 0, got %s", Arrays.toString(widths));
    }
    check(activation != null, "activation is required");
    if (embedding != null) {
      check(embedding.inputWidth() == widths[0],
          "inconsistent widths: the input layer has %d neurons but the embedding gives %d tokens x %d dims = %d",
          widths[0], embedding.tokens(), embedding.dim(), embedding.inputWidth());
    }
    this.widths = widths.clone();
    this.activation = activation;
    this.embedding = embedding;
    int layers = widths.length - 1;
    weightOffset = new int[layers];
    biasOffset = new int[layers];
    int off = 0;
    for (int l = 0; l < layers; l++) {
      weightOffset[l] = off;
      off += widths[l] * widths[l + 1];
      biasOffset[l] = off;
      off += widths[l + 1];
    }
    embeddingOffset = off;
    if (embedding != null) {
      off += embedding.vocab() * embedding.dim();
    }
    size = off;
  }

  public int[] widths() { return widths.clone(); }
  public int width(int layer) { return widths[layer]; }
  public int weightLayers() { return widths.length - 1; }
  public int inputs() { return widths[0]; }
  public int outputs() { return widths[widths.length - 1]; }
  public Activation activation() { return activation; }
  public TokenEmbedding embedding() { return embedding; }
  public boolean hasEmbedding() { return embedding != null; }
  /** How many times the input layer's positions repeat (token count, or 1). */
  public int inputFolds() { return embedding == null ? 1 : embedding.tokens(); }
  public int weightOffset(int l) { return weightOffset[l]; }
  public int biasOffset(int l) { return biasOffset[l]; }
  public int embeddingOffset() { return embeddingOffset; }
  public int parameterCount() { return size; }

  @Override
  public String toString() {
    return Arrays.toString(widths) + " " + activation.name().toLowerCase(java.util.Locale.ROOT)
        + (embedding == null ? "" : " embedding " + embedding.vocab() + "x" + embedding.dim() + "x" + embedding.tokens());
  }
}
