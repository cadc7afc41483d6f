package io.bimtsweep.dl4j;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.swap.NeuronSwapper;
import io.bimtsweep.core.train.LambdaSchedule;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * BIMT for a user's own DL4J network: the connection cost as a {@link Regularization} on every
 * dense layer, neuron swaps every S iterations by a {@link TrainingListener}, and the input and
 * output permutations the swaps build up, applied to the data by {@link #wrap} and undone by
 * {@link #output}. In a few lines:
 *
 * <pre>{@code
 * BimtDl4j bimt = BimtDl4j.builder().lambda("1e-3").steps(20000).swapInterval(200).topK(6).attach(net);
 * net.fit(bimt.wrap(trainIterator), epochs);
 * INDArray predictions = bimt.output(features);     // columns in the data's own order
 * Files.writeString(path, bimt.toJson());            // bimt-network/1 for the project's metrics and diagrams
 * }</pre>
 *
 * <p>The neurons' places are the project's {@link Geometry}: by default every layer on a line of
 * width A, layers y* apart (the paper's layout). The swap choice is {@link NeuronSwapper}'s, run on
 * the DL4J parameters, so a DL4J network and the Java engine make the same swaps from the same
 * weights. Adam's moments are not permuted by a swap (as in the paper's notebooks).
 */
public final class BimtDl4j {
  private final Settings settings;
  private final DenseChain chain;
  private final Model model;
  private final Geometry geometry;
  private final Network network;
  private final NeuronSwapper swapper;
  private final ConnectionCost fullCost;
  private final List<ConnectionCostRegularization> weightTerms = new ArrayList<>();
  private final List<ConnectionCostRegularization> biasTerms = new ArrayList<>();
  private int swaps;
  private long swapNanos;

  /** Everything BIMT needs besides the network; see {@link Builder} for the defaults. */
  public record Settings(String lambda, int steps, double layoutWidth, double layerDistance, DistanceNorm norm,
      Reduction reduction, double biasPenaltyFrom, boolean distanceInLastLayer, int swapInterval, int topK,
      boolean swapInputs, Geometry geometry) {
    public Settings {
      LambdaSchedule.parse(lambda);
      check(steps > 0, "steps (the run length that the lambda schedule and the bias delay refer to) must be > 0, got %d",
          steps);
      check(biasPenaltyFrom >= 0 && biasPenaltyFrom <= 1, "bias penalty start must be a fraction in [0, 1], got %s",
          biasPenaltyFrom);
      check(swapInterval >= 0, "swap interval must be >= 0 (0: never), got %d", swapInterval);
      check(topK >= 0, "top_k must be >= 0, got %d", topK);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings with the paper's defaults: A = 2, y* = 1, L2 distances, sum, no swaps. */
  public static final class Builder {
    private String lambda = "1e-3";
    private int steps = 10_000;
    private double a = 2;
    private double yStar = 1;
    private DistanceNorm norm = DistanceNorm.L2;
    private Reduction reduction = Reduction.SUM;
    private double biasPenaltyFrom;
    private boolean distanceInLastLayer = true;
    private int swapInterval;
    private int topK = 6;
    private boolean swapInputs = true;
    private Geometry geometry;

    /** lambda, or a schedule such as {@code "1e-3, x10@25%, x0.1@75%"}. */
    public Builder lambda(String schedule) { this.lambda = schedule; return this; }
    public Builder lambda(double value) { return lambda(Double.toString(value)); }
    /** The run length in iterations: the schedule's fractions and the bias delay refer to it. */
    public Builder steps(int steps) { this.steps = steps; return this; }
    /** A, the layout width (0: the cost is plain L1). */
    public Builder layoutWidth(double a) { this.a = a; return this; }
    /** y*, the distance between layers and the cost of a bias. */
    public Builder layerDistance(double yStar) { this.yStar = yStar; return this; }
    public Builder norm(DistanceNorm norm) { this.norm = norm; return this; }
    public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }
    /** The fraction of the run before which biases are not penalised. */
    public Builder biasPenaltyFrom(double fraction) { this.biasPenaltyFrom = fraction; return this; }
    public Builder distanceInLastLayer(boolean keep) { this.distanceInLastLayer = keep; return this; }
    /** S: swap after every S-th iteration (0: never). */
    public Builder swapInterval(int s) { this.swapInterval = s; return this; }
    public Builder topK(int k) { this.topK = k; return this; }
    /** false keeps the input layer in place (e.g. pixels on their grid). */
    public Builder swapInputs(boolean swap) { this.swapInputs = swap; return this; }
    /** Neuron places of your own (e.g. {@link Geometry#grids}); by default every layer on a line. */
    public Builder geometry(Geometry g) { this.geometry = g; return this; }

    public Settings settings() {
      return new Settings(lambda, steps, a, yStar, norm, reduction, biasPenaltyFrom, distanceInLastLayer, swapInterval,
          topK, swapInputs, geometry);
    }

    /** Adds the connection cost to every layer of an initialised network and the swap listener to its listeners. */
    public BimtDl4j attach(MultiLayerNetwork net) {
      BimtDl4j b = new BimtDl4j(settings(), DenseChain.of(net), net);
      net.addListeners(b.listener());
      return b;
    }

    /** As {@link #attach(MultiLayerNetwork)} for a graph that is one chain of dense layers. */
    public BimtDl4j attach(ComputationGraph graph) {
      BimtDl4j b = new BimtDl4j(settings(), DenseChain.of(graph), graph);
      graph.addListeners(b.listener());
      return b;
    }
  }

  private final TrainingListener listener;

  private BimtDl4j(Settings s, DenseChain chain, Model model) {
    Nd4jRuntime.pin();
    this.settings = s;
    this.chain = chain;
    this.model = model;
    Architecture arch = chain.architecture();
    int[] w = chain.widths();
    geometry = s.geometry() != null ? s.geometry() : Geometry.lines(w, 1, s.layoutWidth(), s.layerDistance(), s.norm());
    check(geometry.layers().size() == w.length, "the geometry has %d layers, the network %d", geometry.layers().size(),
        w.length);
    double[] params = new double[arch.parameterCount()];
    chain.read(params);
    network = new Network(arch, params, Network.identity(w[0]), Network.identity(w[w.length - 1]));
    fullCost = new ConnectionCost(arch, geometry, s.reduction(), true);
    ConnectionCost trainCost = new ConnectionCost(arch, geometry, s.reduction(), s.distanceInLastLayer());
    swapper = new NeuronSwapper(arch, fullCost);
    long biasFrom = (long) Math.floor(s.biasPenaltyFrom() * s.steps());
    for (int l = 0; l < arch.weightLayers(); l++) {
      double[] d = trainCost.distances(l);
      double ws = s.reduction() == Reduction.SUM ? 1 : 1.0 / d.length;
      double bs = geometry.layerDistance() * (s.reduction() == Reduction.SUM ? 1 : 1.0 / w[l + 1]);
      var wt = new ConnectionCostRegularization(d, ws, s.lambda(), s.steps(), 0);
      var bt = new ConnectionCostRegularization(null, bs, s.lambda(), s.steps(), biasFrom);
      BaseLayer conf = (BaseLayer) chain.layers().get(l).conf().getLayer();
      conf.setRegularization(with(conf.getRegularization(), wt));
      conf.setRegularizationBias(with(conf.getRegularizationBias(), bt));
      weightTerms.add(wt);
      biasTerms.add(bt);
    }
    listener = new SwapListener(this);
  }

  private static List<Regularization> with(List<Regularization> existing, Regularization term) {
    List<Regularization> r = new ArrayList<>();
    if (existing != null) {
      for (Regularization e : existing) {
        check(!(e instanceof ConnectionCostRegularization), "BIMT is already attached to this network");
        r.add(e);
      }
    }
    r.add(term);
    return r;
  }

  public Settings settings() { return settings; }
  public Geometry geometry() { return geometry; }
  public DenseChain chain() { return chain; }
  /** The listener that swaps (already added to the network by attach). */
  public TrainingListener listener() { return listener; }
  /** Swaps made so far. */
  public int swaps() { return swaps; }
  public double swapSeconds() { return swapNanos / 1e9; }

  /** Called by the listener after every iteration (0-based, as DL4J counts). */
  void iterationDone(int iteration) {
    if (settings.swapInterval() > 0 && settings.topK() > 0 && (iteration + 1) % settings.swapInterval() == 0) {
      swapPass();
    }
  }

  /** One swap pass now, in every layer (inputs too unless swapInputs is off); returns the swaps made. */
  public int swapPass() {
    long t0 = System.nanoTime();
    double[] p = network.parameters();
    chain.read(p);
    int n = swapper.swapPass(network, settings.topK(), settings.swapInputs());
    if (n > 0) {
      chain.write(p);
    }
    swaps += n;
    swapNanos += System.nanoTime() - t0;
    return n;
  }

  /**
   * The network as the project's {@link Network} (a copy): parameters and permutations, for the
   * project's metrics, costs and diagrams.
   */
  public Network network() {
    chain.read(network.parameters());
    return network.copy();
  }

  /** Starts from given permutations (a network that was swapped before, e.g. a trial's initial network). */
  void setPermutations(int[] input, int[] output) {
    check(input.length == network.inputPermutation().length && output.length == network.outputPermutation().length,
        "permutations of %d and %d entries for a network of %d inputs and %d outputs", input.length, output.length,
        network.inputPermutation().length, network.outputPermutation().length);
    System.arraycopy(input, 0, network.inputPermutation(), 0, input.length);
    System.arraycopy(output, 0, network.outputPermutation(), 0, output.length);
  }

  /** inputPermutation[j]: the data column that enters input j (live; do not modify). */
  int[] inputPermutation() { return network.inputPermutation(); }

  /** outputPermutation[o]: the data column that output o answers (live; do not modify). */
  int[] outputPermutation() { return network.outputPermutation(); }

  /** The connection cost of the network now (full cost, biases included), as the project defines it. */
  public double connectionCost() {
    chain.read(network.parameters());
    return fullCost.value(network.parameters(), true);
  }

  /** The DL4J Regularization terms this attached, per layer: weights then biases. */
  public List<ConnectionCostRegularization> weightTerms() { return List.copyOf(weightTerms); }
  public List<ConnectionCostRegularization> biasTerms() { return List.copyOf(biasTerms); }

  /** A preprocessor that puts a data set's columns in the network's current order. */
  public PermutingPreProcessor preProcessor() {
    return new PermutingPreProcessor(this);
  }

  /**
   * The iterator to fit on: the user's iterator with its columns put in the network's current
   * order. It is never prefetched asynchronously (a prefetched batch would carry a stale order).
   */
  public DataSetIterator wrap(DataSetIterator data) {
    return new PermutingIterator(data, preProcessor());
  }

  /** The network's output for features in the data's own column order, columns in the labels' own order. */
  public INDArray output(INDArray features) {
    INDArray in = PermutingPreProcessor.permuteColumns(features, network.inputPermutation());
    INDArray out = model instanceof MultiLayerNetwork m ? m.output(in) : ((ComputationGraph) model).outputSingle(in);
    int[] perm = network.outputPermutation();
    int[] inverse = new int[perm.length];
    for (int o = 0; o < perm.length; o++) {
      inverse[perm[o]] = o;
    }
    return PermutingPreProcessor.permuteColumns(out, inverse);
  }

  /** The trained network in the project's bimt-network/1 format (for `bimt draw`, metrics, reports). */
  public String toJson(List<String> inputNames, List<String> outputNames) {
    return NetworkJson.write(network(), geometry, inputNames, outputNames);
  }

  /** As {@link #toJson(List, List)} with inputs x1..xn and outputs y1..ym. */
  public String toJson() {
    int[] w = chain.widths();
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < w[0]; i++) {
      in.add("x" + (i + 1));
    }
    for (int i = 0; i < w[w.length - 1]; i++) {
      out.add("y" + (i + 1));
    }
    return toJson(in, out);
  }
}
