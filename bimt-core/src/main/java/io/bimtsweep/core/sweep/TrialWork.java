package io.bimtsweep.core.sweep;

import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.task.Tasks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How much work a trial is, from its settings alone, so that a sweep can start its heaviest
 * trials first.
 *
 * <p>Why: Spark hands a sweep's tasks to free slots in the order given. A sweep file lists the
 * cheap tasks and the expensive ones in whatever order its author chose, so a handful of long
 * trials (modular addition, MNIST) often come last, and then run while the other slots idle. Started
 * first, they run while the short trials fill the other slots around them (the longest-processing-
 * time-first rule, which keeps a list schedule within 4/3 of the best). Only the order changes:
 * each trial's seed and results come from its settings, not from when it runs.
 */
public final class TrialWork {
  private static final int UNKNOWN_EXAMPLES = 100;

  private TrialWork() {}

  /**
   * Multiply-adds of a trial's dense products: steps x examples per step x the sum of its layers'
   * widths in x widths out, three times (forward, the weight gradient and the input gradient). A
   * full batch (batch size 0) holds the task's training examples as {@link
   * io.bimtsweep.core.task.Task#trainingExamples} works them out from the options. Swaps, metrics
   * and the activations are left out: they scale with the same widths and matter here only for order.
   */
  public static double multiplyAdds(TrialConfig c) {
    int examples = c.batchSize() > 0 ? c.batchSize() : fullBatch(c);
    List<Integer> w = c.widths();
    double perExample = 0;
    for (int l = 1; l < w.size(); l++) {
      perExample += (double) w.get(l - 1) * w.get(l);
    }
    return 3.0 * c.steps() * examples * perExample;
  }

  /**
   * An option the task refuses counts as the default 100 examples: the estimate only orders the
   * trials, and the trial itself reports the option with its own message.
   */
  private static int fullBatch(TrialConfig c) {
    try {
      return Tasks.get(c.task()).trainingExamples(c.taskOptions());
    } catch (IllegalArgumentException e) {
      return UNKNOWN_EXAMPLES;
    }
  }

  /**
   * The trials, heaviest by {@link #multiplyAdds} first; equal ones keep the order given. Each
   * trial's work is worked out once, not once per comparison: sweeps run to 10^5 trials and more.
   */
  public static List<SweepTrial> heaviestFirst(List<SweepTrial> trials) {
    record Weighed(SweepTrial trial, double work) {}
    List<Weighed> weighed = new ArrayList<>(trials.size());
    for (SweepTrial t : trials) {
      weighed.add(new Weighed(t, multiplyAdds(t.config())));
    }
    weighed.sort(Comparator.comparingDouble(Weighed::work).reversed());
    List<SweepTrial> ordered = new ArrayList<>(trials.size());
    for (Weighed w : weighed) {
      ordered.add(w.trial());
    }
    return ordered;
  }
}
