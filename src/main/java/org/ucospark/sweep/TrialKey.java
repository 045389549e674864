package org.ucospark.sweep;

/**
 * Which trial a row of the trials table belongs to: the grid point and the seed, equal across its
 * attempts.
 *
 * @param trialId stable hash of the resolved config and the seed
 * @param sweep sweep name
 * @param dataset data set name ({@code mnist}, {@code usps}, ...)
 * @param model model name ({@code ddc}, {@code ddc_uco}, ...)
 * @param seed seed of the initialisation; equal seed = equal initial weights across models
 * @param params canonical JSON object of this grid point's hyperparameter-axis values, {@code "{}"}
 *     when none (null and blank are normalised to it)
 */
public record TrialKey(
    String trialId, String sweep, String dataset, String model, int seed, String params)
    implements java.io.Serializable {

  /** Normalises {@code params}. */
  public TrialKey {
    params = params == null || params.isBlank() ? "{}" : params;
  }
}
