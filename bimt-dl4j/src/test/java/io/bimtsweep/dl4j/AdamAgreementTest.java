package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Mlp;
import io.bimtsweep.core.train.Trainer;
import io.bimtsweep.core.train.TrainingResult;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * 100 steps of training in both engines from the same network and batches.
 *
 * <p>Tolerance, derived: with {@link TorchAdam} both engines compute PyTorch's update, so they
 * differ only by rounding: of the matrix products (OpenBLAS's summation order against the Java
 * loops: at most n * u relative per gradient entry, n <= 20 terms here, u = 1.1e-16, i.e.
 * ~2.2e-15) and of the update (ND4J's fused Adam kernel against the Java loop: a few ulp of a step
 * of size <= ~lr). Adam's step is lr * m_hat / (sqrt(v_hat) + eps), scale-free in the gradient, so a
 * relative error d in the gradients moves a step by about 2d * lr at most; 100 steps at lr = 1e-2
 * give 100 * 2 * 2.2e-15 * 1e-2 = 4.4e-15, plus 100 * a few ulp of 1e-2 (~1e-15), before feedback
 * through the weights. We allow 1e-12: over 100x that bound for the feedback, and still far below
 * any real disagreement (a wrong sign, batch, swap or lambda moves parameters by ~1e-5 within a
 * step; DL4J's own Adam by 3e-5 to 4e-3 over these 100 steps).
 */
class AdamAgreementTest {

  static double maxDifference(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void hundredStepsOfBimtAgreeWithTheJavaEngineToRounding() {
    List<Map<String, Object>> cases = List.of(
        Map.of("steps", 100, "swap_interval", 50),
        Map.of("steps", 100, "swap_interval", 30, "batch_size", 32, "lambda", "0.01", "bias_penalty_from", 0.5));
    for (String task : new String[] {"independence", "two_moons"}) {
      for (Map<String, Object> o : cases) {
        var s = CrossCheckTest.setup(task, o);
        TrainingResult java = new Trainer().train(s.problem(), s.settings());
        TrainingResult dl4j = new Dl4jEngine().train(s.problem(), s.settings());
        String what = task + " " + o;
        assertTrue(java.swaps() > 0, what);
        assertEquals(java.swaps(), dl4j.swaps(), what);
        Network a = java.network();
        Network b = dl4j.network();
        assertArrayEquals(a.inputPermutation(), b.inputPermutation(), what);
        assertArrayEquals(a.outputPermutation(), b.outputPermutation(), what);
        double d = maxDifference(a.parameters(), b.parameters());
        System.out.printf("%s: parameters differ by at most %.2e%n", what, d);
        assertTrue(d <= 1e-12, what + ": parameters differ by " + d);
        assertEquals(java.testLoss(), dl4j.testLoss(), 1e-12, what);
        assertArrayEquals(java.historyTrainLoss(), dl4j.historyTrainLoss(), 1e-12, what);
      }
    }
  }

  /**
   * DL4J's own Adam, for the record: at step 1, m_hat = g and sqrt(v_hat) = |g|, so PyTorch's step is
   * lr * g / (|g| + eps) and DL4J's lr * g / (|g| + eps / sqrt(1 - b2)); the parameters then differ by
   * exactly lr * g * (1 / (|g| + eps) - 1 / (|g| + eps / sqrt(1 - b2))).
   */
  @Test
  void dl4jsOwnAdamDiffersByItsEpsilonPlacementExactlyAsDerived() {
    var s = CrossCheckTest.setup("independence", Map.of("steps", 1, "lambda", "0", "swap_interval", 0));
    Network start = Network.initialise(s.problem().architecture(), s.settings().seed());
    double lr = s.settings().learningRate();
    double[] g = new double[start.parameters().length];
    new Mlp(s.problem().architecture(), s.problem().loss()).lossAndGradient(start, s.problem().train(), null, g);
    Dl4jEngine engine = new Dl4jEngine();
    MultiLayerNetwork net = engine.network(s.problem(), s.settings(), new Adam(lr, 0.9, 0.999, 1e-8));
    DenseChain.of(net).write(start.parameters());
    net.fit(new DataSet(engine.features(s.problem().train()), engine.labels(s.problem().train())));
    double[] dl4j = new double[g.length];
    DenseChain.of(net).read(dl4j);
    double[] torch = new Trainer().train(s.problem(), s.settings(), start).network().parameters();
    double largest = 0;
    for (int i = 0; i < g.length; i++) {
      double expected = lr * g[i] * (1 / (Math.abs(g[i]) + 1e-8) - 1 / (Math.abs(g[i]) + 1e-8 / Math.sqrt(0.001)));
      assertEquals(expected, dl4j[i] - torch[i], 1e-15, "parameter " + i);
      largest = Math.max(largest, Math.abs(expected));
    }
    assertTrue(largest > 1e-9, "the fixture shows the difference: " + largest);
  }
}
