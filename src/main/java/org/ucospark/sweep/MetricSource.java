package org.ucospark.sweep;

import java.util.Locale;

/**
 * Which evaluation of each run a summary reports (docs/ALGORITHMS.md §4.3). {@link #CHECKPOINT},
 * the default: the evaluation of the checkpoint with the lowest evaluated total loss ({@code
 * best_*} columns of the trials table, {@code best} of summary.json), which is what the papers
 * report. {@link #FINAL}: the evaluation after the last epoch ({@code final_*}). The "best run" of
 * a group is the finished run whose reported evaluation has the lowest total loss ({@code
 * best_loss}, resp. {@code final_loss}), selected without labels.
 */
public enum MetricSource {
  /**
   * {@code final_acc}, {@code final_nmi}, {@code final_ari}, {@code final_ofm}, {@code final_loss}.
   */
  FINAL("final_", "last epoch", "final"),
  /** {@code best_acc}, {@code best_nmi}, {@code best_ari}, {@code best_ofm}, {@code best_loss}. */
  CHECKPOINT("best_", "lowest-loss checkpoint", "checkpoint");

  private final String prefix;
  private final String description;
  private final String id;

  MetricSource(String prefix, String description, String id) {
    this.prefix = prefix;
    this.description = description;
    this.id = id;
  }

  /**
   * @param s {@code final} or {@code checkpoint} (case-insensitive)
   * @return the source
   * @throws IllegalArgumentException for anything else
   */
  public static MetricSource parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (MetricSource m : values()) {
      if (m.id.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException("expected final or checkpoint, got '" + s + "'");
  }

  /**
   * @return the name used by {@code --metrics} and {@code sweep.metrics}: {@code final} or {@code
   *     checkpoint}
   */
  public String id() {
    return id;
  }

  /**
   * @return column prefix, {@code "final_"} or {@code "best_"}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * @return the view every table header names: "lowest-loss checkpoint" or "last epoch"
   */
  public String description() {
    return description;
  }

  /**
   * @return the trials-table column of {@code metric} ({@code acc}, {@code nmi}, {@code ari},
   *     {@code ofm}, {@code loss})
   */
  public String column(String metric) {
    return prefix + metric;
  }

  /**
   * @param r a trial attempt
   * @return the evaluation of {@code r} this view reports ({@code final_*} or {@code best_*})
   */
  public TrialScores of(TrialRecord r) {
    return this == FINAL ? r.last() : r.best();
  }

  /**
   * @return the pairwise OFM of {@code r} (term → term → cosine), empty when not computed
   */
  public java.util.Map<String, java.util.Map<String, Double>> ofmPairwise(TrialRecord r) {
    return of(r).pairwise();
  }
}
