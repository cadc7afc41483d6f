package io.bimtsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sweep files in examples/ are what users copy: each must parse and expand as shipped. */
class ExampleSweepsTest {
  private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");

  @Test
  void everyExampleExpandsIntoTrials() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      // dl4j.yaml needs the bimt-dl4j module, which this module cannot see (Dl4jPaperTest runs it), and
      // paper-large.yaml the MNIST files that scripts/prepare-mnist fetches
      files = s.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("dl4j.yaml") && !p.endsWith("paper-large.yaml"))
          .sorted().toList();
    }
    assertTrue(files.size() >= 7, "examples found: " + files);
    for (Path f : files) {
      SweepPlan plan = SweepGrid.expand(SweepFile.read(f));
      assertFalse(plan.trials().isEmpty(), f + " has no trials");
    }
  }

  @Test
  void theMixedLengthsExampleListsItsThreeLongTrialsLastAndTheJobStartsThemFirst() {
    List<SweepTrial> trials = SweepGrid.expand(SweepFile.read(EXAMPLES.resolve("mixed-lengths.yaml"))).trials();
    assertEquals(27, trials.size());
    assertEquals(List.of("modular_addition", "modular_addition", "modular_addition"),
        trials.subList(24, 27).stream().map(t -> t.config().task()).toList());
    assertEquals(List.of("modular_addition", "modular_addition", "modular_addition"),
        TrialWork.heaviestFirst(trials).subList(0, 3).stream().map(t -> t.config().task()).toList());
  }
}
