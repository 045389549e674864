package org.ucospark.eval;

/**
 * What a {@link Metric} is computed from: the cluster every example was assigned to and, on
 * labelled data, the true labels and the contingency table of labels against clusters (built once
 * and shared by every metric, docs/PROTOCOL.md section 5).
 *
 * @param predictions predicted cluster of each example
 * @param labels true class of each example, null for a data set without labels
 * @param table contingency table of {@code labels} against {@code predictions}, null without labels
 */
public record MetricInput(int[] predictions, int[] labels, ContingencyTable table) {

  /**
   * @param labels true classes, or null without labels
   * @param predictions predicted clusters, as many as labels
   * @return the input, with the contingency table built when there are labels
   */
  public static MetricInput of(int[] labels, int[] predictions) {
    return new MetricInput(
        predictions, labels, labels == null ? null : ContingencyTable.of(labels, predictions));
  }

  /**
   * @return true when the labels are known
   */
  public boolean labeled() {
    return labels != null;
  }
}
