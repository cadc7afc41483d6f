package io.bimtsweep.core.train;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Run in a fresh JVM by {@link DenseKernelsTest}: prints the kernels this JVM uses and a SHA-256 of
 * the bits of products on odd shapes and of networks after short training runs with swaps, in
 * float64 and float32. JVMs
 * started with different kernels must print the same digest. {@code --products}: the products
 * only (a JVM computing Math.fma in software takes minutes over the training runs).
 */
public final class KernelFingerprint {
  private KernelFingerprint() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--name")) { // which kernels this JVM chose, without the digest's runs
      System.out.println(Kernels.standard().name());
      return;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 60; trial++) {
      int batch = 1 + r.nextInt(11);
      int nIn = 1 + r.nextInt(37);
      int nOut = 1 + r.nextInt(37);
      double[] p = r.doubles(nIn * nOut + nOut, -1, 1).toArray();
      double[] x = r.doubles((long) batch * nIn, -1, 1).toArray();
      double[] dz = r.doubles((long) batch * nOut, -1, 1).map(v -> Math.abs(v) < 0.3 ? 0 : v).toArray();
      double[] z = new double[batch * nOut];
      double[] g = new double[p.length];
      double[] dx = new double[batch * nIn];
      Dense.forward(batch, nIn, nOut, x, p, 0, nIn * nOut, z);
      Dense.weightGradient(batch, nIn, nOut, x, dz, g, 0, nIn * nOut);
      Dense.inputGradient(batch, nIn, nOut, dz, p, 0, dx);
      double[] act = new double[z.length];
      double[] slope = new double[z.length];
      Dense.silu(z, act, slope, z.length);
      double[] ex = new double[dx.length];
      Dense.expShifted(dx, 0, dx.length, 0.5, ex);
      for (double[] a : new double[][] {z, g, dx, act, slope, ex}) {
        add(sha, a);
      }
    }
    for (int trial = 0; trial < 60; trial++) { // the same products in float32
      int batch = 1 + r.nextInt(11);
      int nIn = 1 + r.nextInt(37);
      int nOut = 1 + r.nextInt(37);
      float[] p = floats(r, nIn * nOut + nOut, 0);
      float[] x = floats(r, batch * nIn, 0);
      float[] dz = floats(r, batch * nOut, 0.3);
      float[] z = new float[batch * nOut];
      float[] g = new float[p.length];
      float[] dx = new float[batch * nIn];
      Dense32.forward(batch, nIn, nOut, x, p, 0, nIn * nOut, z);
      Dense32.weightGradient(batch, nIn, nOut, x, dz, g, 0, nIn * nOut);
      Dense32.inputGradient(batch, nIn, nOut, dz, p, 0, dx);
      float[] act = new float[z.length];
      float[] slope = new float[z.length];
      Dense32.silu(z, act, slope, z.length);
      float[] ex = new float[dx.length];
      Dense32.expShifted(dx, 0, dx.length, 0.5f, ex);
      for (float[] a : new float[][] {z, g, dx, act, slope, ex}) {
        add(sha, Numerics.widened(a));
      }
    }
    boolean productsOnly = args.length == 1 && args[0].equals("--products"); // without the training runs
    for (Dtype dtype : productsOnly ? new Dtype[0] : Dtype.values()) {
      for (String task : new String[] {"independence", "two_moons"}) {
        TrialConfig c = Presets.config(task, Map.of("steps", 120, "swap_interval", 40)).effective();
        Problem problem = TrialSetup.problem(c, TrialSetup.data(c));
        TrainingSettings s = TrialSetup.settings(c);
        TrainingResult result = new Trainer(dtype).train(problem, s, Network.initialise(problem.architecture(), s.seed()));
        add(sha, result.network().parameters());
        add(sha, new double[] {result.testLoss(), result.swaps()});
        for (int v : result.network().inputPermutation()) {
          sha.update((byte) v);
        }
      }
    }
    System.out.println(Kernels.standard().name() + " " + HexFormat.of().formatHex(sha.digest()));
  }

  /** Uniform in (-1, 1) rounded to float, with the given share of exact zeros. */
  static float[] floats(SplittableRandom r, int n, double zeros) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble() < zeros ? 0f : (float) r.nextDouble(-1, 1);
    }
    return a;
  }

  private static void add(MessageDigest sha, double[] a) {
    ByteBuffer b = ByteBuffer.allocate(8 * a.length);
    for (double v : a) {
      b.putLong(Double.doubleToRawLongBits(v));
    }
    sha.update(b.array());
  }
}
