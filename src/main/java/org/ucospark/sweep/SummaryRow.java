package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;

/**
 * Summary of one (data set, model, params) group over the latest attempts of its trials. Means and
 * sample standard deviations run over the counted runs whose value is finite: {@code x̄ = (1/n) Σ
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
 * @param spreads mean and sample std of every tabulated metric of the registry and of {@code ofm},
 *     keyed by name (columns {@code <name>_mean}, {@code <name>_std})
 * @param bestSeed seed of the best run (counted, lowest total loss of the summary's view: {@code
 *     best_loss} of the lowest-loss checkpoint by default, {@code final_loss} for the last-epoch
 *     view; ties → lowest seed), null when there is none
 * @param best the headline metrics of the best run (columns {@code best_<name>})
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
    Map<String, Spread> spreads,
    Integer bestSeed,
    Scores best,
    double bestLoss,
    int diverged,
    int selectionOnly) {

  /** The name of OFM's entry in {@link #spreads}. */
  public static final String OFM = "ofm";

  /**
   * Mean and sample standard deviation of one value over a group's counted runs.
   *
   * @param mean the mean, NaN when no run has a finite value
   * @param std the sample std, NaN with fewer than two values
   */
  public record Spread(double mean, double std) {
    /** Both NaN. */
    public static final Spread NONE = new Spread(Double.NaN, Double.NaN);
  }

  /** Copies {@code spreads} into an unmodifiable map that keeps its order; null best → none. */
  public SummaryRow {
    spreads = Collections.unmodifiableMap(new LinkedHashMap<>(spreads));
    best = best == null ? Scores.NONE : best;
  }

  /**
   * @param name a tabulated metric's name, or {@link #OFM}
   * @return its mean and std, both NaN when absent
   */
  public Spread spread(String name) {
    return spreads.getOrDefault(name, Spread.NONE);
  }

  /**
   * @param metric a tabulated metric
   * @return its mean and std
   */
  public Spread spread(Metric metric) {
    return spread(metric.name());
  }

  /**
   * @return the mean OFM over runs with one
   */
  public double ofmMean() {
    return spread(OFM).mean();
  }

  /**
   * The values a summary row gives mean and std of: every tabulated metric of the registry, then
   * OFM (not a registry metric: it comes from the gradients, not the assignments).
   */
  public static List<String> spreadNames() {
    List<String> names = new ArrayList<>();
    for (Metric m : MetricRegistry.tabulated()) {
      names.add(m.name());
    }
    names.add(OFM);
    return names;
  }
}
