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
 * One row of the trials table: one attempt of one trial (a grid point and a seed). {@link #toRow}
 * and {@link #fromRow} map it onto {@link TrialsTable#SCHEMA}.
 *
 * <p>{@code last} holds the {@code final_*} columns, the metrics after the last epoch; {@code best}
 * the {@code best_*} ones, those of the checkpoint with the lowest total loss (docs/ALGORITHMS.md
 * §4.3), evaluated once more after training in another order ({@code reevaluated};
 * docs/PROTOCOL.md, "winner's curse"), and {@code selection} the {@code selection_*} ones, the
 * evaluation that selected it. Rows written before the re-evaluation existed have {@code
 * reevaluated} null (read as false) and report the selecting evaluation as {@code best_*}; the
 * tables mark them.
 *
 * @param key the trial (equal across attempts)
 * @param attempt attempt number, the latest attempt (highest) wins
 * @param status {@link #FINISHED}, {@link #DIVERGED} or {@link #FAILED}
 * @param error error message, null unless failed
 * @param executor where the attempt ran (host or executor id)
 * @param started ISO-8601 instant of the start
 * @param wallS wall-clock seconds
 * @param epochs epochs trained
 * @param imagesPerS training throughput
 * @param last the evaluation after the last epoch
 * @param best the evaluation of the lowest-loss checkpoint
 * @param selection the evaluation that selected the lowest-loss checkpoint (no pairwise OFM)
 * @param history one point per evaluation, in epoch order; empty list when none
 * @param reevaluated whether {@code best} is the re-evaluation (false: a row written before it,
 *     whose {@code best} is the selecting evaluation)
 * @param diverged where a {@link #DIVERGED} run's loss stopped being finite ("epoch 3: ddc_1 =
 *     NaN"), else null
 * @param rung a successive-halving sweep's rung this row reports: the epochs the trial was trained
 *     to in it ({@link HalvingSweep}); 0 for a trial of a full sweep (and rows written before)
 * @param criterion the halving criterion's value after the rung's last epoch, NaN when none
 * @param decision what halving decided for the trial's configuration at this rung ({@link
 *     Halving#PROMOTED}, {@link Halving#STOPPED}), null for a row that reports a result
 */
public record TrialRecord(
    TrialKey key,
    int attempt,
    String status,
    String error,
    String executor,
    String started,
    double wallS,
    int epochs,
    double imagesPerS,
    TrialScores last,
    TrialScores best,
    TrialScores selection,
    List<HistoryPoint> history,
    boolean reevaluated,
    String diverged,
    int rung,
    double criterion,
    String decision)
    implements java.io.Serializable {

  /** Status of an attempt that completed. */
  public static final String FINISHED = "finished";

  /**
   * Status of an attempt whose loss stopped being finite: an outcome, not a failure (not retried;
   * its best checkpoint from before counts, docs/PROTOCOL.md "survivorship").
   */
  public static final String DIVERGED = "diverged";

  /** Status of an attempt that threw. */
  public static final String FAILED = "failed";

  /**
   * Status of a trial whose configuration a successive-halving sweep stopped at a rung: not a
   * failure, not in the summary's means ({@link HalvingSweep}).
   */
  public static final String STOPPED = "stopped";

  /** A row of a full sweep: no rung, no criterion, no decision. */
  public TrialRecord(
      TrialKey key,
      int attempt,
      String status,
      String error,
      String executor,
      String started,
      double wallS,
      int epochs,
      double imagesPerS,
      TrialScores last,
      TrialScores best,
      TrialScores selection,
      List<HistoryPoint> history,
      boolean reevaluated,
      String diverged) {
    this(
        key,
        attempt,
        status,
        error,
        executor,
        started,
        wallS,
        epochs,
        imagesPerS,
        last,
        best,
        selection,
        history,
        reevaluated,
        diverged,
        0,
        Double.NaN,
        null);
  }

  /** This row at halving rung {@code rungEpochs} with the criterion's value and a decision. */
  public TrialRecord atRung(int rungEpochs, double value, String status, String decision) {
    return new TrialRecord(
        key,
        attempt,
        status,
        error,
        executor,
        started,
        wallS,
        epochs,
        imagesPerS,
        last,
        best,
        selection,
        history,
        reevaluated,
        diverged,
        rungEpochs,
        value,
        decision);
  }

  /** Normalises missing evaluations (→ {@link TrialScores#NONE}) and {@code history} (copied). */
  public TrialRecord {
    last = last == null ? TrialScores.NONE : last;
    best = best == null ? TrialScores.NONE : best;
    selection = selection == null ? TrialScores.NONE : selection;
    history = history == null ? List.of() : List.copyOf(history);
  }

  /**
   * @return the trial's stable id
   */
  public String trialId() {
    return key.trialId();
  }

  /**
   * @return the sweep name
   */
  public String sweep() {
    return key.sweep();
  }

  /**
   * @return the data set
   */
  public String dataset() {
    return key.dataset();
  }

  /**
   * @return the model
   */
  public String model() {
    return key.model();
  }

  /**
   * @return the seed
   */
  public int seed() {
    return key.seed();
  }

  /**
   * @return the grid point's hyperparameters as canonical JSON
   */
  public String params() {
    return key.params();
  }

  /**
   * @return true when {@link #status} is {@link #FINISHED}
   */
  public boolean finished() {
    return FINISHED.equals(status);
  }

  /**
   * @return true when {@link #status} is {@link #DIVERGED}
   */
  public boolean isDiverged() {
    return DIVERGED.equals(status);
  }

  /**
   * @return true when the attempt ran to an outcome (finished or diverged): it is not retried
   */
  public boolean concluded() {
    return finished() || isDiverged();
  }

  /**
   * @param diverged whether diverged runs count ({@code sweep.diverged})
   * @return true when this attempt counts in the summary's means, paired tests and best run
   */
  public boolean counted(DivergedRuns diverged) {
    return finished() || isDiverged() && diverged == DivergedRuns.INCLUDE;
  }

  /**
   * A failed attempt: all metrics NaN, no history.
   *
   * @return the record
   */
  public static TrialRecord failed(
      TrialKey key, int attempt, String error, String executor, String started, double wallS) {
    return new TrialRecord(
        key,
        attempt,
        FAILED,
        error,
        executor,
        started,
        wallS,
        0,
        Double.NaN,
        null,
        null,
        null,
        List.of(),
        false,
        null);
  }

  /**
   * @return this record as a Spark row of {@link TrialsTable#SCHEMA}
   */
  public Row toRow() {
    List<Object> v =
        new ArrayList<>(
            List.of(
                key.trialId(), key.sweep(), key.dataset(), key.model(), key.seed(), key.params()));
    v.add(attempt);
    v.addAll(java.util.Arrays.asList(status, error, executor, started));
    v.addAll(List.of(wallS, epochs, imagesPerS));
    addScores(v, last);
    addScores(v, best);
    List<Row> h = new ArrayList<>(history.size());
    for (HistoryPoint p : history) {
      h.add(p.toRow());
    }
    v.add(h);
    v.add(last.ofmPairwise());
    v.add(best.ofmPairwise());
    addScores(v, selection);
    v.add(reevaluated);
    v.add(diverged);
    v.add(rung == 0 ? null : rung);
    v.add(criterion);
    v.add(decision);
    return RowFactory.create(v.toArray());
  }

  private static void addScores(List<Object> values, TrialScores s) {
    for (Metric m : MetricRegistry.tabulated()) {
      values.add(s.get(m));
    }
    values.add(s.ofm());
    values.add(s.loss());
  }

  /**
   * Reads a row of the trials table by field name; null or absent doubles become NaN (a metric
   * added after the row was written, or {@code selection_*} before it existed), null ints 0.
   *
   * @param r a row with (at least) the fields of {@link TrialsTable#SCHEMA}
   * @return the record
   */
  public static TrialRecord fromRow(Row r) {
    List<HistoryPoint> h = new ArrayList<>();
    int hi = r.fieldIndex("history");
    if (!r.isNullAt(hi)) {
      for (Row e : r.<Row>getList(hi)) {
        h.add(HistoryPoint.fromRow(e));
      }
    }
    TrialKey key =
        new TrialKey(
            Rows.str(r, "trial_id"),
            Rows.str(r, "sweep"),
            Rows.str(r, "dataset"),
            Rows.str(r, "model"),
            Rows.integer(r, "seed"),
            Rows.str(r, "params"));
    return new TrialRecord(
        key,
        Rows.integer(r, "attempt"),
        Rows.str(r, "status"),
        Rows.str(r, "error"),
        Rows.str(r, "executor"),
        Rows.str(r, "started"),
        Rows.dbl(r, "wall_s"),
        Rows.integer(r, "epochs"),
        Rows.dbl(r, "images_per_s"),
        scores(r, TrialScores.FINAL),
        scores(r, TrialScores.BEST),
        scores(r, TrialScores.SELECTION),
        h,
        Rows.has(r, "reevaluated")
            && !r.isNullAt(r.fieldIndex("reevaluated"))
            && r.getBoolean(r.fieldIndex("reevaluated")),
        Rows.optionalStr(r, "diverged"),
        Rows.has(r, "rung") ? Rows.integer(r, "rung") : 0,
        Rows.optionalDbl(r, "criterion"),
        Rows.optionalStr(r, "decision"));
  }

  private static TrialScores scores(Row r, String prefix) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Metric m : MetricRegistry.tabulated()) {
      values.put(m.name(), Rows.optionalDbl(r, prefix + m.name()));
    }
    return new TrialScores(
        new Scores(values),
        Rows.optionalDbl(r, prefix + "ofm"),
        Rows.optionalDbl(r, prefix + "loss"),
        Rows.optionalStr(r, prefix + "ofm_pairwise"));
  }
}
