package io.bimtsweep.core.transformer;

import static io.bimtsweep.core.Checks.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-context notebook's transformer, sized: {@code inputs -> width} embedding, {@code blocks}
 * blocks of {@code x += attn(x); x += mlp(x)} with one causal head (q, k, v: width -> 3 width;
 * projection width -> width) and an MLP width -> hidden -> width, then width -> outputs. No
 * positional embedding. LayerNorms (before attention, before the MLP, before the output) exist as
 * parameters in any case, as in the notebook, and are applied only with {@code layerNorm}.
 *
 * <p>Its neurons form groups that each sit on a line: the inputs, the residual stream (one group
 * that every block reads and writes), per block the attention's inner neurons (neuron j is the
 * j-th dimension of q, k and v together) and the MLP's hidden neurons, and the outputs.
 *
 * <p>The {@code widths} setting spells the shape as the notebook's plot does, one entry per row of
 * neurons from input to output: {@code [inputs, width, (width, width, hidden, width) per block,
 * outputs]}, e.g. [2, 32, 32, 32, 128, 32, 32, 32, 128, 32, 2].
 */
public record TransformerShape(int inputs, int width, int blocks, int hidden, int outputs, boolean layerNorm) {

  public TransformerShape {
    check(inputs > 0 && width > 0 && hidden > 0 && outputs > 0, "transformer widths must be > 0");
    check(blocks > 0, "a transformer needs at least one block, got %d", blocks);
  }

  /** The notebook's model: 2 -> 32, two blocks, MLP 32-128-32, 32 -> 2, LayerNorms not applied. */
  public static TransformerShape notebook() {
    return new TransformerShape(2, 32, 2, 128, 2, false);
  }

  /** Reads the {@code widths} spelling; throws naming the entry that breaks the pattern. */
  public static TransformerShape fromWidths(List<Integer> w, boolean layerNorm) {
    check(w.size() >= 7 && (w.size() - 3) % 4 == 0, "a transformer's widths are [inputs, width, (width, width, hidden, "
        + "width) per block, outputs], e.g. [2, 32, 32, 32, 128, 32, 32, 32, 128, 32, 2]: %d entries do not make whole "
        + "blocks", w.size());
    int d = w.get(1);
    int blocks = (w.size() - 3) / 4;
    int h = w.get(4);
    for (int b = 0; b < blocks; b++) {
      int base = 2 + 4 * b;
      int[] expect = {d, d, h, d};
      String[] what = {"attention width", "residual width", "MLP hidden width", "residual width"};
      for (int i = 0; i < 4; i++) {
        check(w.get(base + i) == expect[i], "transformer widths %s: entry %d (block %d's %s) is %d but must be %d "
            + "(the residual stream is %d wide and every MLP %d)", w, base + i, b + 1, what[i], w.get(base + i), expect[i],
            d, h);
      }
    }
    return new TransformerShape(w.get(0), d, blocks, h, w.get(w.size() - 1), layerNorm);
  }

  /** The widths spelling of this shape: one entry per row of neurons in the diagram. */
  public List<Integer> widths() {
    List<Integer> w = new ArrayList<>(List.of(inputs, width));
    for (int b = 0; b < blocks; b++) {
      w.addAll(List.of(width, width, hidden, width));
    }
    w.add(outputs);
    return w;
  }

  /** Neuron groups: 0 inputs, 1 residual stream, then per block its attention and MLP-hidden groups, last the outputs. */
  public int groups() {
    return 3 + 2 * blocks;
  }

  public static final int INPUT = 0;
  public static final int RESIDUAL = 1;

  public int attentionGroup(int block) {
    return 2 + 2 * block;
  }

  public int hiddenGroup(int block) {
    return 3 + 2 * block;
  }

  public int outputGroup() {
    return groups() - 1;
  }

  public int groupSize(int g) {
    if (g == INPUT) {
      return inputs;
    }
    if (g == outputGroup()) {
      return outputs;
    }
    if (g == RESIDUAL) {
      return width;
    }
    return (g - 2) % 2 == 0 ? width : hidden;
  }

  public String groupName(int g) {
    if (g == INPUT) {
      return "input";
    }
    if (g == outputGroup()) {
      return "output";
    }
    if (g == RESIDUAL) {
      return "residual";
    }
    int block = (g - 2) / 2 + 1;
    return (g - 2) % 2 == 0 ? "attention " + block : "mlp " + block;
  }

  /**
   * The linear maps in parameter order: embed; per block qkv, proj, fc1, fc2; head. Weights are
   * [out][in] row-major, each followed by its biases; the LayerNorms' gains and biases come last.
   */
  public List<Linear> linears() {
    List<Linear> l = new ArrayList<>();
    int[] off = {0};
    java.util.function.IntUnaryOperator take = n -> {
      int o = off[0];
      off[0] += n;
      return o;
    };
    l.add(linear("embed", INPUT, RESIDUAL, 1, take));
    for (int b = 0; b < blocks; b++) {
      l.add(linear("qkv " + (b + 1), RESIDUAL, attentionGroup(b), 3, take));
      l.add(linear("proj " + (b + 1), attentionGroup(b), RESIDUAL, 1, take));
      l.add(linear("fc1 " + (b + 1), RESIDUAL, hiddenGroup(b), 1, take));
      l.add(linear("fc2 " + (b + 1), hiddenGroup(b), RESIDUAL, 1, take));
    }
    l.add(linear("head", RESIDUAL, outputGroup(), 1, take));
    return List.copyOf(l);
  }

  private Linear linear(String name, int inGroup, int outGroup, int fold, java.util.function.IntUnaryOperator take) {
    int in = groupSize(inGroup);
    int out = groupSize(outGroup) * fold;
    int w = take.applyAsInt(in * out);
    int b = take.applyAsInt(out);
    return new Linear(name, inGroup, outGroup, fold, in, out, w, b);
  }

  /** LayerNorms: per block one before attention and one before the MLP, and one before the head. */
  public int layerNorms() {
    return 2 * blocks + 1;
  }

  private int linearParameters() {
    int n = inputs * width + width;
    n += blocks * (3 * width * width + 3 * width + width * width + width + 2 * width * hidden + hidden + width);
    return n + width * outputs + outputs;
  }

  /** Offset of LayerNorm i's gains (its biases follow them). */
  public int layerNormOffset(int i) {
    return linearParameters() + 2 * width * i;
  }

  public int parameterCount() {
    return linearParameters() + 2 * width * layerNorms();
  }

  /**
   * One linear map between two neuron groups.
   *
   * @param fold how many times the output group repeats in the rows (3 for q, k, v)
   * @param in columns
   * @param out rows (fold x the output group's size)
   */
  public record Linear(String name, int inGroup, int outGroup, int fold, int in, int out, int weightOffset,
      int biasOffset) {}
}
