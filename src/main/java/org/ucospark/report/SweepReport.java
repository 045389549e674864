package org.ucospark.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.HalvingSummary;
import org.ucospark.sweep.HistoryPoint;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.Order;
import org.ucospark.sweep.PairwiseOfm;
import org.ucospark.sweep.SummaryTables;
import org.ucospark.sweep.SweepAnalysis;
import org.ucospark.sweep.SweepProvenance;
import org.ucospark.sweep.SweepSummary;
import org.ucospark.sweep.TrialRecord;

/**
 * Writes {@code SWEEP_DIR/report/}: {@code index.html} (self-contained, inline CSS, relative links
 * only) with the summary tables, paired comparisons and failed trials, and per data set the PNGs
 *
 * <ul>
 *   <li>{@code acc_<dataset>.png}, {@code nmi_<dataset>.png}: ACC/NMI versus epoch per model, mean
 *       over finished runs with a ±std band ({@link EpochCurve});
 *   <li>{@code ofm_<dataset>.png}: OFM versus epoch of the companion models (those with a non-NaN
 *       OFM), when there are any;
 *   <li>{@code box_acc_<dataset>.png}: box plot of the per-run ACC per model.
 *   <li>{@code ofm_pairwise_<dataset>_<model>.png}: with {@code ofm.mode = pairwise}, the term ×
 *       term heat map of the mean pairwise OFM of each model ({@link PairwiseOfm}).
 * </ul>
 *
 * The folder is built beside the target and swapped in by rename, so a reader sees the old report
 * or the new one, never a mix.
 *
 * <p>Best runs: each (data set, model) cell of the ACC and NMI tables links to the run report of
 * that cell's best run (the finished run with the lowest total loss of the view, the run the
 * summary's "(best)" names, {@link SweepSummary#bestRun}), {@code ../runs/<trial
 * id>/report/index.html}, which is written by {@link RunReport} into the run directory when it is
 * not there yet (an existing one is kept); the page shows that run's confusion matrix, {@code
 * confusion_<dataset>_<model>.png}, a copy of the run report's. A cell whose run directory is gone
 * (or written before per-example assignments) says so instead. The page ends with the sweep's
 * provenance ({@link SweepSummary#provenance}).
 */
public final class SweepReport {

  /** Report folder inside the sweep directory ({@link ReportFolder#REPORT}). */
  public static final String REPORT = ReportFolder.REPORT;

  /** Page name ({@link ReportFolder#INDEX}). */
  public static final String INDEX = ReportFolder.INDEX;

  private SweepReport() {}

  /** A rendered report: file name → content. */
  public record Page(Map<String, byte[]> files) {}

  /**
   * Renders the report of {@code sweepDir} from its trials table (metrics of the lowest-loss
   * checkpoint).
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @return the path of {@code index.html}
   */
  public static Path write(SparkSession spark, String sweepDir) {
    return write(spark, sweepDir, SweepSummary.DEFAULT_SOURCE);
  }

  /**
   * Renders the report of {@code sweepDir} and replaces {@code SWEEP_DIR/report/}.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @param source metric columns for tables and box plots
   * @return the path of {@code index.html}
   */
  public static Path write(SparkSession spark, String sweepDir, MetricSource source) {
    return write(spark, sweepDir, source, RunReport.defaultTsnePoints());
  }

  /**
   * Renders the report of {@code sweepDir} and replaces {@code SWEEP_DIR/report/}; writes the run
   * reports of the best runs that have none.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @param source metric columns for tables and box plots
   * @param tsnePoints {@code report.tsne_points} of the run reports written here
   * @return the path of {@code index.html}
   */
  public static Path write(
      SparkSession spark, String sweepDir, MetricSource source, int tsnePoints) {
    return write(spark, sweepDir, SweepSummary.analyse(spark, sweepDir, source), tsnePoints);
  }

  /**
   * Renders the report of an analysis already made (by {@link SweepSummary#write}, so a sweep's end
   * reads and analyses its trials table once) and replaces {@code SWEEP_DIR/report/}; writes the
   * run reports of the best runs that have none.
   *
   * @param spark session
   * @param sweepDir sweep directory URI (any Hadoop file system)
   * @param a the analysis of the sweep's trials table
   * @param tsnePoints {@code report.tsne_points} of the run reports written here
   * @return the path of {@code index.html}
   */
  public static Path write(SparkSession spark, String sweepDir, SweepAnalysis a, int tsnePoints) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    List<BestRun> best = BestRun.find(spark, fs, sweepDir, a, tsnePoints);
    Page page = render(a, best, SweepProvenance.json(spark, fs, sweepDir, a.latest()));
    HalvingReport.addTo(page.files(), HalvingSummary.view(spark, sweepDir));
    Path target = new Path(sweepDir, REPORT);
    ReportFolder.write(fs, target, page.files());
    return new Path(target, INDEX);
  }

  /**
   * Renders the page and its PNGs (no I/O), without best runs or provenance.
   *
   * @param a analysis of the sweep
   * @return files by name, {@code index.html} last
   */
  public static Page render(SweepAnalysis a) {
    return render(a, List.of(), null);
  }

  /**
   * Renders the page and its PNGs (no I/O).
   *
   * @param a analysis of the sweep
   * @param best best run of each cell ({@link #bestRuns})
   * @param provenance the sweep's provenance ({@link SweepSummary#provenance}), null for none
   * @return files by name, {@code index.html} last
   */
  public static Page render(SweepAnalysis a, List<BestRun> best, ObjectNode provenance) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (BestRun b : best) {
      if (b.confusion() != null) {
        files.put(b.confusionFile(), b.confusion());
      }
    }
    // stable colour per (model, params) group over the whole report
    TreeSet<List<String>> groups =
        new TreeSet<>(
            (x, y) -> {
              int c = Order.MODELS.compare(x.get(0), y.get(0));
              return c != 0 ? c : x.get(1).compareTo(y.get(1));
            });
    TreeSet<String> datasets = new TreeSet<>(Order.DATASETS);
    for (TrialRecord r : a.latest()) {
      groups.add(List.of(r.model(), r.params()));
      datasets.add(r.dataset());
    }
    Map<String, Color> colors = new LinkedHashMap<>();
    for (List<String> g : groups) {
      colors.put(SummaryTables.label(g.get(0), g.get(1)), SweepPlots.color(colors.size()));
    }
    Map<String, List<String>> images = new LinkedHashMap<>();
    List<PairwiseOfm.Matrix> pairwise = PairwiseOfm.aggregate(a.latest(), a.source());
    for (String ds : datasets) {
      List<String> imgs = new ArrayList<>();
      String slug = ReportFolder.slug(ds);
      Map<String, List<TrialRecord>> runs = countedRuns(a, ds, groups);
      if (runs.isEmpty()) {
        images.put(ds, imgs);
        continue;
      }
      for (Metric m : MetricRegistry.headline()) {
        curvesPng(
            files,
            imgs,
            m.name() + "_" + slug + ".png",
            plotTitle(ds + ": " + m.label() + " vs epoch (mean ± std over runs)", a),
            m.label(),
            runs,
            p -> p.get(m),
            colors);
      }
      curvesPng(
          files,
          imgs,
          "ofm_" + slug + ".png",
          plotTitle(ds + ": OFM vs epoch, companion models (mean ± std)", a),
          "OFM = cos(g_c, g_a)",
          runs,
          HistoryPoint::ofm,
          colors);
      boxPng(files, imgs, a, ds, runs, colors);
      pairwisePngs(files, imgs, a, ds, pairwise);
      images.put(ds, imgs);
    }
    files.put(
        INDEX,
        ReportHtml.page(a, images, best, provenance, Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Page(files);
  }

  /**
   * A plot's title, with {@code " — selected with labels"} when the sweep chose its configurations
   * by a label metric (docs/SWEEPS.md, "The criterion"): a plot copied out of the report says it.
   */
  static String plotTitle(String title, SweepAnalysis a) {
    return a.selectedWithLabels() ? title + " — " + HalvingSummary.WITH_LABELS : title;
  }

  /** The counted runs of data set {@code ds} by group label, groups in {@code groups}' order. */
  private static Map<String, List<TrialRecord>> countedRuns(
      SweepAnalysis a, String ds, TreeSet<List<String>> groups) {
    Map<String, List<TrialRecord>> runs = new LinkedHashMap<>();
    for (List<String> g : groups) {
      List<TrialRecord> rs = new ArrayList<>();
      for (TrialRecord r : a.latest()) {
        if (r.counted(a.diverged())
            && r.dataset().equals(ds)
            && r.model().equals(g.get(0))
            && r.params().equals(g.get(1))) {
          rs.add(r);
        }
      }
      if (!rs.isEmpty()) {
        runs.put(SummaryTables.label(g.get(0), g.get(1)), rs);
      }
    }
    return runs;
  }

  /** The box plot of the first headline metric (ACC) per run of each group of {@code ds}. */
  private static void boxPng(
      Map<String, byte[]> files,
      List<String> imgs,
      SweepAnalysis a,
      String ds,
      Map<String, List<TrialRecord>> runs,
      Map<String, Color> colors) {
    // the box plot shows the first headline metric (ACC)
    Metric boxed = MetricRegistry.headline().get(0);
    List<String> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    List<Color> cols = new ArrayList<>();
    for (var e : runs.entrySet()) {
      labels.add(e.getKey());
      values.add(e.getValue().stream().mapToDouble(r -> a.source().of(r).get(boxed)).toArray());
      cols.add(colors.get(e.getKey()));
    }
    // a data set without labels has no ACC at all: no box plot (XChart cannot draw an empty one)
    if (values.stream().flatMapToDouble(java.util.Arrays::stream).anyMatch(Double::isFinite)) {
      String box = "box_" + boxed.name() + "_" + ReportFolder.slug(ds) + ".png";
      files.put(
          box,
          SweepPlots.boxes(
              plotTitle(
                  ds + ": " + SummaryTables.heading(boxed.label() + " per run", a.source()), a),
              boxed.label(),
              labels,
              values,
              cols));
      imgs.add(box);
    }
  }

  /** The heat maps of the pairwise OFM of {@code ds}' groups (ofm.mode = pairwise). */
  private static void pairwisePngs(
      Map<String, byte[]> files,
      List<String> imgs,
      SweepAnalysis a,
      String ds,
      List<PairwiseOfm.Matrix> pairwise) {
    for (PairwiseOfm.Matrix m : pairwise) {
      if (m.dataset().equals(ds)) {
        String name =
            "ofm_pairwise_" + ReportFolder.slug(ds) + "_" + ReportFolder.slug(m.label()) + ".png";
        files.put(
            name,
            SweepPlots.heatMap(
                plotTitle(
                    ds
                        + ", "
                        + m.label()
                        + ": pairwise OFM (mean of "
                        + m.runs()
                        + " runs, "
                        + a.source().description()
                        + ")",
                    a),
                m.terms(),
                m.mean()));
        imgs.add(name);
      }
    }
  }

  private static void curvesPng(
      Map<String, byte[]> files,
      List<String> imgs,
      String name,
      String title,
      String yTitle,
      Map<String, List<TrialRecord>> runs,
      ToDoubleFunction<HistoryPoint> metric,
      Map<String, Color> colors) {
    List<EpochCurve> curves = new ArrayList<>();
    for (var e : runs.entrySet()) {
      List<List<HistoryPoint>> hs = new ArrayList<>();
      for (TrialRecord r : e.getValue()) {
        hs.add(r.history());
      }
      EpochCurve c = EpochCurve.of(e.getKey(), hs, metric);
      if (!c.isEmpty()) {
        curves.add(c);
      }
    }
    if (curves.isEmpty()) {
      return;
    }
    files.put(name, SweepPlots.curves(title, yTitle, curves, colors));
    imgs.add(name);
  }
}
