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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.Provenance;

/**
 * Summary of a sweep over the latest attempt of every trial (spec section 4): per (data set, model,
 * params) the number of finished and failed trials, mean ± sample std of ACC, NMI, ARI and OFM of
 * the reported evaluation ({@link MetricSource}: by default the lowest-loss checkpoint's, {@code
 * best_*}; the last epoch's, {@code final_*}, on request), and the "best run", the finished run
 * whose reported evaluation has the lowest total loss (selected without labels). See {@link
 * SummaryRow} for the formulas.
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
   * Everything derived from the trials table, collected on the driver.
   *
   * @param source metric columns aggregated
   * @param latest latest attempt of every trial
   * @param rows summary rows, in display order (data set, model, params)
   * @param paired paired comparisons
   * @param failed trials whose latest attempt failed, by data set, model, seed
   * @param diverged whether diverged runs count ({@code sweep.diverged})
   */
  public record Analysis(
      MetricSource source,
      List<TrialRecord> latest,
      List<SummaryRow> rows,
      List<PairedComparison.Result> paired,
      List<FailedTrial> failed,
      DivergedRuns diverged) {}

  /**
   * The view a summary reports unless told otherwise: the lowest-loss checkpoint (spec section 4).
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
    for (String m : new String[] {"acc", "nmi", "ari", "ofm"}) {
      aggs.add(avg(finite(fin, source.column(m))).as(m + "_mean"));
      aggs.add(stddev_samp(finite(fin, source.column(m))).as(m + "_std"));
    }
    aggs.add(
        min(when(
                bestLoss.isNotNull(),
                struct(
                    col(lossColumn).as("loss"),
                    col("seed").as("seed"),
                    col(source.column("acc")).as("acc"),
                    col(source.column("nmi")).as("nmi"))))
            .as("_best"));
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
    for (String m : new String[] {"acc", "nmi", "ari", "ofm"}) {
      out.add(nan(col(m + "_mean")).as(m + "_mean"));
      out.add(nan(col(m + "_std")).as(m + "_std"));
    }
    out.add(col("_best.seed").as("best_seed"));
    out.add(nan(col("_best.acc")).as("best_acc"));
    out.add(nan(col("_best.nmi")).as("best_nmi"));
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
      int bs = r.fieldIndex("best_seed");
      rows.add(
          new SummaryRow(
              r.getAs("dataset"),
              r.getAs("model"),
              r.getAs("params"),
              r.<Integer>getAs("runs"),
              r.<Integer>getAs("failed"),
              TrialRecord.dbl(r, "acc_mean"),
              TrialRecord.dbl(r, "acc_std"),
              TrialRecord.dbl(r, "nmi_mean"),
              TrialRecord.dbl(r, "nmi_std"),
              TrialRecord.dbl(r, "ari_mean"),
              TrialRecord.dbl(r, "ari_std"),
              TrialRecord.dbl(r, "ofm_mean"),
              TrialRecord.dbl(r, "ofm_std"),
              r.isNullAt(bs) ? null : r.getInt(bs),
              TrialRecord.dbl(r, "best_acc"),
              TrialRecord.dbl(r, "best_nmi"),
              TrialRecord.dbl(r, "best_loss"),
              r.<Integer>getAs("diverged"),
              r.<Integer>getAs("selection_only")));
    }
    rows.sort(
        Comparator.comparing(SummaryRow::dataset, Order.DATASETS)
            .thenComparing(SummaryRow::model, Order.MODELS)
            .thenComparing(SummaryRow::params));
    return rows;
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
  public static Analysis analyse(SparkSession spark, String sweepDir, MetricSource source) {
    return analyse(spark, sweepDir, source, DivergedRuns.INCLUDE);
  }

  /** {@link #analyse(SparkSession, String, MetricSource)}, diverged runs counted or not. */
  public static Analysis analyse(
      SparkSession spark, String sweepDir, MetricSource source, DivergedRuns diverged) {
    Dataset<Row> latest =
        HalvingSummary.counted(TrialsTable.latest(TrialsTable.read(spark, sweepDir))).cache();
    try {
      return analyse(latest, compute(latest, source, diverged), source, diverged);
    } finally {
      latest.unpersist();
    }
  }

  private static Analysis analyse(
      Dataset<Row> latest, Dataset<Row> summary, MetricSource source, DivergedRuns diverged) {
    List<TrialRecord> records = TrialsTable.collect(latest);
    return new Analysis(
        source,
        records,
        collect(summary),
        PairedComparison.compute(records, source, diverged),
        failed(records),
        diverged);
  }

  /**
   * Rebuilds the summary files of a sweep from its trials table, metrics of the lowest-loss
   * checkpoint.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @return what was written
   */
  public static Analysis write(SparkSession spark, String sweepDir) {
    return write(spark, sweepDir, DEFAULT_SOURCE);
  }

  /**
   * The provenance section of summary.md: the fields of {@link #provenance}, objects and lists as
   * JSON.
   */
  static String provenanceMarkdown(ObjectNode p) {
    StringBuilder sb = new StringBuilder("\n## Provenance\n\n| | |\n|---|---|\n");
    p.fields()
        .forEachRemaining(
            e ->
                sb.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(
                        e.getValue().isValueNode()
                            ? e.getValue().asText()
                            : e.getValue().toString())
                    .append(" |\n"));
    return sb.toString();
  }

  /**
   * Where a sweep's numbers came from: uco-spark version and git commit, Java, Spark, DL4J/ND4J and
   * the date ({@link Provenance#json}); the Spark master and executor count of the session that
   * summarises ({@code spark_master}, {@code executors}) and the executors the trials ran on
   * ({@code trial_executors}); the seeds; per data set the path and manifest checksums its trials
   * read ({@code data_path}, {@code data_sha256}, from the run directory's summary.json of its
   * first finished trial with a readable one, which {@link TrialRunner} writes under {@code
   * runs/<trial id>}; absent when no run directory is left); {@code wall_s}, from the first start
   * to the last end of the latest attempts, {@code trial_wall_s_sum}, the sum of their wall times,
   * and {@code images_per_s_mean}, the mean training throughput of the finished trials.
   *
   * @param spark session that summarises
   * @param fs file systems
   * @param sweepDir sweep directory URI
   * @param latest latest attempt of every trial
   * @return the provenance object
   */
  public static ObjectNode provenance(
      SparkSession spark, HadoopFs fs, String sweepDir, List<TrialRecord> latest) {
    ObjectNode p = Provenance.json(null);
    p.put("spark_master", spark.sparkContext().master());
    p.put("executors", Math.max(1, spark.sparkContext().getExecutorMemoryStatus().size() - 1));
    ArrayNode executors = p.putArray("trial_executors");
    latest.stream()
        .map(TrialRecord::executor)
        .filter(java.util.Objects::nonNull)
        .distinct()
        .sorted()
        .forEach(executors::add);
    ArrayNode seeds = p.putArray("seeds");
    latest.stream().mapToInt(TrialRecord::seed).distinct().sorted().forEach(seeds::add);
    ObjectNode paths = p.putObject("data_path");
    ObjectNode sums = p.putObject("data_sha256");
    java.util.TreeSet<String> datasets = new java.util.TreeSet<>(Order.DATASETS);
    latest.forEach(r -> datasets.add(r.dataset()));
    for (String ds : datasets) {
      for (TrialRecord r : latest) {
        Path summary = new Path(TrialRunner.runDir(sweepDir, r.trialId()), SUMMARY_JSON);
        if (r.finished() && r.dataset().equals(ds) && fs.exists(summary)) {
          JsonNode run;
          try {
            run = readJson(fs, summary);
          } catch (org.ucospark.UcoException e) {
            continue; // a damaged run directory: the next trial of the data set tells
          }
          paths.put(ds, run.path("data_path").asText(""));
          sums.set(ds, run.path("provenance").path("data_sha256"));
          break;
        }
      }
    }
    double start = Double.POSITIVE_INFINITY;
    double end = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (TrialRecord r : latest) {
      try {
        double t = java.time.Instant.parse(r.started()).toEpochMilli() / 1e3;
        start = Math.min(start, t);
        end = Math.max(end, t + r.wallS());
      } catch (RuntimeException e) {
        // an attempt without a parsable start counts in the sum only
      }
      sum += Double.isFinite(r.wallS()) ? r.wallS() : 0;
    }
    number(p, "wall_s", end - start);
    number(p, "trial_wall_s_sum", sum);
    number(
        p,
        "images_per_s_mean",
        latest.stream()
            .filter(TrialRecord::finished)
            .mapToDouble(TrialRecord::imagesPerS)
            .filter(Double::isFinite)
            .average()
            .orElse(Double.NaN));
    return p;
  }

  private static JsonNode readJson(HadoopFs fs, Path file) {
    try {
      return JSON.readTree(fs.readString(file));
    } catch (java.io.IOException e) {
      throw new org.ucospark.UcoException(file + ": not valid JSON: " + e.getMessage());
    }
  }

  /** Puts a finite {@code v}, else null (JSON has no NaN). */
  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The best run of every summary row that has one: the finished latest attempt of its (data set,
   * model, params) with the row's best seed (the lowest total loss of the view, {@link #compute}).
   * One index of the attempts, then a lookup per row: a scan of all attempts per row grew with rows
   * × trials, quadratically in the size of a grid sweep (issue 26).
   *
   * @param a analysis
   * @return best run per row (by identity: look up the rows of {@code a}), rows without one absent
   */
  public static Map<SummaryRow, TrialRecord> bestRuns(Analysis a) {
    Map<List<Object>, TrialRecord> byKey = new HashMap<>();
    for (TrialRecord r : a.latest()) {
      if (r.concluded()) {
        byKey.putIfAbsent(List.of(r.dataset(), r.model(), r.params(), r.seed()), r);
      }
    }
    Map<SummaryRow, TrialRecord> out = new IdentityHashMap<>(); // keyed by a.rows()' own objects
    for (SummaryRow row : a.rows()) {
      TrialRecord r =
          row.bestSeed() == null
              ? null
              : byKey.get(List.of(row.dataset(), row.model(), row.params(), row.bestSeed()));
      if (r != null) {
        out.put(row, r);
      }
    }
    return out;
  }

  /**
   * {@code summary.json}: {@code metrics} (the view), {@code rows} (one object per summary row with
   * the fields of summary.csv, non-finite numbers as null, plus {@code best_trial_id}, the best
   * run's trial id, whose run directory is {@code runs/<best_trial_id>}) and {@code provenance}
   * ({@link #provenance}).
   *
   * @param a analysis
   * @param provenance provenance object
   * @return the JSON text
   */
  public static String json(Analysis a, ObjectNode provenance) {
    ObjectNode root = JSON.createObjectNode();
    root.put("metrics", a.source().description());
    root.put("diverged_runs", a.diverged().id());
    ArrayNode rows = root.putArray("rows");
    Map<SummaryRow, TrialRecord> bestRuns = bestRuns(a);
    for (SummaryRow r : a.rows()) {
      ObjectNode o =
          rows.addObject()
              .put("dataset", r.dataset())
              .put("model", r.model())
              .put("params", r.params())
              .put("runs", r.runs())
              .put("failed", r.failed())
              .put("diverged", r.diverged())
              .put("selection_only", r.selectionOnly());
      number(o, "acc_mean", r.accMean());
      number(o, "acc_std", r.accStd());
      number(o, "nmi_mean", r.nmiMean());
      number(o, "nmi_std", r.nmiStd());
      number(o, "ari_mean", r.ariMean());
      number(o, "ari_std", r.ariStd());
      number(o, "ofm_mean", r.ofmMean());
      number(o, "ofm_std", r.ofmStd());
      if (r.bestSeed() == null) {
        o.putNull("best_seed");
      } else {
        o.put("best_seed", r.bestSeed());
      }
      TrialRecord best = bestRuns.get(r);
      o.put("best_trial_id", best == null ? null : best.trialId());
      number(o, "best_acc", r.bestAcc());
      number(o, "best_nmi", r.bestNmi());
      number(o, "best_loss", r.bestLoss());
    }
    root.set("provenance", provenance);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
  public static Analysis write(SparkSession spark, String sweepDir, MetricSource source) {
    return write(spark, sweepDir, source, DivergedRuns.INCLUDE);
  }

  /**
   * {@link #write(SparkSession, String, MetricSource)}, diverged runs counted or not ({@code
   * sweep.diverged}).
   */
  public static Analysis write(
      SparkSession spark, String sweepDir, MetricSource source, DivergedRuns diverged) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Dataset<Row> latest =
        HalvingSummary.counted(TrialsTable.latest(TrialsTable.read(spark, sweepDir))).cache();
    try {
      Dataset<Row> summary = compute(latest, source, diverged).cache();
      Path parquet = new Path(sweepDir, SUMMARY_PARQUET);
      Path tmp = HadoopFs.temporarySibling(parquet);
      summary.coalesce(1).write().parquet(tmp.toString());
      fs.replace(tmp, parquet);
      Analysis a = analyse(latest, summary, source, diverged);
      summary.unpersist();
      fs.writeStringAtomically(
          new Path(sweepDir, SUMMARY_CSV), SummaryTables.summaryCsv(a.rows(), source, diverged));
      fs.writeStringAtomically(
          new Path(sweepDir, PAIRED_CSV), SummaryTables.pairedCsv(a.paired(), source));
      ObjectNode provenance = provenance(spark, fs, sweepDir, a.latest());
      fs.writeStringAtomically(
          new Path(sweepDir, SUMMARY_MD),
          HalvingSummary.banner(fs, sweepDir)
              + SummaryTables.markdown(a)
              + HalvingSummary.markdown(spark, sweepDir)
              + provenanceMarkdown(provenance));
      fs.writeStringAtomically(new Path(sweepDir, SUMMARY_JSON), json(a, provenance));
      fs.writeStringAtomically(
          new Path(sweepDir, SummaryLatex.FILE),
          SummaryLatex.tables(a.rows(), a.source().description() + ", " + diverged.description()));
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
