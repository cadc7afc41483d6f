package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A large set is evaluated in chunks (memory); the figures must be those of one pass over it. */
class MlpEvaluationTest {

  @Test
  void chunkedEvaluationEqualsOnePass() {
    int n = 2 * Mlp.EVAL_CHUNK + 123;
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[n * 5];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) {
        x[i * 5 + j] = r.nextDouble(-1, 1);
      }
      labels[i] = r.nextInt(4);
    }
    Dataset data = Dataset.classification(x, 5, labels, 4);
    Architecture arch = new Architecture(new int[] {5, 7, 4}, Activation.SILU, null);
    Network net = Network.initialise(arch, 9);
    int[] outPerm = {2, 0, 3, 1}; // swapped outputs: accuracy must read classes in their original order
    net = new Network(arch, net.parameters(), net.inputPermutation(), outPerm);
    for (Loss loss : Loss.values()) {
      Mlp mlp = new Mlp(arch, loss);
      Mlp.Evaluation chunked = mlp.evaluate(net, data);
      double onePassLoss = mlp.lossAndGradient(net, data, null, null);
      double[] out = mlp.predict(net, data);
      int correct = 0;
      for (int b = 0; b < n; b++) {
        int best = 0;
        for (int o = 1; o < 4; o++) {
          if (out[b * 4 + o] > out[b * 4 + best]) {
            best = o;
          }
        }
        correct += best == labels[b] ? 1 : 0;
      }
      assertEquals(onePassLoss, chunked.loss(), 1e-12 * Math.abs(onePassLoss), loss.name());
      assertEquals((double) correct / n, chunked.accuracy(), 0, loss.name());
    }
  }
}
