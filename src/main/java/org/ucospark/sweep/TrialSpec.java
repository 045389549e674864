package org.ucospark.sweep;

import java.io.Serializable;

/**
 * One trial of a sweep, as plain serialisable values shipped to the executor that runs it: identity
 * (a stable hash of the resolved configuration and the seed), the grid point, and the resolved
 * configuration as HOCON.
 */
public record TrialSpec(
    String trialId,
    String sweep,
    String dataset,
    String model,
    int seed,
    String params,
    String config,
    int attempt)
    implements Serializable {

  public TrialSpec withAttempt(int next) {
    return new TrialSpec(trialId, sweep, dataset, model, seed, params, config, next);
  }
}
