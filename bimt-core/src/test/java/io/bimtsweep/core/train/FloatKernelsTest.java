package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 kernels: the vector ones give the scalar float loops' bits, product by product and
 * over whole float32 training runs with swaps (fresh JVMs at each width are compared by
 * {@link DenseKernelsTest} through {@link KernelFingerprint}, which covers float32 too).
 */
class FloatKernelsTest {

  private static List<FloatKernels> available() {
    return Kernels.available().stream().map(Kernels::floatOf).toList();
  }

  @Test
  void bothKindsAreHere_andTheStandardOneIsTheMachinesWidestFloatVector() {
    List<String> names = available().stream().map(FloatKernels::name).toList();
    assertEquals("scalar", names.get(0));
    assertEquals(Kernels.vectorApiPresent() ? 2 : 1, names.size(), names.toString());
    assertEquals(Kernels.floatOf(Kernels.standard()).name(), Kernels.standardFloat().name());
    if (Kernels.vectorApiPresent() && System.getProperty("bimt.kernels") == null) {
      // unlike float64's (at most 256 bits: VectorKernels.defaultSpecies), where 512 bits measured 2-3% faster
      assertEquals("vector" + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(), names.get(1));
      assertEquals(names.get(1), Kernels.standardFloat().name());
    }
  }

  @Test
  void everyImplementationGivesTheScalarBitsOnOddShapes() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      checkShape(r, 1 + r.nextInt(13), 1 + r.nextInt(41), 1 + r.nextInt(41), trial % 2 == 0 ? 0.3 : 0.0);
    }
  }

  @Test
  void layersBetweenOneAndTwoVectorsWideGiveTheScalarBits() {
    // such a width (the presets' 20 at 16 floats) is covered by two overlapping vectors, whose shared
    // elements are computed twice; a gradient added to g twice, or stored from one vector after the
    // other had changed g, would show here
    String name = Kernels.standardFloat().name(); // "vector512": 16 floats
    int lanes = Integer.parseInt(name.substring("vector".length())) / 32;
    assertTrue(lanes >= 2, name);
    SplittableRandom r = new SplittableRandom(11);
    for (int wide : new int[] {lanes + 1, lanes + lanes / 4, 2 * lanes - 1}) {
      for (int batch : new int[] {1, 3, 4, 7, 100}) {
        for (int other : new int[] {1, 2, 4, wide, 2 * lanes + 3}) {
          checkShape(r, batch, other, wide, 0.0); // forward, bias and weight gradient by outputs
          checkShape(r, batch, wide, other, 0.0); // input gradient and weight gradient by inputs
        }
        checkShape(r, batch, wide, wide, 0.3); // with zeros: the general path, which must agree too
      }
    }
  }

  @Test
  void theBiasGradientAloneGivesTheScalarBitsAtEveryWidth() {
    SplittableRandom r = new SplittableRandom(13);
    for (int nOut : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 31, 33, 50, 59, 67}) {
      for (int batch : new int[] {1, 2, 5, 300}) {
        int bOff = r.nextInt(4);
        float[] dz = KernelFingerprint.floats(r, batch * nOut, 0.2);
        float[] g0 = KernelFingerprint.floats(r, bOff + nOut + 2, 0.2);
        for (int i = 0; i < g0.length; i += 3) {
          g0[i] = -0f;
        }
        float[] g = g0.clone();
        ScalarFloatKernels.INSTANCE.biasGradient(batch, nOut, dz, g, bOff);
        for (FloatKernels k : available()) {
          float[] gk = g0.clone();
          k.biasGradient(batch, nOut, dz, gk, bOff);
          assertArrayEquals(g, gk, k.name() + " bias gradient, batch " + batch + ", width " + nOut);
        }
      }
    }
  }

  private static void checkShape(SplittableRandom r, int batch, int nIn, int nOut, double zeros) {
    int wOff = r.nextInt(5);
    int bOff = wOff + nIn * nOut;
    float[] p = KernelFingerprint.floats(r, bOff + nOut + r.nextInt(3), 0);
    float[] x = KernelFingerprint.floats(r, batch * nIn, 0.1);
    float[] dz = KernelFingerprint.floats(r, batch * nOut, zeros);
    float[] g0 = KernelFingerprint.floats(r, p.length, 0.2);
    for (int i = 0; i < g0.length; i += 7) {
      g0[i] = -0f;
    }
    FloatKernels ref = ScalarFloatKernels.INSTANCE;
    float[] z = new float[batch * nOut];
    ref.forward(batch, nIn, nOut, x, p, wOff, bOff, z);
    float[] g = g0.clone();
    ref.weightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
    float[] dx = new float[batch * nIn];
    ref.inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
    String shape = "batch " + batch + ", " + nIn + " -> " + nOut;
    for (FloatKernels k : available()) {
      float[] zk = new float[batch * nOut];
      k.forward(batch, nIn, nOut, x, p, wOff, bOff, zk);
      assertArrayEquals(z, zk, k.name() + " forward, " + shape);
      float[] gk = g0.clone();
      k.weightGradient(batch, nIn, nOut, x, dz, gk, wOff, bOff);
      assertArrayEquals(g, gk, k.name() + " weight gradient, " + shape);
      float[] dxk = new float[batch * nIn];
      java.util.Arrays.fill(dxk, Float.NaN);
      k.inputGradient(batch, nIn, nOut, dz, p, wOff, dxk);
      assertArrayEquals(dx, dxk, k.name() + " input gradient, " + shape);
    }
  }

  @Test
  void siluAndTheSoftmaxExponentialGiveTheScalarBitsIncludingExtremes() {
    SplittableRandom r = new SplittableRandom(9);
    float[] z = new float[1003];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) r.nextDouble(-30, 30);
    }
    float[] special = {0f, -0f, 1000f, -1000f, 88.5f, -87.5f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -87f, 88f, Math.nextDown(-87f), Math.nextUp(88f),
        -Math.nextDown(-87f), -Math.nextUp(88f)}; // the clamp's bounds and just past them, for e^z and e^-z
    System.arraycopy(special, 0, z, 3, special.length);
    float[] a = new float[z.length];
    float[] d = new float[z.length];
    float[] e = new float[z.length];
    ScalarFloatKernels.INSTANCE.silu(z, a, d, z.length);
    ScalarFloatKernels.INSTANCE.expShifted(z, 1, z.length - 2, 0.25f, e);
    for (FloatKernels k : available()) {
      float[] ak = new float[z.length];
      float[] dk = new float[z.length];
      float[] ek = new float[z.length];
      k.silu(z, ak, dk, z.length);
      k.expShifted(z, 1, z.length - 2, 0.25f, ek);
      assertArrayEquals(a, ak, k.name() + " silu");
      assertArrayEquals(d, dk, k.name() + " silu derivative");
      assertArrayEquals(e, ek, k.name() + " exp");
    }
    assertEquals(0f, e[0], 0f, "outside the row: untouched");
  }

  @Test
  void subtractRowMaximaGivesTheScalarBitsIncludingZerosAndNaN() {
    // by hand: rows {1, 3, 2}, {-0, +0, -1} and {1, NaN, 2}; -0 - 0 = -0, +0 - 0 = +0, and a NaN row is all NaN
    float nan = Float.NaN;
    float[] v = {1, 3, 2, -0f, 0, -1, 1, nan, 2};
    for (FloatKernels k : available()) {
      float[] max = new float[3];
      float[] out = new float[9];
      k.subtractRowMaxima(v, 3, 3, max, out);
      assertArrayEquals(new float[] {3, 0, nan}, max, k.name());
      assertArrayEquals(new float[] {-2, 0, -1, -0f, 0, -1, nan, nan, nan}, out, k.name());
    }
    // odd widths, a row of equal entries, -0 and +0 across lanes; in place as the softmax calls it
    SplittableRandom r = new SplittableRandom(11);
    for (int width : new int[] {1, 2, 3, 4, 7, 8, 9, 16, 17, 24, 59, 64, 65}) {
      int rows = 5;
      float[] x = new float[rows * width];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextDouble(-30, 30);
      }
      java.util.Arrays.fill(x, width, 2 * width, 0f);
      for (int i = width; i < 2 * width; i += 3) {
        x[i] = -0f;
      }
      java.util.Arrays.fill(x, 2 * width, 3 * width, -7f);
      float[] max = new float[rows];
      float[] out = new float[x.length];
      ScalarFloatKernels.INSTANCE.subtractRowMaxima(x, rows, width, max, out);
      for (FloatKernels k : available()) {
        float[] maxK = new float[rows];
        float[] inPlace = x.clone();
        k.subtractRowMaxima(inPlace, rows, width, maxK, inPlace);
        assertArrayEquals(max, maxK, k.name() + " width " + width);
        assertArrayEquals(out, inPlace, k.name() + " width " + width);
      }
    }
  }

  @Test
  void addScaledIsElementwiseInEveryImplementation() {
    // by hand: 1 + 0.5 * 3 = 2.5, and -0 + 2 * -0 stays -0; outside [yo, yo + n) untouched
    for (FloatKernels k : available()) {
      float[] y = {7f, 1f, -0f, 7f};
      k.addScaled(0.5f, new float[] {3f}, 0, y, 1, 1);
      k.addScaled(2f, new float[] {-0f}, 0, y, 2, 1);
      assertArrayEquals(new float[] {7f, 2.5f, -0f, 7f}, y, k.name());
    }
    // odd lengths and offsets, against the scalar loop bit for bit
    SplittableRandom r = new SplittableRandom(5);
    for (int n : new int[] {1, 3, 7, 8, 31, 32, 33, 50, 101}) {
      float[] x = new float[n + 9];
      float[] y = new float[n + 9];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextDouble(-3, 3);
        y[i] = (float) r.nextDouble(-3, 3);
      }
      float a = (float) r.nextDouble(-2, 2);
      float[] expected = y.clone();
      ScalarFloatKernels.INSTANCE.addScaled(a, x, 2, expected, 5, n);
      for (FloatKernels k : available()) {
        float[] yk = y.clone();
        k.addScaled(a, x, 2, yk, 5, n);
        assertArrayEquals(expected, yk, k.name() + " n=" + n);
      }
    }
  }

  @Test
  void aSingleZeroAnywhereInTheGradientIsSkipped() {
    // a zero dz[b][o] whose row of x and row of w hold infinities: skipped, its terms are absent; added,
    // they would be 0 * inf = NaN. Every position, so the search for zeros misses none of its vectors.
    int batch = 9;
    int nIn = 6;
    int nOut = 20;
    SplittableRandom r = new SplittableRandom(4);
    for (int pos = 0; pos < batch * nOut; pos++) {
      float[] dz = new float[batch * nOut];
      for (int i = 0; i < dz.length; i++) {
        dz[i] = i == pos ? 0 : (float) r.nextDouble(0.5, 1);
      }
      float[] x = new float[batch * nIn];
      float[] p = new float[nOut * nIn + nOut];
      for (int i = 0; i < x.length; i++) {
        x[i] = i / nIn == pos / nOut ? Float.POSITIVE_INFINITY : (float) r.nextDouble(-1, 1);
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = i / nIn == pos % nOut && i < nOut * nIn ? Float.POSITIVE_INFINITY : (float) r.nextDouble(-1, 1);
      }
      float[] g = new float[p.length];
      float[] dx = new float[x.length];
      ScalarFloatKernels.INSTANCE.weightGradient(batch, nIn, nOut, x, dz, g, 0, nOut * nIn);
      ScalarFloatKernels.INSTANCE.inputGradient(batch, nIn, nOut, dz, p, 0, dx);
      assertTrue(!Float.isNaN(g[(pos % nOut) * nIn]), "the reference skipped the zero");
      for (FloatKernels k : available()) {
        float[] gk = new float[p.length];
        float[] dxk = new float[x.length];
        k.weightGradient(batch, nIn, nOut, x, dz, gk, 0, nOut * nIn);
        k.inputGradient(batch, nIn, nOut, dz, p, 0, dxk);
        assertArrayEquals(g, gk, k.name() + " weight gradient, zero at " + pos);
        assertArrayEquals(dx, dxk, k.name() + " input gradient, zero at " + pos);
      }
    }
  }

  @Test
  void addSignScaledIsTheSignTimesTheCoefficientInEveryImplementation() {
    // by hand: 1 + 2 sign(-7) = -1; -0 + 3 sign(+0) = +0; 1 + 4 sign(-0) = 1; NaN stays NaN;
    // a subnormal's sign is 1; g before off and past c.length untouched
    for (FloatKernels k : available()) {
      float[] g = {9, 1, -0f, 1, 1, 1, 9};
      float[] p = {9, -7, 0, -0f, Float.NaN, Float.MIN_VALUE, 9};
      k.addSignScaled(new float[] {2, 3, 4, 5, 0.5f}, p, 1, g);
      assertArrayEquals(new float[] {9, -1, 0, 1, Float.NaN, 1.5f, 9}, g, k.name());
    }
    // odd lengths, offsets, zeros, NaN and infinities among the parameters, against the scalar loop bit for bit
    SplittableRandom r = new SplittableRandom(6);
    float[] special = {0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int n : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 33, 80, 400}) {
      float[] c = new float[n];
      float[] p = new float[n + 5];
      float[] g = new float[n + 5];
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (float) r.nextDouble(-1, 1);
        g[i] = (float) r.nextDouble(-1, 1);
      }
      for (int i = 0; i < n; i++) {
        c[i] = (float) r.nextDouble(0, 1e-2);
      }
      float[] expected = g.clone();
      ScalarFloatKernels.INSTANCE.addSignScaled(c, p, 3, expected);
      for (FloatKernels k : available()) {
        float[] gk = g.clone();
        k.addSignScaled(c, p, 3, gk);
        assertArrayEquals(expected, gk, k.name() + " n=" + n);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"independence", "two_moons", "compositionality", "permutation_group"})
  void aFloat32TrainingRunGivesTheSameBitsWithEveryImplementation(String task) {
    TrialConfig c = Presets.config(task, Map.of("steps", 120, "swap_interval", 40, "batch_size", 0)).effective();
    Problem problem = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(problem.architecture(), s.seed());
    TrainingResult[] scalar = new TrainingResult[1];
    Dense.withKernels(ScalarKernels.INSTANCE, () -> scalar[0] = new Trainer(Dtype.FLOAT32).train(problem, s, init));
    assertTrue(scalar[0].swaps() > 0, "the run swaps neurons");
    for (DenseKernels k : Kernels.available()) {
      TrainingResult[] run = new TrainingResult[1];
      Dense.withKernels(k, () -> run[0] = new Trainer(Dtype.FLOAT32).train(problem, s, init));
      assertArrayEquals(scalar[0].network().parameters(), run[0].network().parameters(), task + " with " + k.name());
      assertArrayEquals(scalar[0].network().inputPermutation(), run[0].network().inputPermutation());
      assertEquals(scalar[0].testLoss(), run[0].testLoss(), 0.0);
      assertEquals(scalar[0].swaps(), run[0].swaps());
    }
  }
}
