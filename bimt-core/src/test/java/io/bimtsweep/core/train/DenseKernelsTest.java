package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The Vector API kernels give the scalar loops' bits: product by product on odd shapes and over
 * whole training runs with swaps, in this JVM; and fresh JVMs forced to each vector width (those
 * this machine lacks are emulated by the JDK, slowly but lane by lane all the same), to the scalar
 * loops, or started without the Vector API at all, print the same digest.
 */
class DenseKernelsTest {

  @Test
  void theTestJvmHasTheVectorApiSoEveryWidthIsCompared() {
    assertTrue(Kernels.vectorApiPresent(), "Maven's tests run with --add-modules jdk.incubator.vector (parent pom)");
    List<DenseKernels> all = Kernels.available();
    assertEquals(2, all.size());
    assertEquals("scalar", all.get(0).name());
    assertEquals(all.get(1), Kernels.standard());
    assertTrue(Kernels.standard().name().startsWith("vector"), Kernels.standard().name());
  }

  @Test
  void everyImplementationGivesTheScalarBitsOnOddShapes() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      // zeros are skipped: every implementation must skip alike (and take its no-zero path on every other shape)
      checkShape(r, 1 + r.nextInt(13), 1 + r.nextInt(37), 1 + r.nextInt(37), trial % 2 == 0 ? 0.3 : 0.0);
    }
  }

  @Test
  void wideLayersGiveTheScalarBitsThroughTheWideKernels() {
    // past the BLAS threshold at any width: six-row and six-output tiles with remainders (460 = 76 x 6 + 4,
    // 3 x 128 + 76 rows per pass), 50 outputs (the last six overlap), inputs not a whole number of
    // vectors, fewer outputs than a tile (the vector kernels take the gradient), and zeros in dz (the same)
    SplittableRandom r = new SplittableRandom(17);
    int[][] shapes = {{460, 50, 50}, {460, 50, 24}, {461, 37, 59}, {700, 64, 5}, {2785, 50, 59}, {1000, 3, 90}};
    for (int[] s : shapes) {
      assertTrue((long) s[0] * s[1] * s[2] >= Dense.BLAS_THRESHOLD, java.util.Arrays.toString(s));
      checkShape(r, s[0], s[1], s[2], 0.0);
      checkShape(r, s[0], s[1], s[2], 0.01);
    }
  }

  @Test
  void layersExactlyFiveVectorsWideGiveTheScalarBits() {
    // the presets' 20 at 256 bits have their own kernels (two rows or two inputs times five vectors)
    String name = Kernels.standard().name(); // "vector256": 4 doubles, so five vectors are 20
    int five = name.startsWith("vector") ? 5 * Integer.parseInt(name.substring("vector".length())) / 64 : 5;
    SplittableRandom r = new SplittableRandom(9);
    for (int batch : new int[] {1, 2, 3, 7, 100}) {
      for (int other : new int[] {1, 3, 4, five, five + 1}) {
        checkShape(r, batch, other, five, 0.0); // forward and weight gradient: five vectors of outputs
        checkShape(r, batch, five, other, 0.0); // input gradient: five vectors of inputs
      }
    }
  }

  @Test
  void theBiasGradientAloneGivesTheScalarBitsAtEveryWidth() {
    // what the BLAS path adds for the biases: widths with and without a part past the last whole
    // vector (summed as one vector ending at the last output), every vector width's remainders
    SplittableRandom r = new SplittableRandom(13);
    for (int nOut : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 31, 33, 50, 59, 67}) {
      for (int batch : new int[] {1, 2, 5, 300}) {
        int bOff = r.nextInt(4);
        double[] dz = random(r, batch * nOut, 0.2);
        double[] g0 = random(r, bOff + nOut + 2, 0.2);
        for (int i = 0; i < g0.length; i += 3) {
          g0[i] = -0.0;
        }
        double[] g = g0.clone();
        ScalarKernels.INSTANCE.biasGradient(batch, nOut, dz, g, bOff);
        for (DenseKernels k : Kernels.available()) {
          double[] gk = g0.clone();
          k.biasGradient(batch, nOut, dz, gk, bOff);
          assertArrayEquals(g, gk, k.name() + " bias gradient, batch " + batch + ", width " + nOut);
        }
      }
    }
  }

  private static void checkShape(SplittableRandom r, int batch, int nIn, int nOut, double zeros) {
    int wOff = r.nextInt(5);
    int bOff = wOff + nIn * nOut;
    double[] p = random(r, bOff + nOut + r.nextInt(3), 0);
    double[] x = random(r, batch * nIn, 0.1);
    double[] dz = random(r, batch * nOut, zeros);
    double[] g0 = random(r, p.length, 0.2);
    for (int i = 0; i < g0.length; i += 7) {
      g0[i] = -0.0; // -0 + (+0) is +0: an implementation adding a skipped zero would show here
    }
    ScalarKernels ref = ScalarKernels.INSTANCE;
    double[] z = new double[batch * nOut];
    ref.forward(batch, nIn, nOut, x, p, wOff, bOff, z);
    double[] g = g0.clone();
    ref.weightGradient(batch, nIn, nOut, x, dz, g, wOff, bOff);
    double[] dx = new double[batch * nIn];
    ref.inputGradient(batch, nIn, nOut, dz, p, wOff, dx);
    String shape = "batch " + batch + ", " + nIn + " -> " + nOut;
    for (DenseKernels k : Kernels.available()) {
      double[] zk = new double[batch * nOut];
      k.forward(batch, nIn, nOut, x, p, wOff, bOff, zk);
      assertArrayEquals(z, zk, k.name() + " forward, " + shape);
      double[] gk = g0.clone();
      k.weightGradient(batch, nIn, nOut, x, dz, gk, wOff, bOff);
      assertArrayEquals(g, gk, k.name() + " weight gradient, " + shape);
      double[] dxk = new double[batch * nIn];
      java.util.Arrays.fill(dxk, Double.NaN); // written, not added to
      k.inputGradient(batch, nIn, nOut, dz, p, wOff, dxk);
      assertArrayEquals(dx, dxk, k.name() + " input gradient, " + shape);
    }
  }

  @Test
  void siluAndTheSoftmaxExponentialGiveTheScalarBitsIncludingExtremes() {
    SplittableRandom r = new SplittableRandom(9);
    double[] z = new double[1003];
    for (int i = 0; i < z.length; i++) {
      z[i] = r.nextDouble(-30, 30);
    }
    double[] special = {0.0, -0.0, 1000, -1000, 708.5, -708.5, Double.NaN, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -708, 709, Math.nextDown(-708.0), Math.nextUp(709.0),
        -Math.nextDown(-708.0), -Math.nextUp(709.0)}; // the clamp's bounds and just past them, for e^z and e^-z
    System.arraycopy(special, 0, z, 3, special.length);
    double[] e = siluAndExpGiveTheScalarBits(z, 1, z.length - 2, 0.25);
    assertEquals(0.0, e[0], 0.0, "outside the row: untouched");
  }

  /** SiLU over z and e^(z - shift) over [off, off + n), every implementation against the scalar loops; returns the latter. */
  private static double[] siluAndExpGiveTheScalarBits(double[] z, int off, int n, double shift) {
    double[] a = new double[z.length];
    double[] d = new double[z.length];
    double[] e = new double[z.length];
    ScalarKernels.INSTANCE.silu(z, a, d, z.length);
    ScalarKernels.INSTANCE.expShifted(z, off, n, shift, e);
    for (DenseKernels k : Kernels.available()) {
      double[] ak = new double[z.length];
      double[] dk = new double[z.length];
      double[] ek = new double[z.length];
      k.silu(z, ak, dk, z.length);
      k.expShifted(z, off, n, shift, ek);
      assertArrayEquals(a, ak, k.name() + " silu, " + z.length + " entries");
      assertArrayEquals(d, dk, k.name() + " silu derivative, " + z.length + " entries");
      assertArrayEquals(e, ek, k.name() + " exp, " + z.length + " entries");
      double[] inPlace = z.clone(); // a may be z (Mlp keeps SiLU's z and a in one array)
      double[] dIn = new double[z.length];
      k.silu(inPlace, inPlace, dIn, z.length);
      assertArrayEquals(a, inPlace, k.name() + " silu in place, " + z.length + " entries");
      assertArrayEquals(d, dIn, k.name() + " silu derivative in place, " + z.length + " entries");
    }
    return e;
  }

  @Test
  void longArraysTakeTheFourChainExponentialWithTheSameBits() {
    // 20,011 entries: past the length from which eight-lane kernels run four chains per pass, with a
    // remainder for the two-chain loop, one vector and the scalar tail; extremes spread through it
    SplittableRandom r = new SplittableRandom(21);
    double[] z = new double[20_011];
    for (int i = 0; i < z.length; i++) {
      z[i] = r.nextDouble(-40, 40);
    }
    double[] special = {0.0, -0.0, 1000, -1000, 708.5, -708.5, Double.NaN, Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -708, 709};
    for (int k = 0; k < special.length; k++) {
      z[k * 1601 + 5] = special[k];
    }
    siluAndExpGiveTheScalarBits(z, 3, z.length - 3, -0.5);
  }

  /** Uniform in (-1, 1), with the given share of exact zeros. */
  private static double[] random(SplittableRandom r, int n, double zeros) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble() < zeros ? 0.0 : r.nextDouble(-1, 1);
    }
    return a;
  }

  @Test
  void subtractRowMaximaGivesTheScalarBitsIncludingZerosAndNaN() {
    // by hand: rows {1, 3, 2}, {-0, +0, -1} and {1, NaN, 2}; -0 - 0 = -0, +0 - 0 = +0, and a NaN row is all NaN
    double nan = Double.NaN;
    double[] v = {1, 3, 2, -0, 0, -1, 1, nan, 2};
    for (DenseKernels k : Kernels.available()) {
      double[] max = new double[3];
      double[] out = new double[9];
      k.subtractRowMaxima(v, 3, 3, max, out);
      assertArrayEquals(new double[] {3, 0, nan}, max, k.name());
      assertArrayEquals(new double[] {-2, 0, -1, -0, 0, -1, nan, nan, nan}, out, k.name());
    }
    // odd widths, a row of equal entries, -0 and +0 across lanes; in place as the softmax calls it
    SplittableRandom r = new SplittableRandom(11);
    for (int width : new int[] {1, 2, 3, 4, 7, 8, 9, 16, 17, 24, 59, 64, 65}) {
      int rows = 5;
      double[] x = new double[rows * width];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextDouble(-30, 30);
      }
      java.util.Arrays.fill(x, width, 2 * width, 0);
      for (int i = width; i < 2 * width; i += 3) {
        x[i] = -0;
      }
      java.util.Arrays.fill(x, 2 * width, 3 * width, -7);
      double[] max = new double[rows];
      double[] out = new double[x.length];
      ScalarKernels.INSTANCE.subtractRowMaxima(x, rows, width, max, out);
      for (DenseKernels k : Kernels.available()) {
        double[] maxK = new double[rows];
        double[] inPlace = x.clone();
        k.subtractRowMaxima(inPlace, rows, width, maxK, inPlace);
        assertArrayEquals(max, maxK, k.name() + " width " + width);
        assertArrayEquals(out, inPlace, k.name() + " width " + width);
      }
    }
  }

  @Test
  void addScaledIsElementwiseInEveryImplementation() {
    // by hand: 1 + 0.5 * 3 = 2.5, and -0 + 2 * -0 stays -0; outside [yo, yo + n) untouched
    for (DenseKernels k : Kernels.available()) {
      double[] y = {7, 1, -0, 7};
      k.addScaled(0.5, new double[] {3}, 0, y, 1, 1);
      k.addScaled(2, new double[] {-0}, 0, y, 2, 1);
      assertArrayEquals(new double[] {7, 2.5, -0, 7}, y, k.name());
    }
    // odd lengths and offsets, against the scalar loop bit for bit
    SplittableRandom r = new SplittableRandom(5);
    for (int n : new int[] {1, 3, 7, 8, 31, 32, 33, 50, 101}) {
      double[] x = new double[n + 9];
      double[] y = new double[n + 9];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextDouble(-3, 3);
        y[i] = r.nextDouble(-3, 3);
      }
      double a = r.nextDouble(-2, 2);
      double[] expected = y.clone();
      ScalarKernels.INSTANCE.addScaled(a, x, 2, expected, 5, n);
      for (DenseKernels k : Kernels.available()) {
        double[] yk = y.clone();
        k.addScaled(a, x, 2, yk, 5, n);
        assertArrayEquals(expected, yk, k.name() + " n=" + n);
      }
    }
  }

  @Test
  void tableRowsAreAddedAndSummedByHandAndAlikeInEveryImplementation() {
    // by hand: rows of width 2; y = base + t[r0[b]] + u[r1[b]], then t[rows[b]] += x[b] in the order of b
    for (DenseKernels k : Kernels.available()) {
      double[] t = {1, 2, 10, 20, 100, 200};
      double[] u = {0.25, 0.5, 1000, 3000};
      double[] y = new double[4];
      k.addTableRows(new double[] {9, 0.5, -1}, 1, new double[][] {t, u}, new int[][] {{2, 0}, {1, 0}}, 2, 2, y);
      assertArrayEquals(new double[] {1100.5, 3199, 1.75, 1.5}, y, k.name());
      double[] x = {1, 2, 3, 4, 0.25, -0.5};
      k.sumIntoTableRows(x, new int[] {2, 0, 2}, 3, 2, t);
      assertArrayEquals(new double[] {4, 6, 10, 20, 101.25, 201.5}, t, k.name());
    }
    // widths around whole vectors, repeated and unused rows, one to three tables, against the scalar
    // loops bit for bit: the order of the additions shows, 1e16 + 1 + 1 is not 1e16 + (1 + 1)
    SplittableRandom r = new SplittableRandom(23);
    for (int n : new int[] {1, 5, 7, 8, 9, 16, 31, 32, 50, 59}) {
      int vocab = 7;
      int count = 40;
      int folds = 1 + n % 3;
      double[][] tables = new double[folds][vocab * n];
      int[][] rows = new int[folds][count];
      double[] x = new double[count * n];
      double[] base = new double[n + 3];
      for (int f = 0; f < folds; f++) {
        for (int i = 0; i < tables[f].length; i++) {
          tables[f][i] = i % 5 == 0 ? 1e16 : i % 5 == 1 ? 1 : r.nextDouble(-3, 3);
        }
        for (int b = 0; b < count; b++) {
          rows[f][b] = r.nextInt(vocab - 1); // the last row never named: left as it was
        }
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 3 == 0 ? 1 : r.nextDouble(-3, 3);
      }
      for (int i = 0; i < base.length; i++) {
        base[i] = i % 2 == 0 ? 1 : r.nextDouble(-3, 3);
      }
      double[] yExpected = new double[count * n];
      double[] tExpected = tables[0].clone();
      ScalarKernels.INSTANCE.addTableRows(base, 3, tables, rows, count, n, yExpected);
      ScalarKernels.INSTANCE.sumIntoTableRows(x, rows[0], count, n, tExpected);
      for (DenseKernels k : Kernels.available()) {
        double[] y = new double[count * n];
        double[] tk = tables[0].clone();
        k.addTableRows(base, 3, tables, rows, count, n, y);
        k.sumIntoTableRows(x, rows[0], count, n, tk);
        assertArrayEquals(yExpected, y, k.name() + " gathered rows, n=" + n);
        assertArrayEquals(tExpected, tk, k.name() + " summed rows, n=" + n);
      }
    }
  }

  @Test
  void weightedRowsAreAddedByHandSkippingZerosAndAlikeInEveryImplementation() {
    // by hand: y[0] = {1, 1} + 2 {1, 2} + 0 {inf, inf} (skipped, not NaN) + -1 {3, 5} = {0, 0};
    // y[1] = {0, 0} + 0.5 {1, 2} + 0 ... + 1 {3, 5} = {3.5, 6}; w's rows two apart from offset 1
    for (DenseKernels k : Kernels.available()) {
      double[] w = {9, 1, 2, 9, inf(), inf(), 9, 3, 5};
      double[] y = {7, 1, 1, 0, 0};
      k.addWeightedRows(2, 3, 2, new double[] {2, 0, -1, 0.5, 0, 1}, w, 1, 3, y, 1);
      assertArrayEquals(new double[] {7, 0, 0, 3.5, 6}, y, k.name());
    }
    SplittableRandom r = new SplittableRandom(29);
    for (int n : new int[] {1, 7, 8, 9, 31, 32, 33, 40, 65}) {
      int count = 5;
      int kk = 13;
      int wStride = n + 4;
      double[] g = new double[count * kk];
      double[] w = new double[2 + kk * wStride];
      double[] y = new double[3 + count * n];
      for (int i = 0; i < g.length; i++) {
        g[i] = i % 7 == 0 ? 0 : r.nextDouble(-2, 2);
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = r.nextDouble(-3, 3);
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = r.nextDouble(-3, 3);
      }
      double[] expected = y.clone();
      ScalarKernels.INSTANCE.addWeightedRows(count, kk, n, g, w, 2, wStride, expected, 3);
      for (DenseKernels k : Kernels.available()) {
        double[] yk = y.clone();
        k.addWeightedRows(count, kk, n, g, w, 2, wStride, yk, 3);
        assertArrayEquals(expected, yk, k.name() + " n=" + n);
      }
    }
  }

  @Test
  void biasGradientsAreTheScalarSumsAtEveryWidth() {
    // every width from 1 to 70 outputs: whole vectors, a last vector overlapping the one before, more
    // than eight vectors (passes of eight from the end); the chains start from g's own values
    SplittableRandom r = new SplittableRandom(31);
    for (int nOut = 1; nOut <= 70; nOut++) {
      int batch = 1 + r.nextInt(40);
      double[] dz = new double[batch * nOut];
      double[] g = new double[nOut + 6];
      for (int i = 0; i < dz.length; i++) {
        dz[i] = i % 4 == 0 ? 1e-17 : r.nextDouble(-1, 1);
      }
      for (int i = 0; i < g.length; i++) {
        g[i] = r.nextDouble(-1, 1);
      }
      double[] expected = g.clone();
      ScalarKernels.INSTANCE.biasGradient(batch, nOut, dz, expected, 3);
      for (DenseKernels k : Kernels.available()) {
        double[] gk = g.clone();
        k.biasGradient(batch, nOut, dz, gk, 3);
        assertArrayEquals(expected, gk, k.name() + " nOut=" + nOut);
      }
    }
  }

  private static double inf() {
    return Double.POSITIVE_INFINITY;
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
      double[] dz = new double[batch * nOut];
      for (int i = 0; i < dz.length; i++) {
        dz[i] = i == pos ? 0 : (double) r.nextDouble(0.5, 1);
      }
      double[] x = new double[batch * nIn];
      double[] p = new double[nOut * nIn + nOut];
      for (int i = 0; i < x.length; i++) {
        x[i] = i / nIn == pos / nOut ? Double.POSITIVE_INFINITY : (double) r.nextDouble(-1, 1);
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = i / nIn == pos % nOut && i < nOut * nIn ? Double.POSITIVE_INFINITY : (double) r.nextDouble(-1, 1);
      }
      double[] g = new double[p.length];
      double[] dx = new double[x.length];
      ScalarKernels.INSTANCE.weightGradient(batch, nIn, nOut, x, dz, g, 0, nOut * nIn);
      ScalarKernels.INSTANCE.inputGradient(batch, nIn, nOut, dz, p, 0, dx);
      assertTrue(!Double.isNaN(g[(pos % nOut) * nIn]), "the reference skipped the zero");
      for (DenseKernels k : Kernels.available()) {
        double[] gk = new double[p.length];
        double[] dxk = new double[x.length];
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
    for (DenseKernels k : Kernels.available()) {
      double[] g = {9, 1, -0, 1, 1, 1, 9};
      double[] p = {9, -7, 0, -0, Double.NaN, Double.MIN_VALUE, 9};
      k.addSignScaled(new double[] {2, 3, 4, 5, 0.5}, p, 1, g);
      assertArrayEquals(new double[] {9, -1, 0, 1, Double.NaN, 1.5, 9}, g, k.name());
    }
    // odd lengths, offsets, zeros, NaN and infinities among the parameters, against the scalar loop bit for bit
    SplittableRandom r = new SplittableRandom(6);
    double[] special = {0.0, -0.0, Double.NaN, Double.MIN_VALUE, -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int n : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 33, 80, 400}) {
      double[] c = new double[n];
      double[] p = new double[n + 5];
      double[] g = new double[n + 5];
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (double) r.nextDouble(-1, 1);
        g[i] = (double) r.nextDouble(-1, 1);
      }
      for (int i = 0; i < n; i++) {
        c[i] = (double) r.nextDouble(0, 1e-2);
      }
      double[] expected = g.clone();
      ScalarKernels.INSTANCE.addSignScaled(c, p, 3, expected);
      for (DenseKernels k : Kernels.available()) {
        double[] gk = g.clone();
        k.addSignScaled(c, p, 3, gk);
        assertArrayEquals(expected, gk, k.name() + " n=" + n);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"independence", "two_moons", "compositionality", "permutation_group"})
  void aTrainingRunGivesTheSameBitsWithEveryImplementation(String task) {
    TrialConfig c = Presets.config(task, Map.of("steps", 120, "swap_interval", 40, "batch_size", 0)).effective();
    Problem problem = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(problem.architecture(), s.seed());
    TrainingResult[] scalar = new TrainingResult[1];
    Dense.withKernels(ScalarKernels.INSTANCE, () -> scalar[0] = new Trainer().train(problem, s, init));
    assertTrue(scalar[0].swaps() > 0, "the run swaps neurons");
    for (DenseKernels k : Kernels.available()) {
      TrainingResult[] run = new TrainingResult[1];
      Dense.withKernels(k, () -> run[0] = new Trainer().train(problem, s, init));
      assertArrayEquals(scalar[0].network().parameters(), run[0].network().parameters(), task + " with " + k.name());
      assertArrayEquals(scalar[0].network().inputPermutation(), run[0].network().inputPermutation());
      assertEquals(scalar[0].testLoss(), run[0].testLoss(), 0.0);
      assertEquals(scalar[0].swaps(), run[0].swaps());
    }
  }

  @Test
  void freshJvmsWithEachVectorWidthTheScalarLoopsOrNoVectorApiPrintTheSameDigest() throws Exception {
    Map<String, String> digests = new java.util.LinkedHashMap<>();
    for (String kernels : new String[] {"scalar", "vector64", "vector128", "vector256", "vector512", "none"}) {
      List<String> cmd = new java.util.ArrayList<>(List.of(
          java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto"));
      if (!kernels.equals("none")) {
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dbimt.kernels=" + kernels));
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelFingerprint.class.getName()));
      Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, proc.waitFor(), kernels + ": " + out);
      String line = out.lines().filter(l -> l.matches("(scalar|vector\\d+) [0-9a-f]{64}")).findFirst()
          .orElseThrow(() -> new AssertionError(kernels + " printed no digest: " + out));
      String[] parts = line.split(" ");
      assertEquals(kernels.equals("none") ? "scalar" : kernels, parts[0], "the JVM ran the kernels asked for");
      digests.put(kernels, parts[1]);
    }
    assertEquals(1, new java.util.HashSet<>(digests.values()).size(), "digests per kernels: " + digests);
    // a wrong choice is named and the default kernels run, whose digest the loop above checked (the
    // JVM prints only its kernels' name: a digest run is a few seconds of JIT warm-up per JVM)
    for (String wrong : new String[] {"avx", "vector96"}) {
      Process proc = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-modules", "jdk.incubator.vector", "-Dbimt.kernels=" + wrong, "-cp", System.getProperty("java.class.path"),
          KernelFingerprint.class.getName(), "--name").redirectErrorStream(true).start();
      String out = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, proc.waitFor(), out);
      String standard = Kernels.standard().name(); // this JVM's default: it too has the Vector API module
      assertTrue(out.contains("bimt: ignoring -Dbimt.kernels=" + wrong + ": "), out);
      assertTrue(out.contains("; using " + standard), out);
      assertTrue(out.lines().anyMatch(l -> l.equals(standard)), out);
      assertTrue(digests.containsKey(standard), "the loop above ran the default kernels: " + digests.keySet());
    }
  }

  @Test
  void aJvmComputingFmaInSoftwareWarnsAndGivesTheSameBits() throws Exception {
    Map<String, String> digests = new java.util.LinkedHashMap<>();
    for (String fma : new String[] {"-XX:+UseFMA", "-XX:-UseFMA"}) {
      for (String kernels : new String[] {"scalar", "vector"}) {
        Process proc = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            fma, "--add-modules", "jdk.incubator.vector", "-Dbimt.kernels=" + kernels, "-cp",
            System.getProperty("java.class.path"), KernelFingerprint.class.getName(), "--products")
            .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        boolean software = fma.equals("-XX:-UseFMA") || Boolean.FALSE.equals(Kernels.hardwareFma());
        assertEquals(software, out.contains("bimt: this processor has no fused multiply-add instruction"), fma + ": " + out);
        digests.put(fma + " " + kernels, out.lines().filter(l -> l.matches("(scalar|vector\\d+) [0-9a-f]{64}"))
            .findFirst().orElseThrow(() -> new AssertionError(fma + " printed no digest: " + out)).split(" ")[1]);
      }
    }
    assertEquals(1, new java.util.HashSet<>(digests.values()).size(), "digests: " + digests);
  }

  @Test
  void theDefaultFloat64VectorIsTheMachinesWidestAndTheWideKernelsShareIt() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorApiPresent());
    int preferred = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    assertEquals(preferred, VectorKernels.defaultSpecies().vectorBitSize());
    assertEquals(VectorKernels.S.length(), WideKernels.L, "one double species per JVM");
    assertEquals(VectorKernels.defaultSpecies(), VectorKernels.species("vector"));
  }

  @Test
  void anUnknownOrImpossibleChoiceIsRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> Kernels.choose("avx"));
    assertTrue(e.getMessage().contains("unknown kernels 'avx'"), e.getMessage());
    var bits = assertThrows(IllegalArgumentException.class, () -> Kernels.choose("vector96"));
    assertTrue(bits.getMessage().contains("96 bits"), bits.getMessage());
    String other = Kernels.standard().name().equals("vector128") ? "vector256" : "vector128";
    var width = assertThrows(IllegalArgumentException.class, () -> Kernels.choose(other));
    assertTrue(width.getMessage().contains("start it with -Dbimt.kernels=" + other), width.getMessage());
    assertEquals("scalar", Kernels.choose("Scalar").name());
  }
}
