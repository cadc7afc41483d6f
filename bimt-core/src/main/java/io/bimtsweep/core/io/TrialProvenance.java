package io.bimtsweep.core.io;

import io.bimtsweep.core.config.Provenance;
import io.bimtsweep.core.engine.Engine;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a trial's result came from, as Tribuo's provenance objects: the code (version and commit),
 * the Java that ran it, the engine with its numeric back end, and the host. Every row carries it.
 *
 * @param codeVersion the bimt-sweep version (part of every trial id)
 * @param gitCommit the commit the code was built from ("-dirty" with uncommitted changes)
 * @param javaVersion version and vendor of the JVM
 * @param engine the engine's name
 * @param engineFacts the engine's own facts (for the Java engine: its BLAS)
 * @param host the machine's name
 */
public record TrialProvenance(String codeVersion, String gitCommit, String javaVersion, String engine,
    Map<String, String> engineFacts, String host) {

  public TrialProvenance {
    engineFacts = Map.copyOf(new TreeMap<>(engineFacts));
  }

  /** The provenance of a trial run here, now, with this engine. */
  public static TrialProvenance current(Engine engine) {
    return new TrialProvenance(Provenance.codeVersion(), Provenance.gitCommit(), Provenance.javaVersion(), engine.name(),
        engine.provenance(), localHost());
  }

  /** The BLAS the engine used, or "none" for an engine that names none. */
  public String blas() {
    return engineFacts.getOrDefault("blas", "none");
  }

  /** The engine's facts other than its BLAS, "key=value" in key order, comma-separated ("" for none). */
  public String engineDetails() {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(engineFacts).forEach((k, v) -> {
      if (!k.equals("blas")) {
        b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v);
      }
    });
    return b.toString();
  }

  private static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
