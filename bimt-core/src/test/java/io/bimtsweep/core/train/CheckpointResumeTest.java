package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stopping at a step, writing the checkpoint out, reading it back and going on gives the same
 * bits as one uninterrupted run: for every kind of task, with swaps falling just before, on and
 * just after the stop, and with seRNN's communicability in its state.
 */
public class CheckpointResumeTest {

  /** Runs c whole, and stopped at stopAt then resumed through the binary format; requires the same bits. */
  public static void assertResumes(TrialConfig c, int stopAt) throws IOException {
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(p.architecture(), s.seed());
    TrainingResult whole = new Trainer().train(p, s, init);
    Trainer.Run first = new Trainer().run(p, s, init, null, stopAt, "id", null);
    TrainingResult resumed = new Trainer().run(p, s, init, roundTrip(first.checkpoint()), s.steps(), "id", null).result();
    assertArrayEquals(whole.network().parameters(), resumed.network().parameters(), c.task() + " parameters");
    assertArrayEquals(whole.network().inputPermutation(), resumed.network().inputPermutation());
    assertArrayEquals(whole.network().outputPermutation(), resumed.network().outputPermutation());
    assertEquals(whole.testLoss(), resumed.testLoss(), 0.0);
    assertEquals(whole.swaps(), resumed.swaps());
  }

  public static TrainingCheckpoint roundTrip(TrainingCheckpoint c) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    c.write(new DataOutputStream(bytes));
    return TrainingCheckpoint.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @ParameterizedTest
  @CsvSource({
      "independence, 99, ''", "independence, 100, ''", "independence, 101, ''",
      "two_moons, 150, ''", "compositionality, 200, ''", "feature_sharing, 37, ''",
      "modular_addition, 100, ''", "permutation_group, 101, ''",
      "independence, 130, sernn", "independence, 100, permute",
      "independence, 101, f32", "modular_addition, 100, f32", "independence, 130, f32 sernn",
      "two_moons, 100, f32 permute",
  })
  void resumingGivesTheBitsOfAnUninterruptedRun(String task, int stopAt, String variant) throws IOException {
    Map<String, Object> o = new java.util.LinkedHashMap<>(Map.of("steps", 300, "swap_interval", 100));
    if (task.equals("modular_addition") || task.equals("permutation_group")) {
      o.put("batch_size", 64); // mini-batches: the sampler's state must be restored too
    }
    if (variant.contains("sernn")) {
      o.put("regularizer", "sernn");
      o.put("communicability_interval", 7);
    }
    if (variant.contains("permute")) {
      o.put("permute_optimizer_state", true);
    }
    TrialConfig c = Presets.config(task, o).effective();
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(p.architecture(), s.seed());
    Trainer trainer = new Trainer(variant.startsWith("f32") ? Dtype.FLOAT32 : Dtype.FLOAT64);
    TrainingResult whole = trainer.train(p, s, init);

    Trainer.Run first = trainer.run(p, s, init, null, stopAt, "id", null);
    assertEquals(stopAt, first.result().stepsDone());
    Trainer.Run rest = trainer.run(p, s, init, roundTrip(first.checkpoint()), s.steps(), "id", null);
    TrainingResult resumed = rest.result();
    assertArrayEquals(whole.network().parameters(), resumed.network().parameters(), task + " parameters");
    assertArrayEquals(whole.network().inputPermutation(), resumed.network().inputPermutation());
    assertArrayEquals(whole.network().outputPermutation(), resumed.network().outputPermutation());
    assertEquals(whole.testLoss(), resumed.testLoss(), 0.0);
    assertEquals(whole.swaps(), resumed.swaps());
    assertArrayEquals(whole.historySteps(), resumed.historySteps());
    assertArrayEquals(whole.historyTrainLoss(), resumed.historyTrainLoss());
    assertArrayEquals(whole.historyCost(), resumed.historyCost());
    assertEquals(whole.stepsDone(), resumed.stepsDone());
  }

  @ParameterizedTest
  @CsvSource({"99", "100", "150"})
  void theTransformerResumesBitForBitToo(int stopAt) throws IOException {
    TrialConfig c = Presets.config("in_context_regression", Map.of("steps", 300, "swap_interval", 100,
        "task_options", Map.of("n_tasks", 400))).effective();
    var data = TrialSetup.data(c);
    var p = TrialSetup.sequenceProblem(TrialSetup.ProblemSpec.of(c), data);
    TrainingSettings s = TrialSetup.settings(c);
    var init = io.bimtsweep.core.transformer.TransformerNet.initialise(p.shape(), s.seed());
    var trainer = new io.bimtsweep.core.transformer.TransformerTrainer();
    var whole = trainer.train(p, s, c.activation(), init, null);
    var first = trainer.run(p, s, c.activation(), init, null, stopAt, "id", null);
    var rest = trainer.run(p, s, c.activation(), init, roundTrip(first.checkpoint()), s.steps(), "id", null);
    assertArrayEquals(whole.net().parameters(), rest.outcome().net().parameters());
    assertEquals(whole.test().last(), rest.outcome().test().last(), 0.0);
    assertEquals(whole.result().swaps(), rest.outcome().result().swaps());
    assertArrayEquals(whole.result().historyTrainLoss(), rest.outcome().result().historyTrainLoss());
  }

  @ParameterizedTest
  @CsvSource({"39", "40", "41"})
  void aUserFormulaTaskResumesBitForBit(int stopAt) throws IOException {
    assertResumes(Presets.config("formula", Map.of("steps", 120, "swap_interval", 40,
        "task_options", Map.of("outputs", java.util.List.of("x1*x2", "sin(pi*x3)")))).effective(), stopAt);
  }

  @org.junit.jupiter.api.Test
  void aCheckpointOfAnotherConfigurationIsRefused() {
    TrialConfig c = Presets.config("independence", Map.of("steps", 50)).effective();
    Problem p = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    Network init = Network.initialise(p.architecture(), s.seed());
    Trainer.Run first = new Trainer().run(p, s, init, null, 20, "a", null);
    var e = assertThrows(IllegalArgumentException.class, () -> new Trainer().run(p, s, init, first.checkpoint(), 50, "b", null));
    assertEquals("the checkpoint belongs to another configuration", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Trainer().run(p, s, init, first.checkpoint(), 10, "a", null));
    assertEquals("the checkpoint is at step 20, past 10", e.getMessage());
  }
}
