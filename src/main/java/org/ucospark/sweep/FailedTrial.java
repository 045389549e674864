package org.ucospark.sweep;

/**
 * A trial whose latest attempt failed.
 *
 * @param trialId trial id
 * @param dataset data set
 * @param model model
 * @param params params group
 * @param seed seed
 * @param attempt number of the failed (latest) attempt
 * @param error error message (may be null)
 */
public record FailedTrial(
    String trialId,
    String dataset,
    String model,
    String params,
    int seed,
    int attempt,
    String error) {}
