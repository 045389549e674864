package org.ucospark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * metrics.jsonl: one JSON row per epoch ({@link MetricRow}), the file rewritten after every epoch,
 * a failed (not finite) epoch included. After a resume it continues from the rows up to the
 * checkpoint's epoch.
 */
final class MetricsListener implements TrainingListener {
  private final RunDirectory dir;
  private final List<String> rows;

  MetricsListener(RunDirectory dir, int resumedEpoch) {
    this.dir = dir;
    this.rows = new ArrayList<>(dir.metricRows(resumedEpoch));
  }

  @Override
  public void epochEnded(EpochEnd end) {
    record(end);
  }

  @Override
  public void epochFailed(EpochEnd end) {
    record(end);
  }

  private void record(EpochEnd end) {
    rows.add(
        MetricRow.json(
            end.epoch(),
            end.trainLoss(),
            end.trainer() == null ? Map.of() : end.trainer().epochTerms(),
            end.imagesPerSecond(),
            end.trainSeconds(),
            end.eval()));
    dir.writeMetricRows(rows);
  }

  /** Every epoch's row so far, the resumed ones first. */
  List<String> rows() {
    return List.copyOf(rows);
  }
}
