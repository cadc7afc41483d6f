package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import org.junit.jupiter.api.Test;

/**
 * Float32's softmax gradient never holds a subnormal: an entry that would scale below float's
 * smallest normal is 0 (subnormal operands send every product that reads them down the processor's
 * slow path), and entries above the floor keep float64's values to float's precision. A one-layer
 * network with a fixed logit gap: its output biases' gradients are the softmax gradient summed
 * over the batch.
 */
class SoftmaxGradientFloorTest {
  private static final Architecture ARCH = new Architecture(new int[] {1, 2}, Activation.SILU, null);
  /** Two examples, both of class 0. */
  private static final Dataset DATA = Dataset.classification(new double[] {0.5, -0.5}, 1, new int[] {0, 0}, 2);

  /** Logits (0, -gap) for every example: zero weights, biases 0 and -gap. */
  private static float[] gradient(float gap, double[] g64) {
    double[] p = new double[ARCH.parameterCount()];
    p[ARCH.biasOffset(0) + 1] = -gap;
    Network net = new Network(ARCH, p, new int[] {0}, new int[] {0, 1});
    float[] pf = new float[p.length];
    Numerics.narrow(p, pf);
    float[] g = new float[p.length];
    new Mlp32(ARCH, Loss.CROSS_ENTROPY).lossAndGradient(pf, net, DATA, null, g);
    new Mlp(ARCH, Loss.CROSS_ENTROPY).lossAndGradient(net, DATA, null, g64);
    return g;
  }

  @Test
  void anEntryThatWouldBeSubnormalIsZero() {
    // e^-86 / 1 = 4.4e-38 per example, over a batch of 2 that is 2.2e-38 each: normal, kept
    double[] g64 = new double[ARCH.parameterCount()];
    float kept = gradient(86f, g64)[ARCH.biasOffset(0) + 1];
    assertTrue(kept >= Float.MIN_NORMAL, "kept " + kept);
    assertEquals(g64[ARCH.biasOffset(0) + 1], kept, 1e-6 * kept);

    // e^-87 (the float exponential's clamp, 1.6e-38) / 2 = 8e-39 per example would be subnormal
    // (their sum over the batch, 1.6e-38, would not: the bias's gradient tells the two rules apart)
    float[] g = gradient(87f, new double[ARCH.parameterCount()]);
    assertEquals(0f, g[ARCH.biasOffset(0) + 1]);
    assertEquals(0f, g[ARCH.weightOffset(0) + 1]);
    for (float v : g) {
      assertTrue(v == 0f || Math.abs(v) >= Float.MIN_NORMAL, "subnormal gradient entry " + v);
    }
  }

  @Test
  void theFloorIsFloatsSmallestNormalTimesTheScaleDivisor() {
    assertEquals(Float.MIN_NORMAL * 2f, Mlp32.softmaxGradientFloor(1f, 2));
    assertEquals(Float.MIN_NORMAL * (3.5f * 100), Mlp32.softmaxGradientFloor(3.5f, 100));
  }
}
