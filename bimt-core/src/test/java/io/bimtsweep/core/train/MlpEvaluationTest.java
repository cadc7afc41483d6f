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
  void theSoftmaxRowSumsHaveAPlainLoopsBitsForAnyNumberOfRows() {
    // four rows are summed side by side, the rest one by one: every row must keep its own ascending order
    SplittableRandom r = new SplittableRandom(3);
    for (int width : new int[] {1, 3, 59}) {
      for (int rows = 1; rows <= 9; rows++) {
        double[] v = r.doubles((long) rows * width, 0, 1e3).toArray();
        float[] vf = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = v[i] * v[i] * 1e-3; // a spread of magnitudes, so that the order of additions shows in the bits
          vf[i] = (float) v[i];
        }
        double[] sums = new double[rows];
        float[] sumsF = new float[rows];
        Mlp.rowSums(v, rows, width, sums);
        Mlp32.rowSums(vf, rows, width, sumsF);
        for (int b = 0; b < rows; b++) {
          double s = 0;
          float sf = 0f;
          for (int o = 0; o < width; o++) {
            s += v[b * width + o];
            sf += vf[b * width + o];
          }
          assertEquals(s, sums[b], 0.0, "width " + width + ", row " + b + " of " + rows);
          assertEquals(sf, sumsF[b], 0f, "float32: width " + width + ", row " + b + " of " + rows);
        }
      }
    }
  }


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
