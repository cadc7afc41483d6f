package io.bimtsweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Structure recovery, hidden modules, knockouts and probes on networks built by hand. */
class InterpretabilityTest {

  /** A zero network of these widths (no permutation). */
  static Network zeros(Activation act, int... widths) {
    Architecture a = new Architecture(widths, act, null);
    Network n = Network.initialise(a, 0);
    Arrays.fill(n.parameters(), 0.0);
    return n;
  }

  static void w(Network n, int layer, int out, int in, double v) {
    Architecture a = n.architecture();
    n.parameters()[a.weightOffset(layer) + out * a.width(layer) + in] = v;
  }

  static void b(Network n, int layer, int out, double v) {
    n.parameters()[n.architecture().biasOffset(layer) + out] = v;
  }

  /** Three modules: input k -> hidden 2k, 2k+1 -> output k (weights 1), for [3, 6, 3]. */
  static Network threeModules() {
    Network n = zeros(Activation.SILU, 3, 6, 3);
    for (int k = 0; k < 3; k++) {
      w(n, 0, 2 * k, k, 1);
      w(n, 0, 2 * k + 1, k, 0.5);
      w(n, 1, k, 2 * k, 1);
      w(n, 1, k, 2 * k + 1, 0.8);
    }
    return n;
  }

  static final List<Set<Integer>> TRUTH = List.of(Set.of(1), Set.of(2), Set.of(3));

  @Test
  void threeSeparateModulesAreRecoveredExactly() {
    StructureRecovery r = StructureRecovery.compute(threeModules(), TRUTH, 1e-2);
    assertEquals(1.0, r.precision());
    assertEquals(1.0, r.recall());
    // every true pair's widest path has bottleneck 0.8 (input -> hidden 2k+1 at 0.5 is narrower than
    // the 1 -> 1 path); no false pair has a path: exact for thresholds in [0, 1) of max|w| = 1
    assertEquals(0.0, r.exactFrom());
    assertEquals(1.0, r.exactTo());
    assertEquals(List.of(new Module(List.of(1), List.of(1)), new Module(List.of(2), List.of(2)),
        new Module(List.of(3), List.of(3))), StructureRecovery.trueModules(TRUTH));
  }

  /** One cross edge, input 1 -> hidden 2 (module 2's), at 0.3: input 1 now reaches output 2. */
  @Test
  void oneCrossEdgeLowersPrecisionByHand() {
    Network n = threeModules();
    w(n, 0, 2, 0, 0.3);
    StructureRecovery r = StructureRecovery.compute(n, TRUTH, 1e-2);
    // recovered pairs: (1,1), (2,2), (3,3) and (1,2): 3 of 4 are true
    assertEquals(0.75, r.precision());
    assertEquals(1.0, r.recall());
    // the false pair's widest path is min(0.3, 1) = 0.3: exact from 0.3 up to the narrowest true one, 1
    assertEquals(0.3, r.exactFrom(), 1e-15);
    assertEquals(1.0, r.exactTo());
    // pruned above the cross edge (0.5 of max|w|), precision is back to 1
    assertEquals(1.0, StructureRecovery.compute(n, TRUTH, 0.5).precision());
    // and a threshold above the true paths recovers nothing
    assertTrue(Double.isNaN(StructureRecovery.compute(n, TRUTH, 1.0).precision()));
    assertEquals(0.0, StructureRecovery.compute(n, TRUTH, 1.0).recall());
  }

  @Test
  void aTruthThatNoThresholdRecoversHasNoRange() {
    // the network joins inputs 1 and 2 into output 1 as strongly as the true path
    Network n = threeModules();
    w(n, 0, 0, 1, 1);
    StructureRecovery r = StructureRecovery.compute(n, TRUTH, 1e-2);
    assertFalse(r.exactSomewhere());
    assertTrue(Double.isNaN(r.exactFrom()));
  }

  /**
   * [2, 6, 6, 1]: three parallel blocks of two neurons per hidden layer, each reading both inputs
   * and all merging at the single output: one component in the network, three hidden modules.
   */
  @Test
  void hiddenModulesOfThreeParallelBlocksMergingAtTheOutput() {
    Network n = zeros(Activation.SILU, 2, 6, 6, 1);
    for (int block = 0; block < 3; block++) {
      for (int u = 0; u < 2; u++) {
        int j = 2 * block + u;
        w(n, 0, j, 0, 1);
        w(n, 0, j, 1, 1);
        for (int v = 0; v < 2; v++) {
          w(n, 1, j, 2 * block + v, 1); // dense inside the block
        }
        w(n, 2, 0, j, 1);
      }
    }
    List<Interpretability.HiddenModule> h = Interpretability.hiddenModules(n, 1e-2);
    assertEquals(3, h.size());
    for (int block = 0; block < 3; block++) {
      assertEquals(4, h.get(block).size());
      assertEquals(List.of(1, 2), h.get(block).inputs());
      assertEquals(List.of(1), h.get(block).outputs());
      for (int[] neuron : h.get(block).neurons()) {
        assertEquals(block, neuron[1] / 2, "block " + block + " holds neuron " + Arrays.toString(neuron));
      }
    }
    // a block that no longer feeds the output is no module
    w(n, 2, 0, 5, 0);
    w(n, 2, 0, 4, 0);
    assertEquals(2, Interpretability.hiddenModules(n, 1e-2).size());
  }

  /**
   * [3, 3, 3] classifying one-hot inputs: hidden j = silu(10 x_j) feeds only class j (weight 10);
   * output biases (0, 0.1, 0.2) decide when nothing arrives. Removing neuron 0's module loses
   * exactly class 0 (its examples then go to class 2).
   */
  @Test
  void knockingOutTheBlockOfOneClassLosesExactlyThatClass() {
    Network n = zeros(Activation.SILU, 3, 3, 3);
    for (int j = 0; j < 3; j++) {
      w(n, 0, j, j, 10);
      w(n, 1, j, j, 10);
    }
    b(n, 1, 1, 0.1);
    b(n, 1, 2, 0.2);
    double[] x = new double[3 * 30];
    int[] labels = new int[30];
    for (int s = 0; s < 30; s++) {
      labels[s] = s % 3;
      x[s * 3 + s % 3] = 1;
    }
    Dataset test = Dataset.classification(x, 3, labels, 3);
    List<Interpretability.HiddenModule> h = Interpretability.hiddenModules(n, 1e-2);
    assertEquals(3, h.size(), "one hidden layer: each neuron is a module");
    List<Interpretability.Knockout> k = Interpretability.knockouts(n, Loss.CROSS_ENTROPY, test, h);
    assertEquals(4, k.size());
    assertEquals(1.0, k.get(0).keptAccuracy(), "all modules kept: the whole network");
    assertEquals(1.0 / 3, k.get(0).removedAccuracy(), 1e-12, "none left: every example goes to class 2");
    int module0 = -1;
    for (int m = 0; m < 3; m++) {
      if (h.get(m).neurons().get(0)[1] == 0) {
        module0 = m + 1;
      }
    }
    assertEquals(2.0 / 3, k.get(module0).removedAccuracy(), 1e-12, "exactly class 0's ten examples are lost");
    // kept alone, neuron 0 serves class 0, and class 2 wins by its bias: class 1 is lost
    assertEquals(2.0 / 3, k.get(module0).keptAccuracy(), 1e-12);
  }

  /** [2, 2, 1] with ReLU: hidden 0 is x1 itself on inputs in [0, 1], so its correlation with x1 is 1. */
  @Test
  void aNeuronEqualToTheQuantityHasCorrelationOne() {
    Network n = zeros(Activation.RELU, 2, 2, 1);
    w(n, 0, 0, 0, 1);
    w(n, 0, 1, 1, 1);
    w(n, 1, 0, 0, 1);
    double[] x = new double[2 * 50];
    double[] y = new double[50];
    double[] q = new double[50];
    for (int s = 0; s < 50; s++) {
      x[2 * s] = (s * 37 % 50) / 50.0;
      x[2 * s + 1] = (s * 11 % 50) / 50.0;
      q[s] = x[2 * s];
    }
    Dataset test = Dataset.regression(x, 2, y, 1);
    List<Interpretability.Probe> p = Interpretability.probes(n, Loss.MSE, test, Map.of("x1", q));
    assertEquals(1, p.size());
    assertEquals(1, p.get(0).layer());
    assertEquals(0, p.get(0).neuron());
    assertEquals(1.0, p.get(0).correlation(), 1e-12);
    // a quantity no neuron carries is found with its best, weaker correlation
    double[] noise = new double[50];
    for (int s = 0; s < 50; s++) {
      noise[s] = (s * 7 % 13) - 6;
    }
    assertTrue(Math.abs(Interpretability.probes(n, Loss.MSE, test, Map.of("noise", noise)).get(0).correlation()) < 0.9);
  }

  @Test
  void tasksWithoutGroundTruthGetNullsAndTheRestStillWorks() {
    Network n = threeModules();
    double[] x = new double[3 * 4];
    Dataset test = Dataset.regression(x, 3, new double[3 * 4], 3);
    Interpretability in = Interpretability.compute(n, Loss.MSE, test, null, List.of(), Map.of(), 1e-2);
    assertNull(in.recovery());
    assertNull(in.structureExact());
    assertEquals(6, in.hiddenModules().stream().mapToInt(Interpretability.HiddenModule::size).sum());
  }
}
