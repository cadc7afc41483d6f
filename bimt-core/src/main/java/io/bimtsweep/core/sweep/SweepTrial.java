package io.bimtsweep.core.sweep;

import io.bimtsweep.core.config.TrialConfig;

/** One point of a sweep: its configuration (seed already derived), the replicate it is, and its id. */
public record SweepTrial(String sweepId, TrialConfig config, int replicate, String trialId) {}
