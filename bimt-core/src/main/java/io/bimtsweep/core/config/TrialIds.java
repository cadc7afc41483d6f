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

  /** The first 16 hex digits of the text's sha256. */
  public static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
