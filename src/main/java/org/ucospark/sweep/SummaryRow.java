package org.ucospark.sweep;

/**
 * Summary of one (data set, model, params) group over the latest attempts of its trials. Means and
 * sample standard deviations run over the finished runs whose value is finite: {@code x̄ = (1/n) Σ
 * x_i}, {@code s = sqrt(Σ (x_i − x̄)² / (n − 1))}; NaN when undefined (no value, or n &lt; 2 for
 * s). OFM is averaged over runs with a non-NaN OFM only (NaN for models without companion
 * objective).
 *
 * @param dataset data set
 * @param model model
 * @param params canonical JSON of the grid point's hyperparameters, {@code "{}"} when none
 * @param runs trials counted in the means: the finished ones, and the diverged ones with {@code
 *     sweep.diverged = include}
 * @param failed trials whose latest attempt failed (diverged ones are not failed)
 * @param accMean mean ACC
 * @param accStd sample std of ACC
 * @param nmiMean mean NMI
 * @param nmiStd sample std of NMI
 * @param ariMean mean ARI
 * @param ariStd sample std of ARI
 * @param ofmMean mean OFM over non-NaN values
 * @param ofmStd sample std of OFM over non-NaN values
 * @param bestSeed seed of the best run (finished, lowest total loss of the summary's view: {@code
 *     best_loss} of the lowest-loss checkpoint by default, {@code final_loss} for the last-epoch
 *     view; ties → lowest seed), null when there is none
 * @param bestAcc ACC of the best run
 * @param bestNmi NMI of the best run
 * @param bestLoss total loss of the best run in the summary's view
 * @param diverged trials whose latest attempt diverged (counted in {@code runs} or not, as {@code
 *     sweep.diverged} says)
 * @param selectionOnly counted runs written before the re-evaluation of the best checkpoint, whose
 *     checkpoint metrics are those of the selecting evaluation (0 in the last-epoch view)
 */
public record SummaryRow(
    String dataset,
    String model,
    String params,
    int runs,
    int failed,
    double accMean,
    double accStd,
    double nmiMean,
    double nmiStd,
    double ariMean,
    double ariStd,
    double ofmMean,
    double ofmStd,
    Integer bestSeed,
    double bestAcc,
    double bestNmi,
    double bestLoss,
    int diverged,
    int selectionOnly) {}
