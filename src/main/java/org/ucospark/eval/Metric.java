package org.ucospark.eval;

/**
 * One clustering metric: its name, whether it needs true labels, how far the sweep tables carry it
 * and how it is computed from the assignments of an evaluation. Every metric the program knows is
 * listed by {@link MetricRegistry}; evaluation (metrics.jsonl, summary.json of a run), the trials
 * table, the sweep summary (summary.csv/json/md, LaTeX, the HTML report) and the paired tests
 * iterate over it, so adding a metric is one class (plus its line in the registry's built-in list,
 * or in {@code META-INF/services/org.ucospark.eval.Metric} for a metric outside this code base).
 *
 * <p>OFM and the loss are not metrics in this sense: they come from the network's gradients and
 * loss terms over the evaluation batches, not from the assignments, so they stay fixed fields of
 * every evaluation and every table (written after the registry's metrics, as before).
 *
 * <p>Implementations must be stateless, pure (no Spark, no ND4J) and have a public no-argument
 * constructor (for {@link java.util.ServiceLoader}).
 */
public interface Metric {

  /** How far the sweep tables carry a metric; each tier includes what the ones before it do. */
  enum Tier {
    /** metrics.jsonl and the run's summary.json (e.g. the unadjusted Rand index). */
    LOGGED,
    /**
     * Also the trials table ({@code final_<name>}, {@code best_<name>}, {@code selection_<name>},
     * {@code history}), mean and std in the sweep summary ({@code <name>_mean}, {@code
     * <name>_std}), the LaTeX tables and the run's result table (e.g. ARI).
     */
    TABULATED,
    /**
     * Also a table of its own in summary.md and the HTML report, the best run's value ({@code
     * best_<name>}) and the paired tests (ACC and NMI, the metrics the papers report).
     */
    HEADLINE;

    /**
     * @param other a tier
     * @return true when this tier carries at least what {@code other} does
     */
    public boolean atLeast(Tier other) {
      return compareTo(other) >= 0;
    }
  }

  /**
   * @return the field name in metrics.jsonl and summary.json and the suffix of the table columns:
   *     lower case letters, digits and {@code _}, starting with a letter
   */
  String name();

  /**
   * @return the heading in tables and plots, e.g. {@code ACC}
   */
  String label();

  /**
   * @return true when the metric compares against true labels: it is NaN (null in the files) for a
   *     data set without labels
   */
  default boolean needsLabels() {
    return true;
  }

  /**
   * @return how far the sweep tables carry it
   */
  Tier tier();

  /**
   * Computes the metric of one evaluation.
   *
   * @param assignments the predicted cluster of every example and, on labelled data, the labels and
   *     their contingency table
   * @return the value; NaN when undefined
   */
  double compute(MetricInput assignments);
}
