package io.bimtsweep.core.io;

import io.bimtsweep.core.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A single run's output folder: result.json (every column of the row under its Parquet name,
 * except network_json) and network.json (the trained network, bimt-network/1). Files are written
 * to a temporary name and moved into place, so a crash or a full disk never leaves half a file
 * under the final name.
 */
public final class ResultFiles {
  private ResultFiles() {}

  public static void write(Path dir, TrialRecord r) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    for (var e : r.values().entrySet()) {
      if (e.getKey().equals("network_json")) {
        continue;
      }
      Object v = e.getValue();
      if (v instanceof java.sql.Timestamp t) {
        v = t.toInstant().toString();
      } else if (e.getKey().equals("config_json")) {
        v = Json.MAPPER.readTree((String) v);
        json.put("config_json", v);
        continue;
      }
      json.put(e.getKey(), v);
    }
    Object net = r.get("network_json");
    json.put("network_file", net == null ? null : "network.json");
    atomicWrite(dir.resolve("result.json"), Json.pretty(json) + "\n");
    if (net != null) {
      atomicWrite(dir.resolve("network.json"), (String) net + "\n");
    }
  }

  /**
   * Checks, before any work, that a run's output folder can be written: it is a folder or can be
   * made one (its nearest existing ancestor is a writable folder). Creates nothing.
   */
  public static void checkOutputDir(Path dir) {
    checkOutputDir(dir, "result.json and network.json");
  }

  /** {@link #checkOutputDir(Path)} for a folder that will hold {@code what}, named in the message. */
  public static void checkOutputDir(Path dir, String what) {
    Path d = dir.toAbsolutePath().normalize();
    if (Files.exists(d)) {
      if (!Files.isDirectory(d)) {
        throw new IllegalArgumentException(dir + " exists and is not a folder: give --out a folder for " + what);
      }
      if (!Files.isWritable(d)) {
        throw new IllegalArgumentException(dir + " is not writable");
      }
      return;
    }
    Path p = d.getParent();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
      throw new IllegalArgumentException("cannot create " + dir + ": " + (p == null ? "no existing parent"
          : p + (Files.isDirectory(p) ? " is not writable" : " is not a folder")));
    }
  }

  public static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
