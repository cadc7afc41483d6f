package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.swap.NeuronSwapper;
import io.bimtsweep.core.train.Mlp;
import io.bimtsweep.core.train.Problem;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingSettings;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J pieces against the Java engine from the same network: cost, its gradient, the
 * prediction gradient, one swap pass, and outputs across swaps.
 */
class CrossCheckTest {
  static final Dl4jEngine ENGINE = new Dl4jEngine();

  record Setup(TrialConfig config, Problem problem, TrainingSettings settings) {}

  static Setup setup(String task, Map<String, ?> overrides) {
    TrialConfig c = Presets.config(task, overrides).effective();
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    return new Setup(c, p, TrialSetup.settings(c));
  }

  /** A network with structure worth swapping: 600 steps of the Java engine's BIMT, without swaps. */
  static Network trained(Setup s) {
    TrialConfig c = s.config().with("steps", 600).with("swap_interval", 0).effective();
    return new Trainer().train(s.problem(), TrialSetup.settings(c)).network();
  }

  static MultiLayerNetwork dl4j(Setup s, Network from) {
    MultiLayerNetwork net = ENGINE.network(s.problem(), s.settings());
    DenseChain.of(net).write(from.parameters());
    return net;
  }

  @Test
  void parametersRoundTripInTheProjectsLayout() {
    Setup s = setup("independence", Map.of());
    Network n = Network.initialise(s.problem().architecture(), 3);
    MultiLayerNetwork net = dl4j(s, n);
    double[] back = new double[n.parameters().length];
    DenseChain.of(net).read(back);
    assertArrayEquals(n.parameters(), back, 0);
    // W[in][out] in DL4J is weight(out, in) here
    Layer first = net.getLayer(0);
    assertEquals(n.weight(0, 3, 1), first.getParam("W").getDouble(1, 3), 0);
    assertEquals(n.bias(0, 5), first.getParam("b").getDouble(5), 0);
  }

  @Test
  void predictionGradientEqualsTheJavaEngines() {
    for (String task : new String[] {"independence", "two_moons"}) {
      Setup s = setup(task, Map.of());
      Network n = Network.initialise(s.problem().architecture(), 5);
      MultiLayerNetwork net = dl4j(s, n);
      var x = ENGINE.features(s.problem().train());
      var y = ENGINE.labels(s.problem().train());
      net.setInput(x);
      net.setLabels(y);
      net.computeGradientAndScore();
      double[] g = net.gradient().gradient().dup().data().asDouble();
      int batch = s.problem().train().size();
      double[] expected = new double[g.length];
      double loss = new Mlp(s.problem().architecture(), s.problem().loss()).lossAndGradient(n, s.problem().train(), null,
          expected);
      assertEquals(loss, net.score(), 1e-12 * Math.max(1, loss), task);
      for (int i = 0; i < g.length; i++) {
        // DL4J divides by the batch in its updater; the Java engine's gradient is already the mean
        assertEquals(expected[i], g[i] / batch, 1e-12 * Math.max(1e-3, Math.abs(expected[i])), task + " parameter " + i);
      }
    }
  }

  @Test
  void connectionCostAndItsGradientEqualTheJavaEngines() {
    for (String reduction : new String[] {"sum", "mean"}) {
      Setup s = setup("independence", Map.of("reduction", reduction, "lambda", "0.01", "bias_penalty_from", 0.5,
          "distance_in_last_layer", false));
      Network n = trained(s);
      MultiLayerNetwork net = dl4j(s, n);
      BimtDl4j bimt = Dl4jEngine.attach(net, s.problem(), s.settings());
      ConnectionCost cost = new ConnectionCost(s.problem().architecture(), s.problem().geometry(),
          s.settings().reduction(), false);
      for (int iteration : new int[] {0, s.settings().steps() / 2}) {
        boolean biases = iteration >= s.settings().steps() / 2;
        double score = 0;
        double[] dl4jGrad = new double[n.parameters().length];
        for (int l = 0; l < net.getnLayers(); l++) {
          Layer layer = net.getLayer(l);
          score += bimt.weightTerms().get(l).score(layer.getParam("W"), iteration, 0);
          score += bimt.biasTerms().get(l).score(layer.getParam("b"), iteration, 0);
          INDArray gw = Nd4j.zeros(layer.getParam("W").shape()).castTo(layer.getParam("W").dataType());
          INDArray gb = Nd4j.zeros(layer.getParam("b").shape()).castTo(layer.getParam("b").dataType());
          bimt.weightTerms().get(l).apply(layer.getParam("W"), gw, 1e-3, iteration, 0);
          bimt.biasTerms().get(l).apply(layer.getParam("b"), gb, 1e-3, iteration, 0);
          var a = s.problem().architecture();
          System.arraycopy(gw.dup('f').data().asDouble(), 0, dl4jGrad, a.weightOffset(l), (int) gw.length());
          System.arraycopy(gb.dup('f').data().asDouble(), 0, dl4jGrad, a.biasOffset(l), (int) gb.length());
        }
        double lambda = s.settings().lambda().resolve(s.settings().steps()).valueAt(iteration);
        double expectedCost = lambda * cost.value(n.parameters(), biases);
        assertEquals(expectedCost, score, 1e-12 * expectedCost, reduction + " at " + iteration);
        double[] expected = new double[n.parameters().length];
        cost.addGradient(n.parameters(), expected, lambda, biases);
        assertArrayEquals(expected, dl4jGrad, 1e-12 * lambda, reduction + " at " + iteration);
      }
    }
  }

  @Test
  void oneSwapPassMakesTheJavaEnginesSwapsAndKeepsTheOutputs() {
    Setup s = setup("independence", Map.of());
    Network n = trained(s);
    MultiLayerNetwork net = dl4j(s, n);
    BimtDl4j bimt = Dl4jEngine.attach(net, s.problem(), s.settings());
    INDArray x = ENGINE.features(s.problem().test());
    INDArray before = bimt.output(x).dup();

    Network java = n.copy();
    var cost = new ConnectionCost(s.problem().architecture(), s.problem().geometry(), s.settings().reduction(), true);
    int javaSwaps = new NeuronSwapper(s.problem().architecture(), cost).swapPass(java, s.settings().topK(), true);
    int dl4jSwaps = bimt.swapPass();
    assertTrue(javaSwaps > 0, "the fixture must swap");
    assertEquals(javaSwaps, dl4jSwaps);
    Network after = bimt.network();
    assertArrayEquals(java.parameters(), after.parameters(), 0);
    assertArrayEquals(java.inputPermutation(), after.inputPermutation());
    assertArrayEquals(java.outputPermutation(), after.outputPermutation());
    assertFalse(isIdentity(after.inputPermutation()) && isIdentity(after.outputPermutation()),
        "the fixture must move inputs or outputs");
    INDArray afterOut = bimt.output(x);
    double[] a = before.dup().data().asDouble();
    double[] b = afterOut.dup().data().asDouble();
    assertArrayEquals(a, b, 1e-12);
    // and the Java engine's own predictions agree
    double[] javaOut = new Mlp(s.problem().architecture(), s.problem().loss()).predict(java, s.problem().test());
    assertArrayEquals(javaOut, afterOut.dup('c').data().asDouble(), 1e-12);
  }

  static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return true;
  }
}
