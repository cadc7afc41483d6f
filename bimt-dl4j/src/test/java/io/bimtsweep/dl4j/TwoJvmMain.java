package io.bimtsweep.dl4j;

import io.bimtsweep.core.model.Network;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** Trains a small BIMT run with engine dl4j and prints a digest of the network's bits (run in a fresh JVM by TwoJvmTest). */
public final class TwoJvmMain {
  private TwoJvmMain() {}

  static String digest(Network n) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer b = ByteBuffer.allocate(8 * n.parameters().length);
    for (double v : n.parameters()) {
      b.putLong(Double.doubleToRawLongBits(v));
    }
    md.update(b.array());
    for (int p : n.inputPermutation()) {
      md.update((byte) p);
    }
    for (int p : n.outputPermutation()) {
      md.update((byte) p);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static Network run() {
    var s = CrossCheckTest.setup("two_moons", Map.of("steps", 400, "batch_size", 32, "swap_interval", 100));
    return new Dl4jEngine().train(s.problem(), s.settings()).network();
  }

  public static void main(String[] args) throws Exception {
    System.out.println("digest " + digest(run()));
  }
}
