package io.bimtsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every preset's canonical configuration, pinned: presets/*.yaml must say exactly what the notebooks'
 * settings were when they were positional Java constructors (the golden file was generated from
 * that code), so trial ids, and with them resumable result folders, do not move. To regenerate after
 * an intended change: run {@link #main} and replace src/test/resources/presets-golden.tsv.
 */
class PresetsGoldenTest {

  static Map<String, String> current() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String t : List.of("independence", "feature_sharing", "compositionality", "two_moons", "modular_addition",
        "permutation_group", "mnist", "fashion_mnist", "in_context_regression")) {
      m.put(t, Presets.preset(t, Map.of()).canonicalJson());
    }
    m.put("modular_addition{modulus=31}", Presets.config("modular_addition",
        Map.of("task_options", Map.of("modulus", 31))).canonicalJson());
    m.put("formula{outputs=[x1*x2, sin(pi*x3)]}", Presets.config("formula",
        Map.of("task_options", Map.of("outputs", List.of("x1*x2", "sin(pi*x3)")))).canonicalJson());
    return m;
  }

  @Test
  void presetsAreExactlyTheGoldenConfigurations() throws IOException {
    Map<String, String> golden = new LinkedHashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/presets-golden.tsv")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(l -> {
        String[] kv = l.split("\t", 2);
        golden.put(kv[0], kv[1]);
      });
    }
    assertEquals(golden.keySet(), current().keySet());
    current().forEach((k, v) -> assertEquals(golden.get(k), v, k));
  }

  public static void main(String[] args) {
    current().forEach((k, v) -> System.out.println(k + "\t" + v));
  }
}
