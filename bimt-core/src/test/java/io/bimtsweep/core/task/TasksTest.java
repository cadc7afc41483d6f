package io.bimtsweep.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TasksTest {

  @Test
  void independenceTargetsFollowTheFormula() {
    TaskData d = Tasks.get("independence").generate(Map.of(), 0);
    assertEquals(100, d.train().size());
    assertEquals(100, d.test().size());
    double[] x = d.train().x();
    double[] y = d.train().y();
    for (int i = 0; i < 100; i++) {
      double x1 = x[4 * i], x2 = x[4 * i + 1], x3 = x[4 * i + 2], x4 = x[4 * i + 3];
      assertTrue(Math.abs(x1) <= 1 && Math.abs(x4) <= 1);
      assertEquals(Math.pow(x1 + x3, 3), y[2 * i], 1e-12);
      assertEquals(x2 * x2 + Math.sin(Math.PI * x4), y[2 * i + 1], 1e-12);
    }
  }

  @Test
  void dataIsReproducibleForASeedAndDiffersAcrossSeeds() {
    Task t = Tasks.get("two_moons");
    assertArrayEquals(t.generate(Map.of(), 1).train().x(), t.generate(Map.of(), 1).train().x(), 0);
    assertNotEquals(t.generate(Map.of(), 1).train().x()[0], t.generate(Map.of(), 2).train().x()[0]);
  }

  @Test
  void twoMoonsWithoutNoiseLieOnTheirHalfCircles() {
    TaskData d = Tasks.get("two_moons").generate(Map.of("noise", 0, "n_train", 50), 3);
    int[] count = new int[2];
    for (int i = 0; i < 50; i++) {
      double px = d.train().x()[2 * i], py = d.train().x()[2 * i + 1];
      int l = d.train().labels()[i];
      count[l]++;
      double cx = l == 0 ? 0 : 1, cy = l == 0 ? 0 : 0.5;
      assertEquals(1.0, Math.hypot(px - cx, py - cy), 1e-12);
      assertTrue(l == 0 ? py >= -1e-12 : py <= 0.5 + 1e-12);
    }
    assertArrayEquals(new int[] {25, 25}, count);
  }

  @Test
  void modularAdditionCoversEveryPairOnce() {
    TaskData d = Tasks.get("modular_addition").generate(Map.of("modulus", 7), 4);
    assertEquals(49, d.train().size() + d.test().size());
    assertEquals(39, d.train().size());
    boolean[] seen = new boolean[49];
    for (var split : List.of(d.train(), d.test())) {
      for (int i = 0; i < split.size(); i++) {
        int a = split.tokens()[2 * i], b = split.tokens()[2 * i + 1];
        assertEquals((a + b) % 7, split.labels()[i]);
        seen[a * 7 + b] = true;
      }
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
  }

  @Test
  void permutationGroupComposesInLexicographicOrder() {
    List<int[]> p = TokenPairTask.permutations(3);
    assertEquals(6, p.size());
    assertArrayEquals(new int[] {0, 1, 2}, p.get(0));
    assertArrayEquals(new int[] {0, 2, 1}, p.get(1));
    assertArrayEquals(new int[] {2, 1, 0}, p.get(5));
    TaskData d = Tasks.get("permutation_group").generate(Map.of("n", 3), 1);
    for (int i = 0; i < d.train().size(); i++) {
      int[] p1 = p.get(d.train().tokens()[2 * i]);
      int[] p2 = p.get(d.train().tokens()[2 * i + 1]);
      int[] out = p.get(d.train().labels()[i]);
      for (int k = 0; k < 3; k++) {
        assertEquals(p2[p1[k]], out[k]);
      }
    }
    assertEquals(24, Tasks.get("permutation_group").generate(Map.of(), 1).train().classes());
  }

  @Test
  void userFormulasAreParsedWithInputsInferred() {
    TaskData d = Tasks.get("formula").generate(Map.of("outputs", List.of("x1*x2", "sin(pi*x3)"), "n_train", 10), 5);
    assertEquals(3, d.train().features());
    assertEquals(2, d.train().outputWidth());
    double[] x = d.train().x();
    assertEquals(x[0] * x[1], d.train().y()[0], 1e-15);
    assertEquals(Math.sin(Math.PI * x[2]), d.train().y()[1], 1e-15);
  }

  @Test
  void malformedFormulasAreNamed() {
    Task f = Tasks.get("formula");
    var e = assertThrows(IllegalArgumentException.class, () -> f.generate(Map.of("outputs", List.of("x1*(x2")), 1));
    assertTrue(e.getMessage().startsWith("malformed formula 'x1*(x2'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.generate(Map.of("outputs", List.of("foo(x1)")), 1));
    assertTrue(e.getMessage().startsWith("malformed formula 'foo(x1)'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.generate(Map.of("outputs", List.of("x5"), "inputs", 2), 1));
    assertEquals("formula uses x5 but the task has only 2 inputs", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.generate(Map.of("outputs", List.of("log(x1)")), 1));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.generate(Map.of(), 1));
    assertTrue(e.getMessage().contains("needs the option 'outputs'"));
  }

  /** shared/spec/bimt-method.md, section 9: which inputs each output depends on. */
  @org.junit.jupiter.api.Test
  void groundTruthFollowsTheFormulas() {
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(java.util.Set.of(1, 3), java.util.Set.of(2, 4)),
        Tasks.get("independence").dependencies(java.util.Map.of()));
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(java.util.Set.of(1), java.util.Set.of(1, 2),
        java.util.Set.of(1, 2, 3)), Tasks.get("feature_sharing").dependencies(java.util.Map.of()));
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(java.util.Set.of(1, 2, 3, 4)),
        Tasks.get("compositionality").dependencies(java.util.Map.of()));
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(java.util.Set.of(1, 2), java.util.Set.of(3),
        java.util.Set.of(4, 5, 6)), Tasks.get("formula").dependencies(java.util.Map.of("outputs",
            java.util.List.of("x1*x2", "sin(pi*x3)", "x4+x5^2-x6"))));
    org.junit.jupiter.api.Assertions.assertNull(Tasks.get("modular_addition").dependencies(java.util.Map.of()));
    // x5^2 - x6 | x1*x2 | sin(pi*x3)+x4: three modules, as the spec says
    org.junit.jupiter.api.Assertions.assertEquals(3, io.bimtsweep.core.metrics.StructureRecovery.trueModules(
        Tasks.get("formula").dependencies(java.util.Map.of("outputs",
            java.util.List.of("x1*x2", "sin(pi*x3)+x4", "x5^2-x6")))).size());
  }

  @org.junit.jupiter.api.Test
  void probeQuantitiesAreComputedPerTestExample() {
    TaskData comp = Tasks.get("compositionality").generate(java.util.Map.of(), 3);
    java.util.Map<String, double[]> q = Tasks.get("compositionality").probes(java.util.Map.of(), comp);
    double[] x = comp.test().x();
    org.junit.jupiter.api.Assertions.assertEquals(comp.test().size(), q.get("(x1-x2)^2").length);
    org.junit.jupiter.api.Assertions.assertEquals(Math.pow(x[0] - x[1], 2), q.get("(x1-x2)^2")[0], 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals(Math.pow(x[6] - x[7], 2), q.get("(x3-x4)^2")[1], 1e-15);
    // S3: parity by inversions; the sign of a composition is the product of the signs
    org.junit.jupiter.api.Assertions.assertEquals(1, TokenPairTask.parity(new int[] {0, 1, 2}));
    org.junit.jupiter.api.Assertions.assertEquals(-1, TokenPairTask.parity(new int[] {1, 0, 2}));
    org.junit.jupiter.api.Assertions.assertEquals(1, TokenPairTask.parity(new int[] {1, 2, 0}));
    TaskData s3 = Tasks.get("permutation_group").generate(java.util.Map.of("n", 3), 1);
    double[] sign = Tasks.get("permutation_group").probes(java.util.Map.of("n", 3), s3).get("sign");
    java.util.List<int[]> perms = TokenPairTask.permutations(3);
    int[] tokens = s3.test().tokens();
    for (int i = 0; i < sign.length; i++) {
      int expected = TokenPairTask.parity(perms.get(tokens[2 * i])) * TokenPairTask.parity(perms.get(tokens[2 * i + 1]));
      org.junit.jupiter.api.Assertions.assertEquals(expected, sign[i], "example " + i);
    }
    // user formulas may name their own probe quantities
    java.util.Map<String, Object> opts = java.util.Map.of("outputs", java.util.List.of("x1*x2"), "probes",
        java.util.Map.of("prod", "x1*x2"));
    TaskData f = Tasks.get("formula").generate(opts, 0);
    org.junit.jupiter.api.Assertions.assertEquals(f.test().y()[0], Tasks.get("formula").probes(opts, f).get("prod")[0], 1e-15);
  }

  /** Targets over an extreme range are warned about before training; the paper's formulas are not. */
  @org.junit.jupiter.api.Test
  void extremeTargetsAreWarnedAbout() {
    for (String t : java.util.List.of("independence", "feature_sharing", "compositionality")) {
      org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), Tasks.get(t).generate(java.util.Map.of(), 0)
          .warnings(), t);
    }
    java.util.Map<String, Object> opts = java.util.Map.of("outputs", java.util.List.of("1/x1", "x2^2", "exp(100*x1)"));
    java.util.List<String> w = Tasks.get("formula").generate(opts, 0).warnings();
    org.junit.jupiter.api.Assertions.assertEquals(2, w.size(), w.toString());
    org.junit.jupiter.api.Assertions.assertTrue(w.get(0).startsWith("formula '1/x1' has targets up to |y| = "), w.get(0));
    org.junit.jupiter.api.Assertions.assertTrue(w.get(1).startsWith("formula 'exp(100*x1)' has targets up to "), w.get(1));
    var plan = io.bimtsweep.core.sweep.SweepGrid.expand(io.bimtsweep.core.sweep.SweepFile.parse(
        io.bimtsweep.core.config.YamlFiles.parseMapping("name: a\ntasks: [{task: formula, task_options: {outputs: "
            + "[\"1/x1\"]}}]\naxes: {seeds: 3}", "w.yaml"), "w.yaml"));
    org.junit.jupiter.api.Assertions.assertEquals(1, plan.warnings().size(), "once per distinct data, not per trial");
    org.junit.jupiter.api.Assertions.assertTrue(plan.warnings().get(0).startsWith("w.yaml: task formula: formula '1/x1'"));
  }
}
