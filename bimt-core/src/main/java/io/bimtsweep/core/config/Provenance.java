package io.bimtsweep.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Where a result came from: the code's version (part of every trial id), the git commit it was
 * built from, and the Java that ran it.
 */
public final class Provenance {
  private static final Properties BUILD = load();

  private Provenance() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/bimt-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build info: versions read as "unknown"
    }
    return p;
  }

  /** The Maven version; trial ids hash it, so a release that changes numerics changes ids. */
  public static String codeVersion() {
    return clean(BUILD.getProperty("version"));
  }

  /** The commit, with "-dirty" when the build had uncommitted changes; "unknown" outside git. */
  public static String gitCommit() {
    String c = clean(BUILD.getProperty("git.commit"));
    return c.equals("unknown") || !"true".equals(BUILD.getProperty("git.dirty")) ? c : c + "-dirty";
  }

  public static String javaVersion() {
    return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
  }

  private static String clean(String v) {
    return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v.trim();
  }
}
