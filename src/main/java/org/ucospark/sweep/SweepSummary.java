package org.ucospark.sweep;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;
import org.ucospark.io.HadoopFs;

/**
 * Summary of a sweep over the latest attempt of every trial (docs/ALGORITHMS.md §4.5): per (data
 * set, model, params) the number of finished and failed trials, mean ± sample std of ACC, NMI, ARI
 * and OFM of the reported evaluation ({@link MetricSource}: by default the lowest-loss
 * checkpoint's, {@code best_*}; the last epoch's, {@code final_*}, on request), and the "best run",
 * the finished run whose reported evaluation has the lowest total loss (selected without labels).
 * See {@link SummaryRow} for the formulas.
 *
 * <p>{@link #write(SparkSession, String)} writes, each atomically (temporary sibling, then rename):
 * {@code SWEEP_DIR/summary.parquet}, {@code summary.csv}, {@code summary.tex} ({@link
 * SummaryLatex}), {@code summary.md} (paper-style tables: rows = models, columns = data sets, cells
 * "mean ± std (best)"; paired comparisons; failed trials; provenance), {@code summary.json} (the
 * rows and the provenance, {@link #json}) and {@code paired.csv} ({@link PairedComparison}); with
 * pairwise OFM also {@code ofm_pairwise.csv} ({@link PairwiseOfm}).
 */
public final class SweepSummary {

  /** Summary as Parquet (a folder). */
  public static final String SUMMARY_PARQUET = "summary.parquet";

  /** Summary as one CSV file. */
  public static final String SUMMARY_CSV = "summary.csv";

  /** Summary as Markdown. */
  public static final String SUMMARY_MD = "summary.md";

  /** Paired comparisons as one CSV file. */
  public static final String PAIRED_CSV = "paired.csv";

  /** Summary rows and the sweep's provenance as JSON ({@link #json}). */
  public static final String SUMMARY_JSON = "summary.json";

  private SweepSummary() {}

  /**
   * The view a summary reports unless told otherwise: the lowest-loss checkpoint
   * (docs/ALGORITHMS.md §4.5).
   */
  public static final MetricSource DEFAULT_SOURCE = MetricSource.CHECKPOINT;

  /**
   * The summary data frame of {@code latest} with the lowest-loss checkpoint's metrics.
   *
   * @param latest latest attempts ({@link TrialsTable#latest})
   * @return one row per (dataset, model, params); see {@link #compute(Dataset, MetricSource)}
   */
  public static Dataset<Row> compute(Dataset<Row> latest) {
    return compute(latest, DEFAULT_SOURCE);
  }

  /**
   * The summary data frame: columns {@code metrics} (the view, {@link MetricSource#description()}),
   * {@code dataset, model, params, runs, failed, acc_mean, acc_std, nmi_mean, nmi_std, ari_mean,
   * ari_std, ofm_mean, ofm_std, best_seed, best_acc, best_nmi, best_loss}; {@code best_*} describe
   * the best run, the finished run with the lowest total loss of the chosen view ({@code best_loss}
   * or {@code final_loss} of the trials table). Undefined doubles are NaN; {@code best_seed} is
   * null when no run finished.
   *
   * @param latest latest attempts ({@link TrialsTable#latest})
   * @param source which metric columns to aggregate
   * @return the summary, sorted by dataset, model, params
   */
  public static Dataset<Row> compute(Dataset<Row> latest, MetricSource source) {
    return compute(latest, source, DivergedRuns.INCLUDE);
  }

  /**
   * The summary data frame of {@link #compute(Dataset, MetricSource)} with diverged runs counted or
   * not ({@code diverged}; columns {@code diverged}, the group's diverged trials, and {@code
   * selection_only}, its counted runs without a re-evaluated checkpoint, are added).
   */
  public static Dataset<Row> compute(
      Dataset<Row> latest, MetricSource source, DivergedRuns diverged) {
    Column isDiverged = col("status").equalTo(TrialRecord.DIVERGED);
    Column concluded = col("status").equalTo(TrialRecord.FINISHED).or(isDiverged);
    Column fin =
        diverged == DivergedRuns.INCLUDE ? concluded : col("status").equalTo(TrialRecord.FINISHED);
    String lossColumn = source.column("loss");
    Column bestLoss = finite(fin, lossColumn);
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(concluded, 0).otherwise(1)).cast("int").as("failed"));
    aggs.add(sum(when(isDiverged, 1).otherwise(0)).cast("int").as("diverged"));
    Column selectionOnly =
        source == MetricSource.CHECKPOINT
            ? fin.and(not(coalesce(col("reevaluated"), lit(false))))
            : lit(false);
    aggs.add(sum(when(selectionOnly, 1).otherwise(0)).cast("int").as("selection_only"));
    for (String m : SummaryRow.spreadNames()) {
      aggs.add(avg(finite(fin, source.column(m))).as(m + "_mean"));
      aggs.add(stddev_samp(finite(fin, source.column(m))).as(m + "_std"));
    }
    List<Column> bestFields =
        new ArrayList<>(List.of(col(lossColumn).as("loss"), col("seed").as("seed")));
    for (Metric m : MetricRegistry.headline()) {
      bestFields.add(col(source.column(m.name())).as(m.name()));
    }
    aggs.add(
        min(when(bestLoss.isNotNull(), struct(bestFields.toArray(new Column[0])))).as("_best"));
    Dataset<Row> g =
        latest
            .groupBy("dataset", "model", "params")
            .agg(
                sum(when(fin, 1).otherwise(0)).cast("int").as("runs"), aggs.toArray(new Column[0]));
    List<Column> out =
        new ArrayList<>(
            List.of(
                lit(source.description()).as("metrics"),
                col("dataset"),
                col("model"),
                col("params"),
                col("runs"),
                col("failed")));
    for (String m : SummaryRow.spreadNames()) {
      out.add(nan(col(m + "_mean")).as(m + "_mean"));
      out.add(nan(col(m + "_std")).as(m + "_std"));
    }
    out.add(col("_best.seed").as("best_seed"));
    for (Metric m : MetricRegistry.headline()) {
      out.add(nan(col("_best." + m.name())).as("best_" + m.name()));
    }
    out.add(nan(col("_best.loss")).as("best_loss"));
    out.add(col("diverged"));
    out.add(col("selection_only"));
    out.add(lit(diverged.id()).as("diverged_runs"));
    return g.select(out.toArray(new Column[0])).orderBy("dataset", "model", "params");
  }

  /** {@code c} for finished rows with a finite (non-null, non-NaN) value, null otherwise. */
  private static Column finite(Column fin, String c) {
    return when(fin.and(col(c).isNotNull()).and(not(isnan(col(c)))), col(c));
  }

  private static Column nan(Column c) {
    return coalesce(c.cast("double"), lit(Double.NaN));
  }

  /**
   * Collects a summary data frame into rows in display order ({@link Order}).
   *
   * @param summary output of {@link #compute}
   * @return rows
   */
  public static List<SummaryRow> collect(Dataset<Row> summary) {
    List<SummaryRow> rows = new ArrayList<>();
    for (Row r : summary.collectAsList()) {
      rows.add(row(r));
    }
    rows.sort(
        Comparator.comparing(SummaryRow::dataset, Order.DATASETS)
            .thenComparing(SummaryRow::model, Order.MODELS)
            .thenComparing(SummaryRow::params));
    return rows;
  }

  /** One row of the summary data frame; metrics the frame lacks read NaN. */
  private static SummaryRow row(Row r) {
    Map<String, SummaryRow.Spread> spreads = new LinkedHashMap<>();
    for (String m : SummaryRow.spreadNames()) {
      spreads.put(
          m,
          new SummaryRow.Spread(Rows.optionalDbl(r, m + "_mean"), Rows.optionalDbl(r, m + "_std")));
    }
    Map<String, Double> best = new LinkedHashMap<>();
    for (Metric m : MetricRegistry.headline()) {
      best.put(m.name(), Rows.optionalDbl(r, "best_" + m.name()));
    }
    int bs = r.fieldIndex("best_seed");
    return new SummaryRow(
        r.getAs("dataset"),
        r.getAs("model"),
        r.getAs("params"),
        r.<Integer>getAs("runs"),
        r.<Integer>getAs("failed"),
        spreads,
        r.isNullAt(bs) ? null : r.getInt(bs),
        new Scores(best),
        Rows.dbl(r, "best_loss"),
        r.<Integer>getAs("diverged"),
        r.<Integer>getAs("selection_only"));
  }

  /**
   * Trials whose latest attempt failed (neither finished nor diverged).
   *
   * @param latest latest attempts (records)
   * @return failed trials ordered by data set, model, params, seed
   */
  public static List<FailedTrial> failed(List<TrialRecord> latest) {
    List<FailedTrial> out = new ArrayList<>();
    for (TrialRecord r : latest) {
      if (!r.concluded()) {
        out.add(
            new FailedTrial(
                r.trialId(), r.dataset(), r.model(), r.params(), r.seed(), r.attempt(), r.error()));
      }
    }
    out.sort(
        Comparator.comparing(FailedTrial::dataset, Order.DATASETS)
            .thenComparing(FailedTrial::model, Order.MODELS)
            .thenComparing(FailedTrial::params)
            .thenComparingInt(FailedTrial::seed));
    return out;
  }

  /**
   * Reads the trials table and derives everything without writing.
   *
   * @param spark session
   * @param sweepDir sweep directory URI
   * @param source metric columns aggregated
   * @return the analysis
   */
  public static SweepAnalysis analyse(SparkSession spark, String sweepDir, MetricSource source) {
    return analyse(spark, sweepDir, source, DivergedRuns.INCLUDE);
  }

  /** {@link #analyse(SparkSession, String, MetricSource)}, diverged runs counted or not. */
  public static SweepAnalysis analyse(
      SparkSession spark, String sweepDir, MetricSource source, DivergedRuns diverged) {
    Counted c = Counted.of(spark, sweepDir);
    try {
      return analyse(c, compute(c.latest(), source, diverged), source, diverged);
    } finally {
      c.latest().unpersist();
    }
  }

  /**
   * The latest attempts the summary counts (cached), with what successive halving left out: the
   * trials it stopped and its settings (null for a full sweep).
   */
  private record Counted(Dataset<Row> latest, int stopped, JsonNode halving) {
    static Counted of(SparkSession spark, String sweepDir) {
      JsonNode halving =
          HalvingSummary.settings(
              new HadoopFs(spark.sparkContext().hadoopConfiguration()), sweepDir);
      Dataset<Row> all = TrialsTable.latest(TrialsTable.read(spark, sweepDir));
      Dataset<Row> latest = HalvingSummary.counted(all).cache();
      int stopped =
          halving == null ? 0 : (int) all.where(col("status").equalTo(TrialRecord.STOPPED)).count();
      return new Counted(latest, stopped, halving);
    }
  }

  private static SweepAnalysis analyse(
      Counted c, Dataset<Row> summary, MetricSource source, DivergedRuns diverged) {
    List<TrialRecord> records = TrialsTable.collect(c.latest());
    return new SweepAnalysis(
        source,
        records,
        collect(summary),
        PairedComparison.compute(records, source, diverged),
        failed(records),
        diverged,
        c.stopped(),
        c.halving());
  }

  /**
   * Rebuilds the summary files of a sweep from its trials table, metrics of the lowest-loss
   * checkpoint.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @return what was written
   */
  public static SweepAnalysis write(SparkSession spark, String sweepDir) {
    return write(spark, sweepDir, DEFAULT_SOURCE);
  }

  /**
   * Rebuilds {@code summary.parquet}, {@code summary.csv}, {@code summary.md}, {@code
   * summary.json}, {@code summary.tex} and {@code paired.csv} of a sweep, each replaced atomically.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @param source metric columns aggregated
   * @return what was written
   */
  public static SweepAnalysis write(SparkSession spark, String sweepDir, MetricSource source) {
    return write(spark, sweepDir, source, DivergedRuns.INCLUDE);
  }

  /**
   * {@link #write(SparkSession, String, MetricSource)}, diverged runs counted or not ({@code
   * sweep.diverged}).
   */
  public static SweepAnalysis write(
      SparkSession spark, String sweepDir, MetricSource source, DivergedRuns diverged) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Counted counted = Counted.of(spark, sweepDir);
    Dataset<Row> latest = counted.latest();
    try {
      Dataset<Row> summary = compute(latest, source, diverged).cache();
      Path parquet = new Path(sweepDir, SUMMARY_PARQUET);
      Path tmp = HadoopFs.temporarySibling(parquet);
      summary.coalesce(1).write().parquet(tmp.toString());
      fs.replace(tmp, parquet);
      SweepAnalysis a = analyse(counted, summary, source, diverged);
      summary.unpersist();
      String selection = HalvingSummary.selection(a.halving());
      fs.writeStringAtomically(
          new Path(sweepDir, SUMMARY_CSV),
          SummaryCsv.summaryCsv(a.rows(), source, diverged, selection));
      fs.writeStringAtomically(
          new Path(sweepDir, PAIRED_CSV), SummaryCsv.pairedCsv(a.paired(), source, selection));
      ObjectNode provenance = SweepProvenance.json(spark, fs, sweepDir, a.latest());
      fs.writeStringAtomically(
          new Path(sweepDir, SUMMARY_MD),
          HalvingSummary.banner(fs, sweepDir)
              + SummaryTables.markdown(a)
              + HalvingSummary.markdown(spark, sweepDir)
              + SweepProvenance.markdown(provenance));
      fs.writeStringAtomically(new Path(sweepDir, SUMMARY_JSON), SummaryJson.json(a, provenance));
      fs.writeStringAtomically(
          new Path(sweepDir, SummaryLatex.FILE),
          SummaryLatex.tables(a.rows(), SummaryTables.view(a)));
      List<PairwiseOfm.Matrix> pairwise = PairwiseOfm.aggregate(a.latest(), source);
      if (!pairwise.isEmpty()) {
        fs.writeStringAtomically(new Path(sweepDir, PairwiseOfm.CSV), PairwiseOfm.csv(pairwise));
      }
      return a;
    } finally {
      latest.unpersist();
    }
  }
}
