package org.ucospark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.config.ReportKeys;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.Assignments;

/**
 * {@code RUN_DIR/report/index.html} of one training run: its result and provenance (summary.json,
 * {@link RunPage}), the loss terms, ACC/NMI/ARI and OFM per evaluated epoch (metrics.jsonl, {@link
 * RunCurves}), and from {@code RUN_DIR/assignments/} (the reported, lowest-loss network): the
 * confusion matrix after Hungarian matching as a heat map ({@link Confusion}: clusters reordered to
 * their matched class, unmatched clusters after them by size), the cluster sizes, a grid of images
 * per cluster ({@link ClusterImages}) and two 2-D maps of the embeddings of a sample, PCA and
 * t-SNE, each coloured by cluster and by label ({@link EmbeddingMaps}).
 *
 * <p>A run on a data set without labels has no confusion matrix, no matched classes and no maps
 * coloured by label: it shows the cluster sizes, the images per cluster (clusters by decreasing
 * size) and the maps coloured by cluster.
 *
 * <p>All aggregation runs on the executors; only counts, the sampled images and the embedding
 * sample come to the driver.
 */
public final class RunReport {
  /** File name of the confusion matrix in a run report (the sweep report copies it). */
  public static final String CONFUSION_PNG = "confusion.png";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReport() {}

  /**
   * Whether {@code dir} is a run directory (summary.json and metrics.jsonl) rather than a sweep.
   */
  public static boolean isRun(HadoopFs fs, String dir) {
    Path root = HadoopFs.path(dir);
    return fs.exists(new Path(root, "summary.json")) && fs.exists(new Path(root, "metrics.jsonl"));
  }

  /**
   * Renders the report of {@code runDir} (t-SNE of reference.conf's {@code report.tsne_points});
   * returns the index path.
   */
  public static Path write(SparkSession spark, String runDir) {
    return write(spark, runDir, defaultTsnePoints());
  }

  /** {@code report.tsne_points} of {@code config}: at least 0. */
  public static int tsnePoints(com.typesafe.config.Config config) {
    return ReportKeys.TSNE_POINTS.get(config);
  }

  /** {@code report.tsne_points} of reference.conf, the default (declared there alone). */
  public static int defaultTsnePoints() {
    return ReportKeys.TSNE_POINTS.defaultValue();
  }

  /**
   * Renders the report of {@code runDir} and replaces {@code RUN_DIR/report/}; returns the index
   * path.
   *
   * @param tsnePoints examples in the t-SNE map at most ({@code report.tsne_points}); 0 draws none
   */
  public static Path write(SparkSession spark, String runDir, int tsnePoints) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Path root = HadoopFs.path(runDir);
    if (!isRun(fs, runDir)) {
      throw new UcoException(runDir + ": not a run directory (no summary.json and metrics.jsonl)");
    }
    JsonNode summary =
        readJson(fs.readString(new Path(root, "summary.json")), new Path(root, "summary.json"));
    List<JsonNode> metrics = new ArrayList<>();
    for (String line : fs.readString(new Path(root, "metrics.jsonl")).split("\n")) {
      if (!line.isBlank()) {
        metrics.add(readJson(line, new Path(root, "metrics.jsonl")));
      }
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    StringBuilder body = new StringBuilder();
    RunCurves.append(metrics, files, body);
    Path assignments = new Path(root, Assignments.BEST);
    if (fs.exists(assignments)) {
      clusters(
          spark,
          fs,
          spark.read().parquet(assignments.toString()),
          summary,
          tsnePoints,
          files,
          body);
    } else {
      body.append("<p class=\"note\">No ")
          .append(Assignments.BEST)
          .append(
              "/ in this run (written by runs of uco-spark since per-example assignments were added).</p>\n");
    }
    files.put(
        ReportFolder.INDEX,
        RunPage.page(summary, body.toString(), Instant.now()).getBytes(StandardCharsets.UTF_8));
    Path target = new Path(root, ReportFolder.REPORT);
    ReportFolder.write(fs, target, files);
    return new Path(target, ReportFolder.INDEX);
  }

  private static JsonNode readJson(String text, Path where) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UcoException(where + ": not valid JSON: " + e.getMessage());
    }
  }

  /** The sections drawn from the assignments: confusion matrix, sizes, images and maps. */
  private static void clusters(
      SparkSession spark,
      HadoopFs fs,
      Dataset<Row> rows,
      JsonNode summary,
      int tsnePoints,
      Map<String, byte[]> files,
      StringBuilder body) {
    Confusion m = Confusion.of(rows);
    boolean labeled = m.labeled();
    long[] sizes = m.sizes();
    int[] order = labeled ? m.order() : Confusion.bySize(sizes);
    int[] matchedClass = labeled ? m.matchedClass() : new int[sizes.length];
    if (!labeled) {
      Arrays.fill(matchedClass, -1);
    }
    files.put("sizes.png", RunPlots.sizes(sizes, order));
    body.append("<h2>Clusters (reported network: lowest-loss checkpoint)</h2>\n");
    if (labeled) {
      files.put(CONFUSION_PNG, m.png());
      body.append(
              "<p class=\"note\">Rows are classes, columns clusters; each class's Hungarian-matched cluster is")
          .append(" placed on the diagonal, unmatched clusters follow by size.</p>\n")
          .append(RunPage.figure(CONFUSION_PNG, "confusion matrix after Hungarian matching"));
    } else {
      body.append(
          "<p class=\"note\">No labels in this data set: no confusion matrix; clusters by size.</p>\n");
    }
    body.append(RunPage.figure("sizes.png", "cluster sizes"));
    String dataPath = summary.path("data_path").asText("");
    ClusterImages.append(spark, fs, rows, dataPath, sizes, order, matchedClass, files, body);
    EmbeddingMaps.append(rows, labeled, tsnePoints, files, body);
  }
}
