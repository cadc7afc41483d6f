package io.bimtsweep.core.sweep;

import java.util.List;

/**
 * A sweep file expanded, once, into its trials: what the Spark job runs and what --dry-run shows.
 *
 * @param file the parsed file
 * @param trials every trial, in file order, distinct by trial id
 * @param warnings what the user should know before it runs (each once, with where it came from)
 */
public record SweepPlan(SweepFile file, List<SweepTrial> trials, List<String> warnings) {
  public SweepPlan {
    trials = List.copyOf(trials);
    warnings = List.copyOf(warnings);
  }

  public String name() {
    return file.name();
  }
}
