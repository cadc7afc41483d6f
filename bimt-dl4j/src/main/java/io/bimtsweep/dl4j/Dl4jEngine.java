package io.bimtsweep.dl4j;


import io.bimtsweep.core.Checks;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.cost.Regularizer;
import io.bimtsweep.core.engine.Engine;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.BatchSampler;
import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import io.bimtsweep.core.train.LossHistory;
import io.bimtsweep.core.train.Mlp;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.TrainingResult;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * {@code engine: dl4j}: the layered tasks trained by Deeplearning4j, with BIMT attached through
 * the same public pieces a user attaches to their own network ({@link BimtDl4j}). The initial
 * network, the mini-batches (the shared {@link BatchSampler}), the cost, the swaps and the
 * evaluation are the Java engine's; the forward and backward passes and the optimiser step run in
 * DL4J. The optimiser is {@link TorchAdam} (PyTorch's Adam, as the Java engine's), not DL4J's own
 * Adam, which places epsilon differently; so the two engines differ only by rounding.
 *
 * <p>Trains networks without token embeddings, with silu, tanh or relu, BIMT's cost (not seRNN)
 * and Adam moments left in place at swaps (the notebooks' choice). float64 unless constructed
 * for float32.
 */
public final class Dl4jEngine implements Engine {
  public static final String NAME = "dl4j";
  private final DataType dtype;

  /** The ServiceLoader's engine: float64. */
  public Dl4jEngine() {
    this(DataType.DOUBLE);
  }

  public Dl4jEngine(DataType dtype) {
    Checks.check(dtype == DataType.DOUBLE || dtype == DataType.FLOAT, "engine dl4j trains in float64 or float32, not %s", dtype);
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Deeplearning4j " + Nd4jRuntime.version("org.deeplearning4j", "deeplearning4j-nn")
        + " (ND4J native CPU, one thread; layered tasks only; slower than java, for cross-checks and DL4J users)";
  }

  @Override
  public java.util.List<String> dtypes() {
    return java.util.List.of("float64", "float32");
  }

  @Override
  public Engine withDtype(String name) {
    Checks.check(dtypes().contains(name), "engine dl4j computes in float64 or float32, not %s", name);
    return new Dl4jEngine(name.equals("float32") ? DataType.FLOAT : DataType.DOUBLE);
  }

  @Override
  public Map<String, String> provenance() {
    Map<String, String> m = new LinkedHashMap<>(Nd4jRuntime.facts());
    m.put("dtype", dtype == DataType.DOUBLE ? "float64" : "float32");
    return m;
  }

  /** Refuses, with the reason, what this engine cannot train. */
  @Override
  public void check(Problem problem, TrainingSettings s) {
    Architecture a = problem.architecture();
    Checks.check(!a.hasEmbedding(), "task '%s' embeds tokens, which engine dl4j does not train; use engine java",
        problem.task());
    DenseChain.dl4jActivation(a.activation());
    Checks.check(s.regularizer() == Regularizer.BIMT, "engine dl4j trains BIMT's regulariser only, not %s; use engine java",
        s.regularizer().label());
    Checks.check(!s.permuteOptimizerState(), "engine dl4j leaves Adam's moments in place at swaps (the notebooks' choice): "
        + "permute_optimizer_state must be false");
  }

  /** The network a trial trains: the problem's widths and activation, {@link TorchAdam} at the settings' rate. */
  public MultiLayerNetwork network(Problem problem, TrainingSettings s) {
    return network(problem, s, new TorchAdam(s.learningRate()));
  }

  /** As {@link #network(Problem, TrainingSettings)} with another optimiser (e.g. DL4J's own Adam, for comparison). */
  public MultiLayerNetwork network(Problem problem, TrainingSettings s, org.nd4j.linalg.learning.config.IUpdater updater) {
    Nd4jRuntime.pin();
    Architecture a = problem.architecture();
    int[] w = a.widths();
    var conf = new NeuralNetConfiguration.Builder()
        .dataType(dtype)
        .weightInit(WeightInit.ZERO) // overwritten by the trial's initial network
        .updater(updater);
    if (s.weightDecay() > 0) {
      // decoupled, lr-scaled, on weights and biases: p <- p - lr * wd * p beside the Adam step, as AdamW
      conf.regularization(java.util.List.<Regularization>of(new WeightDecay(s.weightDecay(), true)));
      conf.regularizationBias(java.util.List.<Regularization>of(new WeightDecay(s.weightDecay(), true)));
    }
    var list = conf.list();
    for (int l = 0; l < w.length - 2; l++) {
      list.layer(new DenseLayer.Builder().nIn(w[l]).nOut(w[l + 1]).activation(DenseChain.dl4jActivation(a.activation()))
          .build());
    }
    boolean ce = problem.loss() == Loss.CROSS_ENTROPY;
    list.layer(new OutputLayer.Builder(ce ? new LossMCXENT() : new LossMSE()).nIn(w[w.length - 2]).nOut(w[w.length - 1])
        .activation(ce ? new ActivationSoftmax() : new ActivationIdentity()).build());
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** BIMT for the trial's settings and geometry, attached to net. */
  public static BimtDl4j attach(MultiLayerNetwork net, Problem problem, TrainingSettings s) {
    return BimtDl4j.builder().lambda(s.lambda().toString()).steps(s.steps()).geometry(problem.geometry())
        .reduction(s.reduction()).biasPenaltyFrom(s.biasPenaltyFrom()).distanceInLastLayer(s.distanceInLastLayer())
        .swapInterval(s.swaps() ? s.swapInterval() : 0).topK(s.topK()).swapInputs(s.swapInputs()).attach(net);
  }

  /** Features [n, inputs] of a data set, in dtype. */
  INDArray features(Dataset d) {
    return Nd4j.create(d.x(), new long[] {d.size(), d.features()}, 'c').castTo(dtype);
  }

  /**
   * Rows idx (null: all n) of a row-major table of the given width, columns in the network's order
   * (column j of the result is column perm[j] of the table), as one array: one native allocation per
   * batch, where pulling rows and permuting columns in ND4J would take several operations.
   */
  private INDArray gather(double[] table, int width, int[] idx, int n, int[] perm) {
    int rows = idx == null ? n : idx.length;
    long[] shape = {rows, width};
    if (dtype == DataType.FLOAT) {
      float[] out = new float[rows * width];
      for (int b = 0; b < rows; b++) {
        int from = (idx == null ? b : idx[b]) * width;
        for (int j = 0; j < width; j++) {
          out[b * width + j] = (float) table[from + perm[j]];
        }
      }
      return Nd4j.create(out, shape, 'c');
    }
    double[] out = new double[rows * width];
    for (int b = 0; b < rows; b++) {
      int from = (idx == null ? b : idx[b]) * width;
      for (int j = 0; j < width; j++) {
        out[b * width + j] = table[from + perm[j]];
      }
    }
    return Nd4j.create(out, shape, 'c');
  }

  /** Targets as a row-major table [n, outputs]: one-hot classes or regression targets. */
  static double[] targets(Dataset d) {
    if (!d.isClassification()) {
      return d.y();
    }
    double[] y = new double[d.size() * d.classes()];
    for (int i = 0; i < d.size(); i++) {
      y[i * d.classes() + d.labels()[i]] = 1;
    }
    return y;
  }

  /** Targets [n, outputs]: one-hot classes or regression targets, in dtype. */
  INDArray labels(Dataset d) {
    return Nd4j.create(targets(d), new long[] {d.size(), d.outputWidth()}, 'c').castTo(dtype);
  }

  @Override
  public TrainingResult train(Problem problem, TrainingSettings s, Network initial) {
    check(problem, s);
    long start = System.nanoTime();
    MultiLayerNetwork net = network(problem, s);
    DenseChain.of(net).write(initial.parameters());
    BimtDl4j bimt = attach(net, problem, s);
    bimt.setPermutations(initial.inputPermutation(), initial.outputPermutation());
    Architecture arch = problem.architecture();
    Mlp mlp = new Mlp(arch, problem.loss());
    ConnectionCost fullCost = new ConnectionCost(arch, problem.geometry(), s.reduction(), true);
    Dataset train = problem.train();
    double[] y = targets(train);
    BatchSampler sampler = BatchSampler.of(s, train.size());
    int[] inPerm = bimt.inputPermutation();
    int[] outPerm = bimt.outputPermutation();
    LossHistory history = new LossHistory(s);
    int diverged = -1;
    int step = 0;
    for (; step < s.steps(); step++) {
      if ((step & 63) == 0 && Thread.currentThread().isInterrupted()) {
        throw new CancellationException("training interrupted at step " + step);
      }
      int[] idx = sampler == null ? null : sampler.next();
      if (history.due(step)) {
        Network now = bimt.network();
        history.record(step, mlp.lossAndGradient(now, train, idx, null), fullCost.value(now.parameters(), true));
      }
      net.fit(new DataSet(gather(train.x(), train.features(), idx, train.size(), inPerm),
          gather(y, train.outputWidth(), idx, train.size(), outPerm)));
      if (!Double.isFinite(net.score())) {
        diverged = step;
        break;
      }
    }
    Network result = bimt.network();
    boolean ok = diverged < 0 && allFinite(result.parameters());
    if (!ok && diverged < 0) {
      diverged = step - 1;
    }
    Mlp.Evaluation tr = ok ? mlp.evaluate(result, train) : new Mlp.Evaluation(Double.NaN, Double.NaN);
    Mlp.Evaluation te = ok ? mlp.evaluate(result, problem.test()) : new Mlp.Evaluation(Double.NaN, Double.NaN);
    double wall = (System.nanoTime() - start) / 1e9;
    return new TrainingResult(result, ok ? TrainingResult.Status.OK : TrainingResult.Status.DIVERGED,
        ok ? s.steps() : diverged, bimt.swaps(), diverged, tr.loss(), te.loss(), te.accuracy(), tr.accuracy(),
        fullCost.value(result.parameters(), true), history.steps(), history.loss(),
        history.cost(), wall, bimt.swapSeconds());
  }

  private static boolean allFinite(double[] p) {
    for (double v : p) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
