package io.bimtsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.YamlFiles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepFileTest {

  static SweepFile spec(String yaml) {
    return SweepFile.parse(YamlFiles.parseMapping(yaml, "s.yaml"), "s.yaml");
  }

  static List<SweepTrial> expand(SweepFile f) {
    return SweepGrid.expand(f).trials();
  }

  private static final String GRID = """
      name: grid
      seed: 7
      tasks: [independence, {task: two_moons, set: {steps: 300}}]
      fixed: {steps: 200}
      axes:
        lambda: [0.0001, 0.001, 0.01]
        norm: [L1, L2]
        seeds: 2
      """;

  @Test
  void expandsTheCartesianProductPerTask() {
    List<SweepTrial> t = expand(spec(GRID));
    assertEquals(2 * 3 * 2 * 2, t.size());
    assertEquals(24, t.stream().map(SweepTrial::trialId).distinct().count());
    assertEquals(200, t.get(0).config().steps());
    assertEquals(300, t.get(12).config().steps());
    assertEquals("two_moons", t.get(12).config().task());
    assertEquals(0.0001, t.get(0).config().lambda());
    assertEquals(0, t.get(0).replicate());
    assertEquals(1, t.get(1).replicate());
    assertEquals("L2", t.get(2).config().norm().name());
  }

  @Test
  void trialIdsAndSeedsAreDeterministicAndIndependentOfOrder() {
    List<String> a = expand(spec(GRID)).stream().map(SweepTrial::trialId).toList();
    assertEquals(a, expand(spec(GRID)).stream().map(SweepTrial::trialId).toList());
    // reorder the axes and the lists: the same set of trials, the same ids
    String reordered = """
        name: grid
        seed: 7
        tasks: [{task: two_moons, set: {steps: 300}}, independence]
        fixed: {steps: 200}
        axes:
          seeds: [1, 0]
          norm: [L2, L1]
          lambda: [0.01, 0.001, 0.0001]
        """;
    assertEquals(Set.copyOf(a), expand(spec(reordered)).stream().map(SweepTrial::trialId).collect(Collectors.toSet()));
    // replicates get different seeds; another sweep seed gives other seeds
    var t = expand(spec(GRID));
    assertNotEquals(t.get(0).config().seed(), t.get(1).config().seed());
    var other = expand(spec(GRID.replace("seed: 7", "seed: 8")));
    assertNotEquals(t.get(0).config().seed(), other.get(0).config().seed());
  }

  /**
   * Expansion builds each point once and fills in the replicates' seeds, hashing the canonical text
   * in pieces; the ids and seeds must be what hashing each whole configuration gives, and what they
   * were before (pinned: generated with the expansion of commit 8375437, which built every trial).
   */
  @Test
  void idsAndSeedsArePinnedAndEqualTheWholeConfigurationsHash() {
    List<SweepTrial> t = expand(spec(GRID));
    assertEquals("fa3255ebaf640204", t.get(0).trialId());
    assertEquals(8899025389710379468L, t.get(0).config().seed());
    assertEquals("da79b77c6370221c", t.get(1).trialId());
    assertEquals(7495560257981929059L, t.get(1).config().seed());
    assertEquals("50af05da89fb21bb", t.get(23).trialId());
    assertEquals(3956295868179432554L, t.get(23).config().seed());
    String seedsFirst = """
        name: grid
        seed: 7
        tasks: [independence]
        fixed: {steps: 200}
        axes:
          seeds: 3
          lambda: [0.0001, 0.001]
          norm: [L1, L2]
        exclude:
          - {seeds: 1, norm: L2}
        """;
    for (String yaml : List.of(GRID, seedsFirst, GRID.replace("seed: 7\n", ""))) {
      for (SweepTrial x : expand(spec(yaml))) {
        assertEquals(io.bimtsweep.core.config.TrialIds.of(x.config()), x.trialId());
      }
    }
    List<SweepTrial> s = expand(spec(seedsFirst));
    assertEquals(3 * 2 * 2 - 2, s.size());
    assertEquals(Set.of(0, 1, 2), s.stream().map(SweepTrial::replicate).collect(Collectors.toSet()));
    assertTrue(s.stream().noneMatch(x -> x.replicate() == 1 && x.config().norm().name().equals("L2")));
  }

  @Test
  void excludeAndIncludeRules() {
    String yaml = """
        name: rules
        tasks: [independence]
        fixed: {steps: 100}
        axes: {layout_width: [0, 1], norm: [L1, L2], swap_interval: [never, 50]}
        exclude:
          - {layout_width: 0, norm: L2}
          - {swap_interval: [50], norm: L2}
        include:
          - {lambda: 0.5, mode: none}
        """;
    List<SweepTrial> t = expand(spec(yaml));
    assertEquals(8 - 2 - 1 + 1, t.size());
    assertTrue(t.stream().noneMatch(x -> x.config().layoutWidth() == 0 && x.config().norm().name().equals("L2")));
    assertEquals("none", t.get(t.size() - 1).config().mode().label());
  }

  @Test
  void modesAndNeverAreAxisValues() {
    var t = expand(spec("""
        name: modes
        tasks: [independence]
        fixed: {steps: 400}
        axes: {mode: [none, l1, l1_local, l1_swap, bimt], swap_interval: [never, 200]}
        exclude: [{mode: [l1_swap, bimt], swap_interval: never}]
        """));
    assertEquals(8, t.size());
    Set<String> modes = new HashSet<>();
    t.forEach(x -> modes.add(x.config().mode().label()));
    assertEquals(Set.of("none", "l1", "l1_local", "l1_swap", "bimt"), modes);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown top key      | name: a\\ntasks: [independence]\\naxis: {}                         | s.yaml: axis: unknown key
      missing name         | tasks: [independence]                                              | s.yaml: name: expected a sweep name
      bad name             | name: 'a b'\\ntasks: [independence]                                | s.yaml: name: expected a sweep name
      no tasks             | name: a                                                            | s.yaml: tasks: missing
      unknown task         | name: a\\ntasks: [indep]                                            | s.yaml: tasks[0]: unknown task 'indep'
      unknown setting      | name: a\\ntasks: [independence]\\naxes: {lamda: [1]}               | s.yaml: axes.lamda: unknown setting
      empty axis           | name: a\\ntasks: [independence]\\naxes: {lambda: []}               | s.yaml: axes.lambda: empty axis
      axis not a list      | name: a\\ntasks: [independence]\\naxes: {lambda: 0.1}              | s.yaml: axes.lambda: expected a list of values
      wrong type           | name: a\\ntasks: [independence]\\naxes: {steps: [ten]}             | s.yaml: axes.steps[0]: expected an integer, got text (ten)
      wrong norm           | name: a\\ntasks: [independence]\\naxes: {norm: [L3]}               | s.yaml: axes.norm[0]: unknown norm 'L3': expected L1 or L2
      negative lambda      | name: a\\ntasks: [independence]\\naxes: {lambda: [-1]}             | s.yaml: axes.lambda[0]: negative lambda
      repeated values      | name: a\\ntasks: [independence]\\naxes: {top_k: [5, 5]}           | s.yaml: axes.top_k: repeated values
      task key in fixed    | name: a\\ntasks: [independence]\\nfixed: {task: two_moons}         | s.yaml: fixed.task: the task is chosen under tasks:
      swaps never happen   | name: a\\ntasks: [independence]\\nfixed: {steps: 100}              | swap_interval 200 is larger than steps 100
      inconsistent widths  | name: a\\ntasks: [independence]\\naxes: {widths: [[3, 5, 2]]}      | inconsistent widths
      everything excluded  | name: a\\ntasks: [independence]\\nexclude: [{mode: bimt}]          | the sweep has no trials
      bad timeout          | name: a\\ntasks: [independence]\\ntrial_timeout: -5                | s.yaml: trial_timeout: expected a number > 0
      bad exclude rule     | name: a\\ntasks: [independence]\\nexclude: [lambda]                | s.yaml: exclude[0]: expected a non-empty mapping
      duplicate key        | name: a\\nname: b\\ntasks: [independence]                          | malformed YAML
      not a mapping        | [1, 2]                                                             | expected a mapping of keys to values
      alias                | name: a\\ndescription: &L1 L2\\ntasks: [independence]\\nfixed: {norm: *L1} | s.yaml:4: YAML aliases (*L1) are not supported
      nan                  | name: a\\ntasks: [independence]\\nfixed: {lambda: .nan}            | s.yaml:3: lambda: the value '.nan' is not allowed here
      huge number          | name: a\\ntasks: [independence]\\nfixed: {lambda: 1e400}           | s.yaml: fixed.lambda: lambda must be a finite number, got Infinity
      NaN in a schedule    | name: a\\ntasks: [independence]\\nfixed: {lambda_schedule: "NaN, x10@25%"} | s.yaml: fixed.lambda_schedule: lambda must be a finite number, got NaN
      steps out of range   | name: a\\ntasks: [independence]\\nfixed: {steps: 1000000000000}    | s.yaml: fixed.steps: 1000000000000 is out of range (at most 2147483647)
      tab indentation      | name: a\\ntasks: [independence]\\nfixed:\\n\\tsteps: 10            | s.yaml:4: tabs are not allowed for indentation
      constant formula     | name: a\\ntasks: [{task: formula, task_options: {outputs: ["pi*2"]}}] | formula 'pi*2' uses no input variable
      formula not finite   | name: a\\ntasks: [{task: formula, task_options: {outputs: ["log(x1)"]}}] | formula 'log(x1)' is not finite
      unknown task option  | name: a\\ntasks: [{task: independence, task_options: {n_trian: 50}}] | task 'independence' has no option 'n_trian' (its options: high, low, n_test, n_train)
      """)
  void malformedSweepFilesAreRejectedWithFileKeyAndExpectation(String kind, String yaml, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> expand(spec(yaml.replace("\\n", "\n").replace("\\t", "\t").trim())), kind);
    assertTrue(e.getMessage().contains(message.trim()), kind + ": " + e.getMessage());
  }

  /** Grids are counted before anything is built: a 10^8-point file is refused without materialising it. */
  @org.junit.jupiter.api.Test
  void aHugeGridIsRefusedByItsCountAndTheLimitCanBeRaised() {
    SweepFile huge = spec("name: a\ntasks: [independence]\naxes: {seeds: 100000000, norm: [L1, L2]}");
    assertEquals(200_000_000L, huge.gridSize());
    var e = assertThrows(IllegalArgumentException.class, () -> expand(huge));
    assertTrue(e.getMessage().startsWith("s.yaml: the grid has 200,000,000 points, more than the limit of 100,000 "),
        e.getMessage());
    SweepFile small = spec("name: a\nmax_trials: 3\ntasks: [independence, two_moons]\naxes: {norm: [L1, L2]}");
    assertEquals(4, small.gridSize());
    assertThrows(IllegalArgumentException.class, () -> expand(small), "the file's own limit");
    assertEquals(4, SweepGrid.expand(small, 10L, null).trials().size(), "raised from the command line");
    // counting overflows safely
    SweepFile absurd = spec("name: a\ntasks: [independence]\naxes: {seeds: 2000000000, top_k: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],"
        + " lambda: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], steps: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}");
    assertEquals(2_000_000_000_000L, absurd.gridSize());
  }

  @org.junit.jupiter.api.Test
  void aNetworkThatCannotFitIsRefusedNamingTheTrialAndTheEstimate() {
    var e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.expand(
        spec("name: a\ntasks: [independence]\nfixed: {widths: [4, 100000000, 2]}"), null, 1L << 30));
    assertTrue(e.getMessage().startsWith("s.yaml: tasks[0] x axes {} (task independence): widths [4, 100000000, 2] need "
        + "about "), e.getMessage());
    assertTrue(e.getMessage().contains("more than the 1.0 GB available"), e.getMessage());
  }
}
