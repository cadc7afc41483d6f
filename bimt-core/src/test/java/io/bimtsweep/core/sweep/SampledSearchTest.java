package io.bimtsweep.core.sweep;

import static io.bimtsweep.core.sweep.SweepFileTest.expand;
import static io.bimtsweep.core.sweep.SweepFileTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SampledSearchTest {

  private static String file(String strategy, int samples, long seed) {
    return """
        name: sampled
        seed: %d
        tasks: [independence]
        fixed: {steps: 200}
        search: {strategy: %s, samples: %d}
        axes:
          lambda: {loguniform: [1.0e-4, 1.0e-1]}
          layout_width: {uniform: [0, 4]}
          swap_interval: {choice: [never, 50, 100]}
          top_k: {int_uniform: [3, 8]}
          norm: [L1, L2]
        """.formatted(seed, strategy, samples);
  }

  private static List<String> ids(String yaml) {
    return expand(spec(yaml)).stream().map(SweepTrial::trialId).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "sobol"})
  void theSameFileGivesTheSameTrialsAndMoreSamplesOnlyAddTrials(String strategy) {
    List<String> ten = ids(file(strategy, 10, 5));
    assertEquals(20, ten.size(), "10 points x 2 norms");
    assertEquals(ten, ids(file(strategy, 10, 5)));
    List<String> more = ids(file(strategy, 25, 5));
    assertEquals(50, more.size());
    assertEquals(ten, more.subList(0, 20), "the first 10 points are a prefix of the first 25");
    List<String> otherSeed = ids(file(strategy, 10, 6));
    assertTrue(otherSeed.stream().noneMatch(ten::contains), "another sweep seed samples other points");
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "sobol"})
  void everySampleLiesInItsRangeAndListAxesStayAGrid(String strategy) {
    List<SweepTrial> t = expand(spec(file(strategy, 200, 1)));
    assertEquals(400, t.size());
    Set<Integer> topKs = new java.util.TreeSet<>();
    Set<Integer> intervals = new java.util.TreeSet<>();
    for (int i = 0; i < t.size(); i++) {
      var c = t.get(i).config();
      assertTrue(c.lambda() >= 1e-4 && c.lambda() <= 1e-1, "lambda " + c.lambda());
      assertTrue(c.layoutWidth() >= 0 && c.layoutWidth() < 4, "A " + c.layoutWidth());
      topKs.add(c.topK());
      intervals.add(c.swapInterval());
      assertEquals(i % 2 == 0 ? "L1" : "L2", c.norm().name(), "each point is crossed with both norms");
      if (i % 2 == 1) {
        assertEquals(t.get(i - 1).config().lambda(), c.lambda());
      }
    }
    assertEquals(Set.of(3, 4, 5, 6, 7, 8), topKs, "int_uniform reaches both ends");
    assertEquals(Set.of(0, 50, 100), intervals);
  }

  /** The first 64 points of a (shifted) Sobol sequence fall 8 (+-1) into each eighth of every axis. */
  @Test
  void sobolCoversEachAxisEvenly() {
    SweepFile f = spec(file("sobol", 64, 9));
    List<Map<String, Object>> raw = SearchPoints.points(SearchPoints.Strategy.SOBOL, 64, f.sampledAxes(), 9);
    int[] a = new int[8];
    int[] lam = new int[8];
    for (Map<String, Object> p : raw) {
      a[(int) Math.floor((Double) p.get("layout_width") / 4 * 8)]++;
      lam[(int) Math.floor((Math.log((Double) p.get("lambda")) - Math.log(1e-4)) / (Math.log(1e-1) - Math.log(1e-4)) * 8)]++;
    }
    for (int i = 0; i < 8; i++) {
      assertTrue(a[i] >= 7 && a[i] <= 9, "layout_width eighths " + java.util.Arrays.toString(a));
      assertTrue(lam[i] >= 7 && lam[i] <= 9, "lambda eighths " + java.util.Arrays.toString(lam));
    }
    String described = f.describe();
    assertTrue(described.contains("search: sobol, 64 points"), described);
    assertTrue(described.contains("sampled swap_interval: choice [never, 50, 100]; counts never="), described);
  }

  @Test
  void distributionsMapTheUnitIntervalExactly() {
    var d = new Distribution(Distribution.Kind.LOGUNIFORM, 1e-4, 1e-2, null, false);
    assertEquals(1e-3, (Double) d.at(0.5), 1e-15);
    assertEquals(1e-4, (Double) d.at(0.0), 1e-18);
    var i = new Distribution(Distribution.Kind.INT_UNIFORM, 3, 8, null, true);
    assertEquals(3L, i.at(0.0));
    assertEquals(8L, i.at(0.999999));
    assertEquals(6L, i.at(0.5), "six values, the fourth at u = 0.5");
    var u = new Distribution(Distribution.Kind.UNIFORM, 50, 1000, null, true);
    assertEquals(525L, u.at(0.5), "an integer setting's uniform values are rounded");
    var c = new Distribution(Distribution.Kind.CHOICE, 0, 0, List.of("a", "b", "c"), false);
    assertEquals("a", c.at(0.0));
    assertEquals("b", c.at(0.5));
    assertEquals("c", c.at(0.99));
  }

  @Test
  void theGridSizeCountsSamplesTimesListAxes() {
    assertEquals(70, spec(file("sobol", 35, 1)).gridSize());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "axes: {lambda: {loguniform: [1.0e-4, 0.1]}}|axes.lambda: a distribution needs a sampled search",
      "search: {strategy: random, samples: 5}\\naxes: {norm: [L1, L2]}|search: strategy random samples the axes that are distributions, and there are none",
      "search: {strategy: sobol}\\naxes: {lambda: {uniform: [0, 1]}}|search.samples: missing",
      "search: {strategy: halving, samples: 3}\\naxes: {lambda: {uniform: [0, 1]}}|search.strategy: expected grid, random or sobol",
      "search: {strategy: sobol, samples: 4}\\naxes: {lambda: {loguniform: [0, 0.1]}}|axes.lambda.loguniform: a log-uniform range needs low > 0",
      "search: {strategy: sobol, samples: 4}\\naxes: {norm: {uniform: [0, 1]}}|axes.norm.uniform: setting norm takes",
      "search: {strategy: sobol, samples: 4}\\naxes: {layout_width: {uniform: [-1, 2]}}|axes.layout_width.uniform[0]",
      "search: {strategy: sobol, samples: 4}\\naxes: {lambda: {uniform: [0.1, 0.01]}}|axes.lambda.uniform: expected low < high",
      "search: {strategy: sobol, samples: 4}\\naxes: {lambda: {gaussian: [0, 1]}}|axes.lambda: expected one of {uniform",
      "search: {strategy: sobol, samples: 4}\\naxes: {top_k: {int_uniform: [1.5, 4]}}|axes.top_k.int_uniform: expected two integers",
      "search: {strategy: grid, samples: 4}\\naxes: {lambda: [0.1]}|search.samples: a grid takes no samples",
  })
  void aWrongSearchIsNamedWithTheKey(String body, String expected) {
    String yaml = "name: bad\ntasks: [independence]\n" + body.replace("\\n", "\n") + "\n";
    var e = assertThrows(IllegalArgumentException.class, () -> expand(spec(yaml)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertNotEquals(null, e.getMessage());
  }
}
