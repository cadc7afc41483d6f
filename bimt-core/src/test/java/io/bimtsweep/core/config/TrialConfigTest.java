package io.bimtsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.run.TrialSetup;
import io.bimtsweep.core.run.TrialExecutor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialConfigTest {

  @Test
  void presetsFollowTheNotebooks() {
    TrialConfig ind = Presets.preset("independence", Map.of());
    assertEquals(List.of(4, 20, 20, 2), ind.widths());
    assertEquals(20000, ind.steps());
    assertEquals(0.1, ind.layerDistance());
    assertEquals(1e-2, ind.lambdaSchedule().valueAt(5000, 20000), 1e-18);
    TrialConfig ma = Presets.preset("modular_addition", Map.of());
    assertEquals(List.of(64, 50, 50, 59), ma.widths());
    assertEquals(2.0, ma.layoutWidth());
    assertEquals(30, ma.topK());
    assertEquals(List.of(64, 50, 50, 31), Presets.config("modular_addition", Map.of("task_options", Map.of("modulus", 31))).widths());
    assertEquals(List.of(64, 50, 50, 6), Presets.config("permutation_group", Map.of("task_options", Map.of("n", 3))).widths());
  }

  @Test
  void overridesAreConvertedFromTextAndYamlValues() {
    TrialConfig c = Presets.config("independence", Map.of("steps", "500", "norm", "l2", "swap_interval", "never",
        "widths", "[4, 8, 2]", "lambda", 0.01));
    assertEquals(500, c.steps());
    assertEquals(DistanceNorm.L2, c.norm());
    assertEquals(0, c.swapInterval());
    assertEquals(List.of(4, 8, 2), c.widths());
    assertEquals(0.1, c.lambdaSchedule().valueAt(5000, 20000), 1e-18);
  }

  @Test
  void modesSwitchPartsOff() {
    TrialConfig base = Presets.config("independence", Map.of());
    assertEquals(0.0, base.with("mode", "none").effective().lambda());
    assertEquals(0, base.with("mode", "none").effective().swapInterval());
    assertEquals(0.0, base.with("mode", "l1").effective().layoutWidth());
    assertEquals(0, base.with("mode", "l1_local").effective().swapInterval());
    assertEquals(1.0, base.with("mode", "l1_local").effective().layoutWidth());
    assertEquals(200, base.with("mode", "l1_swap").effective().swapInterval());
    assertEquals(0.0, base.with("mode", "l1_swap").effective().layoutWidth());
    assertEquals(base, base.effective());
  }

  @Test
  void canonicalTextAndTrialIdsAreStableAndDistinguishSettings() {
    TrialConfig a = Presets.config("independence", Map.of("steps", 100));
    TrialConfig b = Presets.config("independence", Map.of("steps", "100"));
    assertEquals(a.canonicalJson(), b.canonicalJson());
    assertEquals(TrialIds.of(a), TrialIds.of(b));
    assertEquals(16, TrialIds.of(a).length());
    assertNotEquals(TrialIds.of(a), TrialIds.of(a.with("seed", 1)));
    assertNotEquals(TrialIds.of(a), TrialIds.of(a.with("norm", "L2")));
    assertEquals(a, TrialConfig.of(a.toMap()));
  }

  /**
   * canonicalJson writes its text itself (a million-trial sweep hashes it twice per trial); it must
   * stay byte for byte what Jackson writes for the sorted map of every setting, or trial ids change.
   */
  @Test
  void canonicalTextIsJacksonsSortedMapForSeededRandomConfigurations() {
    java.util.Random r = new java.util.Random(7);
    String[] tasks = {"independence", "modular_addition", "two_moons", "formula"};
    for (int i = 0; i < 300; i++) {
      Map<String, Object> o = new java.util.LinkedHashMap<>();
      o.put("seed", r.nextLong() & Long.MAX_VALUE);
      o.put("lambda", Math.pow(10, -1 - 4 * r.nextDouble()));
      o.put("layout_width", List.of(0.25, 0.5, 1.0, 2.0, 3.7).get(r.nextInt(5)));
      o.put("norm", r.nextBoolean() ? "L1" : "L2");
      o.put("swap_interval", List.of("never", 50, 200).get(r.nextInt(3)));
      o.put("mode", List.of("bimt", "none", "l1", "l1_local", "l1_swap").get(r.nextInt(5)));
      if (r.nextBoolean()) {
        o.put("regularizer", "sernn");
        o.put("communicability_interval", 1 + r.nextInt(20));
      }
      if (r.nextInt(4) == 0) {
        o.put("lambda_schedule", "1e-3, x10@25%, x0.1@75%");
      }
      String task = tasks[r.nextInt(tasks.length)];
      if (task.equals("formula")) {
        o.put("task_options", Map.of("outputs", List.of("x1*x2", "sin(pi*x3)"), "n_train", 64));
      }
      TrialConfig c = Presets.config(task, o);
      Map<String, Object> sorted = new java.util.TreeMap<>(c.toMap());
      for (Setting<?> s : Setting.all()) {
        if (s.addedWithDefault() != null && s.addedWithDefault().equals(c.get(s))) {
          sorted.remove(s.key());
        }
      }
      assertEquals(Json.canonical(sorted), c.canonicalJson(), "configuration " + i);
      String[] around = c.canonicalJsonAround(Setting.SEED);
      assertEquals(c.canonicalJson(), around[0] + c.seed() + around[1]);
    }
  }

  @Test
  void badInputGetsOneSpecificSentence() {
    assertEquals("unknown task 'indepedence' (known tasks: independence, feature_sharing, compositionality, two_moons, "
            + "modular_addition, permutation_group, formula, mnist, fashion_mnist, in_context_regression)",
        assertThrows(IllegalArgumentException.class, () -> Presets.config("indepedence", Map.of())).getMessage());
    assertEquals("negative lambda: lambda must be a finite number >= 0, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> Presets.config("independence", Map.of("lambda", -0.1))).getMessage());
    assertEquals("setting 'steps' expects an integer, got 'many'",
        assertThrows(IllegalArgumentException.class, () -> Presets.config("independence", Map.of("steps", "many"))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Presets.config("independence", Map.of("stepz", 5)),
        "unknown setting");
    assertEquals("task 'modular_addition' has no option 'modulo' (its options: modulus, train_fraction)",
        assertThrows(IllegalArgumentException.class,
            () -> Presets.config("modular_addition", Map.of("task_options", Map.of("modulo", 7)))).getMessage());
    assertEquals("unknown norm 'L3': expected L1 or L2",
        assertThrows(IllegalArgumentException.class, () -> Presets.config("independence", Map.of("norm", "L3"))).getMessage());
  }

  @Test
  void inconsistentWidthsAreNamed() {
    var c = Presets.config("independence", Map.of("widths", "[3, 20, 2]"));
    var e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.train(c));
    assertEquals("inconsistent widths: the data has 4 inputs but the network's input layer has 3", e.getMessage());
    var m = Presets.config("modular_addition", Map.of("widths", "[60, 50, 59]"));
    assertEquals("inconsistent widths: input width 60 but 2 tokens x embedding_dim 32 = 64",
        assertThrows(IllegalArgumentException.class, () -> TrialSetup.train(m)).getMessage());
  }

  @Test
  void settingsAreTypedKeys() {
    TrialConfig c = Presets.config("independence", Map.of());
    Integer s = c.get(Setting.SWAP_INTERVAL);
    assertEquals(200, s);
    TrialConfig d = c.with(Setting.SWAP_INTERVAL, 50).with(Setting.NORM, DistanceNorm.L2);
    assertEquals(50, d.swapInterval());
    assertEquals(DistanceNorm.L2, d.get(Setting.NORM));
    assertEquals(200, c.swapInterval(), "immutable: the original is unchanged");
    assertEquals("swap_interval must be >= 0 (0 = never), got -1",
        assertThrows(IllegalArgumentException.class, () -> c.with(Setting.SWAP_INTERVAL, -1)).getMessage());
    // lambda is the schedule's initial value: setting it rescales the schedule
    TrialConfig l = c.with(Setting.LAMBDA, 0.01);
    assertEquals(0.01, l.lambda());
    assertEquals(0.1, l.lambdaSchedule().valueAt(5000, 20000), 1e-18);
    // every setting round-trips through its plain form
    assertEquals(c, TrialConfig.of(c.toMap()));
    for (Setting<?> k : Setting.all()) {
      assertEquals(c.plain(k), TrialConfig.of(c.toMap()).plain(k), k.key());
    }
  }

  @Test
  void presetWidthsFollowTheTaskAndTheEmbedding() {
    assertEquals(List.of(32, 50, 50, 59), Presets.config("modular_addition", Map.of("embedding_dim", 16)).widths());
    assertEquals(List.of(2, 20, 20, 1), Presets.config("formula",
        Map.of("task_options", Map.of("outputs", List.of("x1*x2")))).widths(), "widths follow the formula's variables");
  }

  /**
   * Settings added after ids were first handed out (regularizer, communicability_interval) leave
   * the canonical text, and so every existing trial id, unchanged at their defaults; a configuration
   * written before they existed reads with the defaults; any other value is part of the id.
   */
  @Test
  void settingsAddedLaterKeepOldIdsAndReadOldConfigurations() {
    TrialConfig c = Presets.config("independence", Map.of());
    assertEquals(io.bimtsweep.core.cost.Regularizer.BIMT, c.regularizer());
    assertEquals(false, c.canonicalJson().contains("regularizer"));
    assertEquals(false, c.canonicalJson().contains("communicability_interval"));
    java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(c.toMap());
    old.remove("regularizer");
    old.remove("communicability_interval");
    assertEquals(c, TrialConfig.of(old));
    TrialConfig s = c.with("regularizer", "sernn");
    assertEquals(true, s.canonicalJson().contains("\"regularizer\":\"sernn\""));
    assertNotEquals(TrialIds.of(c), TrialIds.of(s));
    assertNotEquals(TrialIds.of(s), TrialIds.of(s.with("communicability_interval", 50)));
    assertEquals("unknown regularizer 'l3': expected bimt or sernn",
        assertThrows(IllegalArgumentException.class, () -> c.with("regularizer", "l3")).getMessage());
  }
}
