package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;

/**
 * One evaluation of a trial (an element of the trials table's {@code history} column): the epoch,
 * the tabulated metrics of the registry, OFM and the total loss.
 *
 * @param epoch epoch after which the evaluation ran
 * @param scores the metric values keyed by name
 * @param ofm objective function mismatch {@code cos(g_c, g_a)}; NaN when the model has no companion
 * @param loss total training loss
 */
public record HistoryPoint(int epoch, Scores scores, double ofm, double loss)
    implements java.io.Serializable {

  /** Normalises null scores. */
  public HistoryPoint {
    scores = scores == null ? Scores.NONE : scores;
  }

  /**
   * @param metric a metric
   * @return its value at this evaluation, NaN when absent
   */
  public double get(Metric metric) {
    return scores.get(metric);
  }

  /**
   * @return this point as a Spark row of {@link TrialsTable#HISTORY_ELEMENT}
   */
  public Row toRow() {
    List<Object> values = new ArrayList<>();
    values.add(epoch);
    for (Metric m : MetricRegistry.tabulated()) {
      values.add(scores.get(m));
    }
    values.add(ofm);
    values.add(loss);
    return RowFactory.create(values.toArray());
  }

  /**
   * Reads a history element by field name; null doubles and absent metrics (a table written before
   * the metric existed) become NaN.
   *
   * @param r a row of {@link TrialsTable#HISTORY_ELEMENT}
   * @return the point
   */
  public static HistoryPoint fromRow(Row r) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Metric m : MetricRegistry.tabulated()) {
      values.put(m.name(), Rows.optionalDbl(r, m.name()));
    }
    int e = r.fieldIndex("epoch");
    return new HistoryPoint(
        r.isNullAt(e) ? 0 : r.getInt(e),
        new Scores(values),
        Rows.optionalDbl(r, "ofm"),
        Rows.optionalDbl(r, "loss"));
  }
}
