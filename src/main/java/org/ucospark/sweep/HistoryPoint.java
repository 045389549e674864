package org.ucospark.sweep;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One evaluation of a trial (an element of the trials table's {@code history} column).
 *
 * @param epoch epoch after which the evaluation ran
 * @param acc clustering accuracy
 * @param nmi normalised mutual information
 * @param ari adjusted Rand index
 * @param ofm objective function mismatch {@code cos(g_c, g_a)}; NaN when the model has no companion
 * @param loss total training loss
 */
public record HistoryPoint(int epoch, double acc, double nmi, double ari, double ofm, double loss)
    implements java.io.Serializable {

  /**
   * @return this point as a Spark row of {@link TrialsTable#HISTORY_ELEMENT}
   */
  public Row toRow() {
    return RowFactory.create(epoch, acc, nmi, ari, ofm, loss);
  }

  /**
   * Reads a history element; null doubles become NaN.
   *
   * @param r a row of {@link TrialsTable#HISTORY_ELEMENT}
   * @return the point
   */
  public static HistoryPoint fromRow(Row r) {
    return new HistoryPoint(
        r.isNullAt(0) ? 0 : r.getInt(0),
        TrialRecord.dbl(r, 1),
        TrialRecord.dbl(r, 2),
        TrialRecord.dbl(r, 3),
        TrialRecord.dbl(r, 4),
        TrialRecord.dbl(r, 5));
  }
}
