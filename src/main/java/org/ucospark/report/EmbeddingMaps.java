package org.ucospark.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ucospark.config.ReportKeys;

/**
 * The "Embedding maps" section of a run report: two 2-D maps of the embeddings of a sample, each
 * coloured by cluster and by label. PCA (the first two principal components, SVD of the centred
 * sample, Commons Math; at most {@link #MAP_SAMPLE} examples, linear and faithful to global
 * distances) and t-SNE ({@link #tsne2}: Barnes-Hut t-SNE of at most {@code report.tsne_points}
 * examples, seeded, so the same run gives the same map; it separates clusters that PCA overlaps but
 * its distances between clusters mean little). Only the sample comes to the driver.
 */
final class EmbeddingMaps {
  /** Examples in the PCA map at most. */
  static final int MAP_SAMPLE = 2000;

  /** Key: examples in the t-SNE map at most; 0 draws no t-SNE map. */
  static final String TSNE_POINTS_KEY = ReportKeys.TSNE_POINTS.name();

  /** t-SNE: perplexity (van der Maaten's default), lowered for tiny samples to (n − 1) / 3 − 1. */
  static final double TSNE_PERPLEXITY = 30;

  /** t-SNE: gradient iterations (van der Maaten's default) and the Barnes-Hut accuracy θ. */
  static final int TSNE_ITERATIONS = 1000;

  static final double TSNE_THETA = 0.5;

  /** t-SNE: seed of the initial layout; fixed, so a report is reproducible. */
  static final long TSNE_SEED = 0;

  /** Fewest examples for a t-SNE map (perplexity (n − 1) / 3 − 1 must stay above 2). */
  static final int TSNE_MIN_POINTS = 12;

  private EmbeddingMaps() {}

  /** The sampled embeddings with their labels (−1 where none) and clusters. */
  private record Sample(double[][] x, int[] labels, int[] clusters) {}

  /**
   * Draws the maps of the {@code embedding} column of {@code rows} into {@code files} and appends
   * their HTML to {@code body}; a note instead when the run wrote no embeddings.
   */
  static void append(
      Dataset<Row> rows,
      boolean labeled,
      int tsnePoints,
      Map<String, byte[]> files,
      StringBuilder body) {
    if (!Arrays.asList(rows.columns()).contains("embedding")) {
      body.append(
          "<p class=\"note\">No embedding map: the run was made with assignments.embedding = false.</p>\n");
      return;
    }
    Sample s = sample(rows, Math.max(MAP_SAMPLE, tsnePoints));
    if (s == null) {
      return;
    }
    pcaMaps(s, labeled, files, body);
    int tsne = Math.min(tsnePoints, s.x().length);
    if (tsne < TSNE_MIN_POINTS) {
      body.append("<p class=\"note\">No t-SNE map (")
          .append(
              tsnePoints == 0
                  ? TSNE_POINTS_KEY + " = 0"
                  : "fewer than " + TSNE_MIN_POINTS + " examples")
          .append(").</p>\n");
      return;
    }
    tsneMaps(s, tsne, labeled, files, body);
  }

  /** At most {@code wanted} rows of {@code rows}, sampled on the executors; null below 3. */
  private static Sample sample(Dataset<Row> rows, int wanted) {
    long n = rows.count();
    Dataset<Row> sample =
        n > wanted ? rows.sample(false, Math.min(1.0, 1.2 * wanted / n), 0) : rows;
    List<Row> points = sample.select("label", "cluster", "embedding").limit(wanted).collectAsList();
    if (points.size() < 3) {
      return null;
    }
    int d = points.get(0).getList(2).size();
    double[][] x = new double[points.size()][d];
    int[] labels = new int[points.size()];
    int[] clusters = new int[points.size()];
    for (int i = 0; i < x.length; i++) {
      List<Float> e = points.get(i).getList(2);
      for (int j = 0; j < d; j++) {
        x[i][j] = e.get(j);
      }
      labels[i] = points.get(i).isNullAt(0) ? -1 : points.get(i).getInt(0);
      clusters[i] = points.get(i).getInt(1);
    }
    return new Sample(x, labels, clusters);
  }

  private static void pcaMaps(
      Sample s, boolean labeled, Map<String, byte[]> files, StringBuilder body) {
    int pcaPoints = Math.min(MAP_SAMPLE, s.x().length);
    double[][] xy = pca2(Arrays.copyOf(s.x(), pcaPoints));
    int[] pcaClusters = Arrays.copyOf(s.clusters(), pcaPoints);
    int[] pcaLabels = Arrays.copyOf(s.labels(), pcaPoints);
    files.put(
        "map-cluster.png",
        RunPlots.scatter("Embedding, PCA, by cluster", "PC 1", "PC 2", xy, pcaClusters, "cluster"));
    if (labeled) {
      files.put(
          "map-label.png",
          RunPlots.scatter("Embedding, PCA, by label", "PC 1", "PC 2", xy, pcaLabels, "class"));
    }
    body.append(
            "<h2>Embedding maps</h2>\n<p class=\"note\">PCA: the first two principal components of the")
        .append(" embeddings of ")
        .append(String.format(Locale.ROOT, "%,d", pcaPoints))
        .append(" examples (a sample); linear, so distances between clusters are comparable.</p>\n")
        .append("<div class=\"pair\">")
        .append(RunPage.figure("map-cluster.png", "PCA map coloured by cluster"))
        .append(labeled ? RunPage.figure("map-label.png", "PCA map coloured by label") : "")
        .append("</div>\n");
  }

  private static void tsneMaps(
      Sample s, int tsne, boolean labeled, Map<String, byte[]> files, StringBuilder body) {
    long t0 = System.nanoTime();
    double[][] map = tsne2(Arrays.copyOf(s.x(), tsne));
    double seconds = (System.nanoTime() - t0) / 1e9;
    files.put(
        "tsne-cluster.png",
        RunPlots.scatter(
            "Embedding, t-SNE, by cluster",
            "t-SNE 1",
            "t-SNE 2",
            map,
            Arrays.copyOf(s.clusters(), tsne),
            "cluster"));
    if (labeled) {
      files.put(
          "tsne-label.png",
          RunPlots.scatter(
              "Embedding, t-SNE, by label",
              "t-SNE 1",
              "t-SNE 2",
              map,
              Arrays.copyOf(s.labels(), tsne),
              "class"));
    }
    body.append("<p class=\"note\">t-SNE (Barnes-Hut, θ = ")
        .append(TSNE_THETA)
        .append(", perplexity ")
        .append(String.format(Locale.ROOT, "%.0f", perplexity(tsne)))
        .append(", ")
        .append(TSNE_ITERATIONS)
        .append(" iterations, seed ")
        .append(TSNE_SEED)
        .append(") of ")
        .append(String.format(Locale.ROOT, "%,d", tsne))
        .append(" of these examples (")
        .append(TSNE_POINTS_KEY)
        .append("), computed in ")
        .append(String.format(Locale.ROOT, "%.1f", seconds))
        .append(
            " s: neighbourhoods are kept, sizes of and distances between clusters are not.</p>\n")
        .append("<div class=\"pair\">")
        .append(RunPage.figure("tsne-cluster.png", "t-SNE map coloured by cluster"))
        .append(labeled ? RunPage.figure("tsne-label.png", "t-SNE map coloured by label") : "")
        .append("</div>\n");
  }

  private static double perplexity(int n) {
    return Math.min(TSNE_PERPLEXITY, Math.floor((n - 1) / 3.0) - 1);
  }

  /**
   * A 2-D t-SNE map of the rows of {@code x} (van der Maaten 2014, Barnes-Hut t-SNE): input
   * similarities of the 3·perplexity nearest neighbours (vantage-point tree) at perplexity {@link
   * #TSNE_PERPLEXITY}, the rows first reduced to 50 principal components where they have more,
   * {@link #TSNE_ITERATIONS} gradient steps with θ = {@link #TSNE_THETA}. The implementation is
   * de.javagl:bh-tsne (a seeded cleanup of T-SNE-Java's port of the reference bhtsne); seeded with
   * {@link #TSNE_SEED}, so equal input gives an equal map.
   */
  static double[][] tsne2(double[][] x) {
    de.javagl.tsne.Tsne t = new de.javagl.tsne.Tsne();
    t.setOutputDims(2);
    t.setInitialDims(50);
    t.setPerplexity(perplexity(x.length));
    t.setMaxIterations(TSNE_ITERATIONS);
    t.setTheta(TSNE_THETA);
    t.setRandomSeed(TSNE_SEED);
    t.setMessageConsumer(null);
    t.setProgressConsumer(null);
    return t.run(x);
  }

  /**
   * The projection of the rows of {@code x} onto their first two principal components (SVD of the
   * centred x).
   */
  static double[][] pca2(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    RealMatrix centred = new Array2DRowRealMatrix(n, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred.setEntry(i, j, x[i][j] - mean[j]);
      }
    }
    RealMatrix v = new SingularValueDecomposition(centred).getV();
    int components = Math.min(2, v.getColumnDimension());
    double[][] out = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < components; c++) {
        out[i][c] = centred.getRowVector(i).dotProduct(v.getColumnVector(c));
      }
    }
    return out;
  }
}
