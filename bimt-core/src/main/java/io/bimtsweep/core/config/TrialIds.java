package io.bimtsweep.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Trial ids: the same settings and code version always give the same id, on any machine. */
public final class TrialIds {
  private TrialIds() {}

  /** sha256 of the canonical configuration (as configured, not effective) and the code version, first 16 hex digits. */
  public static String of(TrialConfig config) {
    return hash(config.canonicalJson() + "\n" + Provenance.codeVersion());
  }

  /**
   * The id of the configuration whose canonical text is before + seed + after, from the texts'
   * UTF-8 bytes: equal to {@link #of} of it, without building the text (a sweep's hot loop).
   */
  public static String ofCanonicalAround(byte[] before, long seed, byte[] after) {
    MessageDigest md = SHA256.get();
    md.update(before);
    md.update(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
    md.update(after);
    md.update(("\n" + Provenance.codeVersion()).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest(), 0, 8);
  }

  /** {@link #hash} of prefix + the text whose UTF-8 bytes are given. */
  public static String hash(String prefix, byte[] rest) {
    MessageDigest md = SHA256.get();
    md.update(prefix.getBytes(StandardCharsets.UTF_8));
    md.update(rest);
    return HexFormat.of().formatHex(md.digest(), 0, 8);
  }

  /** The first 16 hex digits of the text's sha256. */
  public static String hash(String text) {
    byte[] d = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 8);
  }

  /** One digest per thread: looking the algorithm up costs more than hashing a configuration. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });
}
