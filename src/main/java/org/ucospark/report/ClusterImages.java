package org.ucospark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.ucospark.UcoException;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.PreparedDataset;

/**
 * The "Images per cluster" section of a run report: {@link #IMAGES_PER_CLUSTER} images of each
 * cluster (all clusters up to {@link #GRID_CLUSTERS}, else the largest), picked on the executors by
 * a hash of the id and decoded from the prepared Parquet pixels with the data set's recipe undone.
 */
final class ClusterImages {
  /** Images per cluster in the grid. */
  static final int IMAGES_PER_CLUSTER = 12;

  /** Clusters in the grid at most (the largest ones). */
  static final int GRID_CLUSTERS = 20;

  private ClusterImages() {}

  /**
   * Draws the grid of {@code rows} (the assignments) into {@code files} and appends its HTML to
   * {@code body}; a note instead when the run's data set cannot be read.
   */
  static void append(
      SparkSession spark,
      HadoopFs fs,
      Dataset<Row> rows,
      String dataPath,
      long[] sizes,
      int[] order,
      int[] matchedClass,
      Map<String, byte[]> files,
      StringBuilder body) {
    PreparedDataset data;
    try {
      data = PreparedDataset.open(fs, dataPath);
    } catch (UcoException e) {
      body.append("<p class=\"note\">No images per cluster: the run's data set is not readable (")
          .append(ReportHtml.esc(e.getMessage()))
          .append(").</p>\n");
      return;
    }
    List<Integer> shown = shownClusters(sizes, order);
    Map<Integer, List<float[]>> byCluster = images(spark, rows, data, shown);
    List<RunPlots.GridRow> gridRows = new ArrayList<>();
    for (int c : shown) {
      String matched = matchedClass[c] >= 0 ? ", class " + matchedClass[c] : "";
      gridRows.add(
          new RunPlots.GridRow(
              String.format(Locale.ROOT, "cluster %d (%,d%s)", c, sizes[c], matched),
              byCluster.getOrDefault(c, List.of())));
    }
    List<Integer> shape = data.manifest().shape();
    files.put(
        "clusters.png",
        RunPlots.grid(gridRows, shape.get(0), shape.get(1), shape.get(2), IMAGES_PER_CLUSTER));
    body.append("<h2>Images per cluster</h2>\n<p class=\"note\">")
        .append(IMAGES_PER_CLUSTER)
        .append(" images per cluster (picked by a hash of the id), ")
        .append(
            order.length > GRID_CLUSTERS
                ? "the " + GRID_CLUSTERS + " largest clusters"
                : "every cluster")
        .append(
            Arrays.stream(matchedClass).anyMatch(c -> c >= 0)
                ? "; caption: cluster, size, matched class. Pixels with the recipe of "
                : "; caption: cluster, size. Pixels with the recipe of ")
        .append(ReportHtml.esc(data.manifest().name()))
        .append(" undone.</p>\n")
        .append(RunPage.figure("clusters.png", "images per cluster"));
  }

  /** The non-empty clusters in drawing order; the {@link #GRID_CLUSTERS} largest when more. */
  private static List<Integer> shownClusters(long[] sizes, int[] order) {
    List<Integer> shown = new ArrayList<>();
    for (int c : order) {
      if (sizes[c] > 0) {
        shown.add(c);
      }
    }
    if (shown.size() > GRID_CLUSTERS) {
      shown.sort((a, b) -> Long.compare(sizes[b], sizes[a]));
      shown = new ArrayList<>(shown.subList(0, GRID_CLUSTERS));
    }
    return shown;
  }

  /**
   * Up to {@link #IMAGES_PER_CLUSTER} images of each cluster in {@code shown} (the first by a hash
   * of the id, on the executors), pixels scaled to [0, 1] by the recipe's interval.
   */
  private static Map<Integer, List<float[]>> images(
      SparkSession spark, Dataset<Row> rows, PreparedDataset data, List<Integer> shown) {
    Dataset<Row> picked =
        rows.where(col("cluster").isin(shown.toArray()))
            .withColumn(
                "rank",
                expr("row_number()").over(Window.partitionBy("cluster").orderBy(expr("hash(id)"))))
            .where(col("rank").leq(IMAGES_PER_CLUSTER))
            .select("id", "cluster");
    List<Row> images =
        data.read(spark, 0)
            .select("id", "pixels")
            .join(functions.broadcast(picked), "id")
            .orderBy("cluster", "id")
            .collectAsList();
    double[] range = range(data.manifest().name());
    Map<Integer, List<float[]>> byCluster = new LinkedHashMap<>();
    for (Row r : images) {
      List<Float> px = r.getList(1);
      float[] unit = new float[px.size()];
      double lo =
          range != null ? range[0] : px.stream().mapToDouble(Float::doubleValue).min().orElse(0);
      double hi =
          range != null ? range[1] : px.stream().mapToDouble(Float::doubleValue).max().orElse(1);
      for (int i = 0; i < unit.length; i++) {
        unit[i] = (float) ((px.get(i) - lo) / Math.max(1e-12, hi - lo));
      }
      byCluster.computeIfAbsent(r.getInt(2), c -> new ArrayList<>()).add(unit);
    }
    return byCluster;
  }

  /**
   * The recipe's pixel interval of a known data set, else null (then each image is min–max scaled).
   */
  private static double[] range(String dataset) {
    try {
      return DatasetName.fromCli(dataset).pixelRange();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
