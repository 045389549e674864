package org.ucospark.sweep;

import java.io.Serializable;

/**
 * One trial of a sweep, as plain serialisable values shipped to the executor that runs it: identity
 * (a stable hash of the resolved configuration and the seed), the grid point, and the resolved
 * configuration as HOCON. In a successive-halving sweep ({@link HalvingSweep}) also the rung it is
 * trained to ({@code rungEpochs}, 0: the configuration's own epochs) and the criterion evaluated
 * there ({@link Criterion}, null: none).
 */
public record TrialSpec(
    String trialId,
    String sweep,
    String dataset,
    String model,
    int seed,
    String params,
    String config,
    int attempt,
    int rungEpochs,
    String criterion)
    implements Serializable {

  /** A trial of a full sweep. */
  public TrialSpec(
      String trialId,
      String sweep,
      String dataset,
      String model,
      int seed,
      String params,
      String config,
      int attempt) {
    this(trialId, sweep, dataset, model, seed, params, config, attempt, 0, null);
  }

  public TrialSpec withAttempt(int next) {
    return new TrialSpec(
        trialId, sweep, dataset, model, seed, params, config, next, rungEpochs, criterion);
  }

  /** This trial trained up to {@code epochs} (a rung), evaluated by {@code criterionName}. */
  public TrialSpec toRung(int epochs, String criterionName) {
    return new TrialSpec(
        trialId, sweep, dataset, model, seed, params, config, attempt, epochs, criterionName);
  }
}
