package org.ucospark.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.HistoryPoint;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.Order;
import org.ucospark.sweep.PairwiseOfm;
import org.ucospark.sweep.SummaryRow;
import org.ucospark.sweep.SummaryTables;
import org.ucospark.sweep.SweepSummary;
import org.ucospark.sweep.TrialRecord;
import org.ucospark.sweep.TrialRunner;

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

  /** Report folder inside the sweep directory. */
  public static final String REPORT = "report";

  /** Page name. */
  public static final String INDEX = "index.html";

  private SweepReport() {}

  /** A rendered report: file name → content. */
  public record Page(Map<String, byte[]> files) {}

  /**
   * The best run of a (data set, model, params) cell.
   *
   * @param dataset data set
   * @param label model label ({@link SummaryTables#label})
   * @param trialId its trial id
   * @param seed its seed
   * @param link relative link from the sweep report to its run report, null when there is none
   * @param confusion its run report's confusion matrix (PNG), null when there is none
   * @param note why there is no link or no confusion matrix, null otherwise
   */
  public record BestRun(
      String dataset,
      String label,
      String trialId,
      int seed,
      String link,
      byte[] confusion,
      String note) {
    /** A best run shown without link and confusion matrix, for the reason {@code note}. */
    static BestRun unlinked(String dataset, String label, TrialRecord run, String note) {
      return new BestRun(dataset, label, run.trialId(), run.seed(), null, null, note);
    }

    /** File name of the confusion matrix copy in the sweep report. */
    String confusionFile() {
      return "confusion_" + slug(dataset) + "_" + slug(label) + ".png";
    }
  }

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
  public static Path write(
      SparkSession spark, String sweepDir, SweepSummary.Analysis a, int tsnePoints) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    List<BestRun> best = bestRuns(spark, fs, sweepDir, a, tsnePoints);
    Page page = render(a, best, SweepSummary.provenance(spark, fs, sweepDir, a.latest()));
    HalvingReport.addTo(page.files(), org.ucospark.sweep.HalvingSummary.view(spark, sweepDir));
    Path target = new Path(sweepDir, REPORT);
    writeFolder(fs, target, page.files());
    return new Path(target, INDEX);
  }

  /**
   * Writes {@code files} (name → content) into a temporary sibling of {@code target}, then swaps it
   * in. On an object store, where that swap would copy every object and could leave a mix if
   * killed, each file is written in place instead (each one whole: {@link HadoopFs#write}), {@code
   * index.html} last, and files of an earlier report that are not in this one are removed.
   */
  static void writeFolder(HadoopFs fs, Path target, Map<String, byte[]> files) {
    if (fs.writesWholeObjects(target)) {
      writeInPlace(fs, target, files);
      return;
    }
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      fs.mkdirs(tmp);
      for (var e : files.entrySet()) {
        try (var out = fs.fs(tmp).create(new Path(tmp, e.getKey()), true)) {
          out.write(e.getValue());
        }
      }
    } catch (IOException e) {
      fs.deleteQuietly(tmp);
      throw new UncheckedIOException(e);
    }
    fs.replace(tmp, target);
  }

  private static void writeInPlace(HadoopFs fs, Path target, Map<String, byte[]> files) {
    List<String> order = new ArrayList<>(files.keySet());
    order.sort(java.util.Comparator.comparing(name -> name.equals("index.html")));
    for (String name : order) {
      fs.write(new Path(target, name), out -> out.write(files.get(name)));
    }
    try {
      for (var old : fs.fs(target).listStatus(target)) {
        if (!files.containsKey(old.getPath().getName())) {
          fs.deleteQuietly(old.getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The best run of every summary row that has one, with its run report (written when missing: the
   * run directory holds a run but no {@code report/index.html}) and its confusion matrix.
   */
  static List<BestRun> bestRuns(
      SparkSession spark, HadoopFs fs, String sweepDir, SweepSummary.Analysis a, int tsnePoints) {
    List<BestRun> out = new ArrayList<>();
    Map<SummaryRow, TrialRecord> best = SweepSummary.bestRuns(a);
    for (SummaryRow row : a.rows()) {
      TrialRecord r = best.get(row);
      if (r == null) {
        continue;
      }
      String label = SummaryTables.label(row.model(), row.params());
      String runDir = TrialRunner.runDir(sweepDir, r.trialId());
      if (!RunReport.isRun(fs, runDir)) {
        out.add(BestRun.unlinked(row.dataset(), label, r, "no run directory runs/" + r.trialId()));
        continue;
      }
      Path report = new Path(runDir, REPORT);
      if (!fs.exists(new Path(report, INDEX))) {
        try {
          RunReport.write(spark, runDir, tsnePoints);
        } catch (org.ucospark.UcoException e) {
          // a damaged run (unreadable summary.json or metrics.jsonl) costs its link, not the sweep
          // report
          out.add(
              BestRun.unlinked(
                  row.dataset(),
                  label,
                  r,
                  "its run report could not be written: " + e.getMessage()));
          continue;
        }
      }
      Path confusion = new Path(report, RunReport.CONFUSION_PNG);
      byte[] png = null;
      if (fs.exists(confusion)) {
        try (var in = fs.open(confusion)) {
          png = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.add(
          new BestRun(
              row.dataset(),
              label,
              r.trialId(),
              r.seed(),
              "../runs/" + r.trialId() + "/" + REPORT + "/" + INDEX,
              png,
              png == null ? "its run has no " + org.ucospark.train.Assignments.BEST + "/" : null));
    }
    return out;
  }

  /**
   * Renders the page and its PNGs (no I/O), without best runs or provenance.
   *
   * @param a analysis of the sweep
   * @return files by name, {@code index.html} last
   */
  public static Page render(SweepSummary.Analysis a) {
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
  public static Page render(SweepSummary.Analysis a, List<BestRun> best, ObjectNode provenance) {
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
      String slug = slug(ds);
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
      if (runs.isEmpty()) {
        images.put(ds, imgs);
        continue;
      }
      curvesPng(
          files,
          imgs,
          "acc_" + slug + ".png",
          ds + ": ACC vs epoch (mean ± std over runs)",
          "ACC",
          runs,
          HistoryPoint::acc,
          colors);
      curvesPng(
          files,
          imgs,
          "nmi_" + slug + ".png",
          ds + ": NMI vs epoch (mean ± std over runs)",
          "NMI",
          runs,
          HistoryPoint::nmi,
          colors);
      curvesPng(
          files,
          imgs,
          "ofm_" + slug + ".png",
          ds + ": OFM vs epoch, companion models (mean ± std)",
          "OFM = cos(g_c, g_a)",
          runs,
          HistoryPoint::ofm,
          colors);
      List<String> labels = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      List<Color> cols = new ArrayList<>();
      for (var e : runs.entrySet()) {
        labels.add(e.getKey());
        values.add(
            e.getValue().stream()
                .mapToDouble(r -> a.source() == MetricSource.FINAL ? r.finalAcc() : r.bestAcc())
                .toArray());
        cols.add(colors.get(e.getKey()));
      }
      // a data set without labels has no ACC at all: no box plot (XChart cannot draw an empty one)
      if (values.stream().flatMapToDouble(java.util.Arrays::stream).anyMatch(Double::isFinite)) {
        String box = "box_acc_" + slug + ".png";
        files.put(
            box,
            SweepPlots.boxes(
                ds + ": " + SummaryTables.heading("ACC per run", a.source()),
                "ACC",
                labels,
                values,
                cols));
        imgs.add(box);
      }
      for (PairwiseOfm.Matrix m : pairwise) {
        if (m.dataset().equals(ds)) {
          String name = "ofm_pairwise_" + slug + "_" + slug(m.label()) + ".png";
          files.put(
              name,
              SweepPlots.heatMap(
                  ds
                      + ", "
                      + m.label()
                      + ": pairwise OFM (mean of "
                      + m.runs()
                      + " runs, "
                      + a.source().description()
                      + ")",
                  m.terms(),
                  m.mean()));
          imgs.add(name);
        }
      }
      images.put(ds, imgs);
    }
    files.put(
        INDEX,
        ReportHtml.page(a, images, best, provenance, Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Page(files);
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

  /**
   * A file-name-safe form of a name: characters other than letters, digits, {@code -} and {@code _}
   * become {@code _}.
   *
   * @param s name
   * @return slug
   */
  public static String slug(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
