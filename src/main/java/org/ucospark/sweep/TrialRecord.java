package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One row of the trials table: one attempt of one trial (a grid point and a seed). Mirrors {@link
 * TrialsTable#SCHEMA} field by field, in order.
 *
 * <p>Metrics that do not exist are NaN: every metric of a failed attempt, and {@code ofm} of a
 * model without a companion objective (never 0). {@code final_*} are the metrics after the last
 * epoch; {@code best_*} those of the checkpoint with the lowest total loss (spec section 4),
 * evaluated once more after training in another order ({@code reevaluated}; docs/PROTOCOL.md,
 * "winner's curse"), and {@code selection_*} the evaluation that selected it. Rows written before
 * the re-evaluation existed have {@code reevaluated} null (read as false) and report the selecting
 * evaluation as {@code best_*}; the tables mark them.
 *
 * @param trialId stable hash of the resolved config and the seed; equal across attempts
 * @param sweep sweep name
 * @param dataset data set name ({@code mnist}, {@code usps}, ...)
 * @param model model name ({@code ddc}, {@code ddc_uco}, ...)
 * @param seed seed of the initialisation; equal seed = equal initial weights across models
 * @param params canonical JSON object of this grid point's hyperparameter-axis values, {@code "{}"}
 *     when none
 * @param attempt attempt number, the latest attempt (highest) wins
 * @param status {@link #FINISHED}, {@link #DIVERGED} or {@link #FAILED}
 * @param error error message, null unless failed
 * @param executor where the attempt ran (host or executor id)
 * @param started ISO-8601 instant of the start
 * @param wallS wall-clock seconds
 * @param epochs epochs trained
 * @param imagesPerS training throughput
 * @param finalAcc ACC after the last epoch
 * @param finalNmi NMI after the last epoch
 * @param finalAri ARI after the last epoch
 * @param finalOfm OFM after the last epoch, NaN without companion
 * @param finalLoss total loss after the last epoch (selects the "best run")
 * @param bestAcc ACC of the lowest-loss checkpoint
 * @param bestNmi NMI of the lowest-loss checkpoint
 * @param bestAri ARI of the lowest-loss checkpoint
 * @param bestOfm OFM of the lowest-loss checkpoint
 * @param bestLoss total loss of the lowest-loss checkpoint
 * @param history one point per evaluation, in epoch order; empty list when none
 * @param finalOfmPairwise pairwise OFM after the last epoch ({@code ofm.mode = pairwise}) as JSON,
 *     term → term → cosine (symmetric); {@code "{}"} when not computed
 * @param bestOfmPairwise pairwise OFM of the lowest-loss checkpoint, the same way
 * @param selectionAcc ACC of the evaluation that selected the lowest-loss checkpoint
 * @param selectionNmi NMI of that evaluation
 * @param selectionAri ARI of that evaluation
 * @param selectionOfm OFM of that evaluation
 * @param selectionLoss total loss of that evaluation (the lowest of the run's evaluations)
 * @param reevaluated whether {@code best_*} is the re-evaluation (false: a row written before it,
 *     whose {@code best_*} is the selecting evaluation)
 * @param diverged where a {@link #DIVERGED} run's loss stopped being finite ("epoch 3: ddc_1 =
 *     NaN"), else null
 * @param rung a successive-halving sweep's rung this row reports: the epochs the trial was trained
 *     to in it ({@link HalvingSweep}); 0 for a trial of a full sweep (and rows written before)
 * @param criterion the halving criterion's value after the rung's last epoch, NaN when none
 * @param decision what halving decided for the trial's configuration at this rung ({@link
 *     Halving#PROMOTED}, {@link Halving#STOPPED}), null for a row that reports a result
 */
public record TrialRecord(
    String trialId,
    String sweep,
    String dataset,
    String model,
    int seed,
    String params,
    int attempt,
    String status,
    String error,
    String executor,
    String started,
    double wallS,
    int epochs,
    double imagesPerS,
    double finalAcc,
    double finalNmi,
    double finalAri,
    double finalOfm,
    double finalLoss,
    double bestAcc,
    double bestNmi,
    double bestAri,
    double bestOfm,
    double bestLoss,
    List<HistoryPoint> history,
    String finalOfmPairwise,
    String bestOfmPairwise,
    double selectionAcc,
    double selectionNmi,
    double selectionAri,
    double selectionOfm,
    double selectionLoss,
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
      String trialId,
      String sweep,
      String dataset,
      String model,
      int seed,
      String params,
      int attempt,
      String status,
      String error,
      String executor,
      String started,
      double wallS,
      int epochs,
      double imagesPerS,
      double finalAcc,
      double finalNmi,
      double finalAri,
      double finalOfm,
      double finalLoss,
      double bestAcc,
      double bestNmi,
      double bestAri,
      double bestOfm,
      double bestLoss,
      List<HistoryPoint> history,
      String finalOfmPairwise,
      String bestOfmPairwise,
      double selectionAcc,
      double selectionNmi,
      double selectionAri,
      double selectionOfm,
      double selectionLoss,
      boolean reevaluated,
      String diverged) {
    this(
        trialId,
        sweep,
        dataset,
        model,
        seed,
        params,
        attempt,
        status,
        error,
        executor,
        started,
        wallS,
        epochs,
        imagesPerS,
        finalAcc,
        finalNmi,
        finalAri,
        finalOfm,
        finalLoss,
        bestAcc,
        bestNmi,
        bestAri,
        bestOfm,
        bestLoss,
        history,
        finalOfmPairwise,
        bestOfmPairwise,
        selectionAcc,
        selectionNmi,
        selectionAri,
        selectionOfm,
        selectionLoss,
        reevaluated,
        diverged,
        0,
        Double.NaN,
        null);
  }

  /** This row at halving rung {@code rungEpochs} with the criterion's value and a decision. */
  public TrialRecord atRung(int rungEpochs, double value, String status, String decision) {
    return new TrialRecord(
        trialId,
        sweep,
        dataset,
        model,
        seed,
        params,
        attempt,
        status,
        error,
        executor,
        started,
        wallS,
        epochs,
        imagesPerS,
        finalAcc,
        finalNmi,
        finalAri,
        finalOfm,
        finalLoss,
        bestAcc,
        bestNmi,
        bestAri,
        bestOfm,
        bestLoss,
        history,
        finalOfmPairwise,
        bestOfmPairwise,
        selectionAcc,
        selectionNmi,
        selectionAri,
        selectionOfm,
        selectionLoss,
        reevaluated,
        diverged,
        rungEpochs,
        value,
        decision);
  }

  /** Normalises {@code params} (null → {@code "{}"}) and {@code history} (null → empty, copied). */
  public TrialRecord {
    params = params == null || params.isBlank() ? "{}" : params;
    history = history == null ? List.of() : List.copyOf(history);
    finalOfmPairwise =
        finalOfmPairwise == null || finalOfmPairwise.isBlank() ? "{}" : finalOfmPairwise;
    bestOfmPairwise = bestOfmPairwise == null || bestOfmPairwise.isBlank() ? "{}" : bestOfmPairwise;
  }

  /**
   * A pairwise-OFM column as a matrix.
   *
   * @param json {@link #finalOfmPairwise} or {@link #bestOfmPairwise}
   * @return term → term → cosine, in term order; empty when not computed
   */
  public static java.util.Map<String, java.util.Map<String, Double>> pairwise(String json) {
    try {
      return com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .readValue(
              json,
              new com.fasterxml.jackson.core.type.TypeReference<
                  java.util.LinkedHashMap<String, java.util.Map<String, Double>>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("trials table: unreadable pairwise OFM " + json, e);
    }
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
      String trialId,
      String sweep,
      String dataset,
      String model,
      int seed,
      String params,
      int attempt,
      String error,
      String executor,
      String started,
      double wallS) {
    double n = Double.NaN;
    return new TrialRecord(
        trialId, sweep, dataset, model, seed, params, attempt, FAILED, error, executor, started,
        wallS, 0, n, n, n, n, n, n, n, n, n, n, n, List.of(), "{}", "{}", n, n, n, n, n, false,
        null);
  }

  /**
   * @return this record as a Spark row of {@link TrialsTable#SCHEMA}
   */
  public Row toRow() {
    List<Row> h = new ArrayList<>(history.size());
    for (HistoryPoint p : history) {
      h.add(p.toRow());
    }
    return RowFactory.create(
        trialId,
        sweep,
        dataset,
        model,
        seed,
        params,
        attempt,
        status,
        error,
        executor,
        started,
        wallS,
        epochs,
        imagesPerS,
        finalAcc,
        finalNmi,
        finalAri,
        finalOfm,
        finalLoss,
        bestAcc,
        bestNmi,
        bestAri,
        bestOfm,
        bestLoss,
        h,
        finalOfmPairwise,
        bestOfmPairwise,
        selectionAcc,
        selectionNmi,
        selectionAri,
        selectionOfm,
        selectionLoss,
        reevaluated,
        diverged,
        rung == 0 ? null : rung,
        criterion,
        decision);
  }

  /**
   * Reads a row of the trials table by field name; null doubles become NaN, null ints 0.
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
    return new TrialRecord(
        str(r, "trial_id"),
        str(r, "sweep"),
        str(r, "dataset"),
        str(r, "model"),
        integer(r, "seed"),
        str(r, "params"),
        integer(r, "attempt"),
        str(r, "status"),
        str(r, "error"),
        str(r, "executor"),
        str(r, "started"),
        dbl(r, "wall_s"),
        integer(r, "epochs"),
        dbl(r, "images_per_s"),
        dbl(r, "final_acc"),
        dbl(r, "final_nmi"),
        dbl(r, "final_ari"),
        dbl(r, "final_ofm"),
        dbl(r, "final_loss"),
        dbl(r, "best_acc"),
        dbl(r, "best_nmi"),
        dbl(r, "best_ari"),
        dbl(r, "best_ofm"),
        dbl(r, "best_loss"),
        h,
        optionalStr(r, "final_ofm_pairwise"),
        optionalStr(r, "best_ofm_pairwise"),
        optionalDbl(r, "selection_acc"),
        optionalDbl(r, "selection_nmi"),
        optionalDbl(r, "selection_ari"),
        optionalDbl(r, "selection_ofm"),
        optionalDbl(r, "selection_loss"),
        has(r, "reevaluated")
            && !r.isNullAt(r.fieldIndex("reevaluated"))
            && r.getBoolean(r.fieldIndex("reevaluated")),
        optionalStr(r, "diverged"),
        has(r, "rung") ? integer(r, "rung") : 0,
        optionalDbl(r, "criterion"),
        optionalStr(r, "decision"));
  }

  private static boolean has(Row r, String f) {
    return java.util.Arrays.asList(r.schema().fieldNames()).contains(f);
  }

  /** The double field {@code f}, NaN when the row has no such field (trial files before it). */
  static double optionalDbl(Row r, String f) {
    return has(r, f) ? dbl(r, f) : Double.NaN;
  }

  static String str(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? null : r.getString(i);
  }

  /**
   * The string field {@code f}, null when the row has no such field (trial files written before
   * it).
   */
  static String optionalStr(Row r, String f) {
    return has(r, f) ? str(r, f) : null;
  }

  static int integer(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).intValue();
  }

  static double dbl(Row r, String f) {
    return dbl(r, r.fieldIndex(f));
  }

  static double dbl(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }
}
