package io.bimtsweep.core.sweep;

import static io.bimtsweep.core.sweep.SweepFileTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HalvingSpecTest {
  private static final String BASE = "name: h\ntasks: [independence]\naxes: {lambda: [0.001, 0.01]}\n";

  @Test
  void theSchedulerIsReadWithItsBudgets() {
    Halving h = spec(BASE + "scheduler: {type: halving, objectives: [test_loss:min, modularity_q:max], min_steps: 2000, "
        + "eta: 3}\n").halving();
    assertEquals(List.of("test_loss", "modularity_q"), h.columns());
    assertEquals(List.of(false, true), h.maximise());
    assertEquals(List.of(2000, 6000, 18000, 20000), h.budgets(20000));
    assertEquals(List.of(2000, 6000, 18000), h.budgets(18000));
    assertEquals(List.of(500), h.budgets(500), "a trial shorter than min_steps has one rung, its whole run");
    assertEquals(3, h.survivors(9));
    assertEquals(1, h.survivors(2));
    assertEquals(3, spec(BASE + "scheduler: {type: halving, objectives: [test_loss:min], min_steps: 10}\n").halving()
        .eta(), "eta defaults to 3");
    assertNull(spec(BASE).halving());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{type: hyperband, objectives: [test_loss:min], min_steps: 10}|scheduler.type: expected halving",
      "{type: halving, min_steps: 10}|scheduler.objectives: expected a list",
      "{type: halving, objectives: [test_loss], min_steps: 10}|scheduler.objectives[0]: expected COLUMN:min or COLUMN:max",
      "{type: halving, objectives: [nonsense:max], min_steps: 10}|scheduler.objectives[0]: 'nonsense' is not a numeric result column",
      "{type: halving, objectives: [test_loss:min], min_steps: 0}|scheduler.min_steps: expected a whole number > 0",
      "{type: halving, objectives: [test_loss:min], min_steps: 10, eta: 1}|scheduler.eta: expected at least 2",
      "{type: halving, objectives: [test_loss:min], min_steps: 10, rungs: 3}|scheduler.rungs: unknown key",
  })
  void aWrongSchedulerIsNamedWithTheKey(String scheduler, String expected) {
    var e = assertThrows(IllegalArgumentException.class, () -> spec(BASE + "scheduler: " + scheduler + "\n"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
