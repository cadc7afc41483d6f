package io.bimtsweep.core.train;

import static io.bimtsweep.core.Checks.check;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Where a run stopped, with everything needed to go on as if it never had: the parameters and the
 * swaps' permutations, AdamW's moments and step count, the next step, the history so far, the
 * swap count, and seRNN's communicability weights when they are in use. The mini-batch sampler's
 * state is not stored: it is replayed from the seed for {@code step} draws (a few milliseconds),
 * which is exact by construction. Resuming gives the same bits as an uninterrupted run.
 *
 * @param identity a fingerprint of the configuration that made it (a resume with another one is refused)
 * @param communicability seRNN's weights per layer as of the last recomputation, or null
 * @param seconds training time so far (for the record, not for the bits)
 */
public record TrainingCheckpoint(String identity, int step, double[] parameters, int[] inputPermutation,
    int[] outputPermutation, double[] adamM, double[] adamV, int adamT, int[] historySteps, double[] historyLoss,
    double[] historyCost, int swaps, double swapSeconds, double seconds, double[][] communicability) {

  private static final int MAGIC = 0x42494d43; // "BIMC"
  private static final int VERSION = 1;

  /** Writes the checkpoint in a small binary format (big-endian, versioned). */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(identity);
    out.writeInt(step);
    doubles(out, parameters);
    ints(out, inputPermutation);
    ints(out, outputPermutation);
    doubles(out, adamM);
    doubles(out, adamV);
    out.writeInt(adamT);
    ints(out, historySteps);
    doubles(out, historyLoss);
    doubles(out, historyCost);
    out.writeInt(swaps);
    out.writeDouble(swapSeconds);
    out.writeDouble(seconds);
    out.writeInt(communicability == null ? -1 : communicability.length);
    if (communicability != null) {
      for (double[] c : communicability) {
        doubles(out, c);
      }
    }
  }

  public static TrainingCheckpoint read(DataInputStream in) throws IOException {
    check(in.readInt() == MAGIC, "not a bimt training checkpoint");
    int v = in.readInt();
    check(v == VERSION, "checkpoint format %d, this build reads %d", v, VERSION);
    String identity = in.readUTF();
    int step = in.readInt();
    double[] p = doubles(in);
    int[] ip = ints(in);
    int[] op = ints(in);
    double[] m = doubles(in);
    double[] vv = doubles(in);
    int t = in.readInt();
    int[] hs = ints(in);
    double[] hl = doubles(in);
    double[] hc = doubles(in);
    int swaps = in.readInt();
    double swapSeconds = in.readDouble();
    double seconds = in.readDouble();
    int layers = in.readInt();
    double[][] c = null;
    if (layers >= 0) {
      c = new double[layers][];
      for (int i = 0; i < layers; i++) {
        c[i] = doubles(in);
      }
    }
    return new TrainingCheckpoint(identity, step, p, ip, op, m, vv, t, hs, hl, hc, swaps, swapSeconds, seconds, c);
  }

  private static void doubles(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (double x : a) {
        out.writeDouble(x);
      }
    }
  }

  private static double[] doubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  private static void ints(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int x : a) {
      out.writeInt(x);
    }
  }

  private static int[] ints(DataInputStream in) throws IOException {
    int[] a = new int[in.readInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt();
    }
    return a;
  }
}
