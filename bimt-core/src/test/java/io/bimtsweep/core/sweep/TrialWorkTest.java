package io.bimtsweep.core.sweep;

import static io.bimtsweep.core.sweep.SweepFileTest.expand;
import static io.bimtsweep.core.sweep.SweepFileTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.task.Tasks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialWorkTest {

  @Test
  void aPresetsWorkIsItsStepsTimesItsFullBatchTimesItsProductsThreeTimes() {
    // independence: 20,000 steps, full batch of 100, widths 4-20-20-2
    assertEquals(3.0 * 20_000 * 100 * (4 * 20 + 20 * 20 + 20 * 2), TrialWork.multiplyAdds(Presets.config("independence",
        Map.of())));
    // modular addition: 80% of 59^2 = 2,784.8 pairs round to 2,785; widths 64-50-50-59
    assertEquals(3.0 * 20_000 * 2_785 * (64 * 50 + 50 * 50 + 50 * 59), TrialWork.multiplyAdds(Presets.config(
        "modular_addition", Map.of())));
    // MNIST trains in batches of 100
    assertEquals(3.0 * 40_000 * 100 * (784 * 100 + 100 * 100 + 100 * 10), TrialWork.multiplyAdds(Presets.config("mnist",
        Map.of())));
  }

  @Test
  void theFullBatchEstimateIsTheSizeTheTaskGenerates() {
    List<Map<String, Object>> optionSets = List.of(Map.of(), Map.of("n_train", 37));
    for (String task : List.of("independence", "two_moons", "compositionality")) {
      for (Map<String, Object> o : optionSets) {
        assertEquals(Tasks.get(task).generate(o, 3).train().size(), Tasks.get(task).trainingExamples(o), task + " " + o);
      }
    }
    for (Map<String, Object> o : List.<Map<String, Object>>of(Map.of(), Map.of("modulus", 13),
        Map.of("modulus", 13, "train_fraction", 0.37))) {
      assertEquals(Tasks.get("modular_addition").generate(o, 3).train().size(),
          Tasks.get("modular_addition").trainingExamples(o), "modular_addition " + o);
    }
    for (Map<String, Object> o : List.<Map<String, Object>>of(Map.of(), Map.of("n", 3), Map.of("n", 5,
        "train_fraction", 0.5))) {
      assertEquals(Tasks.get("permutation_group").generate(o, 3).train().size(),
          Tasks.get("permutation_group").trainingExamples(o), "permutation_group " + o);
    }
  }

  @Test
  void anOptionTheTaskRefusesLeavesTheTrialToSayItAndCountsAsAHundredExamples() {
    assertEquals(3.0 * 20_000 * 100 * (4 * 20 + 20 * 20 + 20 * 2), TrialWork.multiplyAdds(Presets.config("independence",
        Map.of()).with(Map.of("task_options", Map.of("no_such_option", 1)))));
  }

  @Test
  void heavierTrialsComeFirstAndEqualOnesKeepTheFileOrder() {
    List<SweepTrial> trials = expand(spec("""
        name: order
        tasks:
          - {task: independence, set: {steps: 200}}
          - {task: two_moons, set: {steps: 300}}
          - {task: independence, set: {steps: 800}}
        axes: {lambda: [0.001, 0.01], seeds: 2}
        """));
    List<SweepTrial> ordered = TrialWork.heaviestFirst(trials);
    assertEquals(new HashSet<>(trials), new HashSet<>(ordered), "the same trials");
    assertEquals(trials.size(), ordered.size());
    // independence 800 steps (800 x 100 x 520), two moons 300 steps (300 x 200 x 480), independence 200 steps
    List<Integer> steps = new ArrayList<>();
    List<String> tasks = new ArrayList<>();
    for (SweepTrial t : ordered) {
      steps.add(t.config().steps());
      tasks.add(t.config().task());
    }
    assertEquals(List.of(800, 800, 800, 800, 300, 300, 300, 300, 200, 200, 200, 200), steps);
    assertEquals(List.of("independence", "independence", "independence", "independence", "two_moons", "two_moons",
        "two_moons", "two_moons", "independence", "independence", "independence", "independence"), tasks);
    for (int group = 0; group < 3; group++) {
      List<SweepTrial> same = ordered.subList(4 * group, 4 * group + 4);
      List<SweepTrial> inFile = trials.stream().filter(same::contains).toList();
      assertEquals(inFile, same, "equal work keeps the file's order");
    }
  }
}
