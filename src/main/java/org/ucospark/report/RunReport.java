package org.ucospark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.ucospark.UcoException;
import org.ucospark.config.ReportKeys;
import org.ucospark.data.DatasetName;
import org.ucospark.eval.Hungarian;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.train.Assignments;

/**
 * {@code RUN_DIR/report/index.html} of one training run: its result and provenance (summary.json),
 * the loss terms, ACC/NMI/ARI and OFM per evaluated epoch (metrics.jsonl), and from {@code
 * RUN_DIR/assignments/} (the reported, lowest-loss network): the confusion matrix after Hungarian
 * matching as a heat map (clusters reordered to their matched class, unmatched clusters after them
 * by size), the cluster sizes, a grid of images per cluster (12 each; all clusters up to 20, else
 * the 20 largest; images picked by a hash of the id, decoded from the prepared Parquet pixels with
 * the data set's recipe undone) and two 2-D maps of the embeddings of a sample, each coloured by
 * cluster and by label: PCA (the first two principal components, SVD of the centred sample, Commons
 * Math; at most {@link #MAP_SAMPLE} examples, linear and faithful to global distances) and t-SNE
 * ({@link #tsne2}: Barnes-Hut t-SNE of at most {@code report.tsne_points} examples, seeded, so the
 * same run gives the same map; it separates clusters that PCA overlaps but its distances between
 * clusters mean little).
 *
 * <p>A run on a data set without labels has no confusion matrix, no matched classes and no maps
 * coloured by label: it shows the cluster sizes, the images per cluster (clusters by decreasing
 * size) and the maps coloured by cluster.
 *
 * <p>All aggregation runs on the executors; only counts, the sampled images and the embedding
 * sample come to the driver.
 */
public final class RunReport {
  /** Images per cluster in the grid. */
  public static final int IMAGES_PER_CLUSTER = 12;

  /** Clusters in the grid at most (the largest ones). */
  public static final int GRID_CLUSTERS = 20;

  /** Examples in the PCA map at most. */
  public static final int MAP_SAMPLE = 2000;

  /** Key: examples in the t-SNE map at most; 0 draws no t-SNE map. */
  public static final String TSNE_POINTS_KEY = ReportKeys.TSNE_POINTS.name();

  /** t-SNE: perplexity (van der Maaten's default), lowered for tiny samples to (n − 1) / 3 − 1. */
  static final double TSNE_PERPLEXITY = 30;

  /** t-SNE: gradient iterations (van der Maaten's default) and the Barnes-Hut accuracy θ. */
  static final int TSNE_ITERATIONS = 1000;

  static final double TSNE_THETA = 0.5;

  /** t-SNE: seed of the initial layout; fixed, so a report is reproducible. */
  static final long TSNE_SEED = 0;

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
   * Renders the report of {@code runDir} (t-SNE of reference.conf's {@link #TSNE_POINTS_KEY});
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
    curves(metrics, files, body);
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
        SweepReport.INDEX,
        page(summary, body.toString(), Instant.now()).getBytes(StandardCharsets.UTF_8));
    Path target = new Path(root, SweepReport.REPORT);
    SweepReport.writeFolder(fs, target, files);
    return new Path(target, SweepReport.INDEX);
  }

  private static JsonNode readJson(String text, Path where) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UcoException(where + ": not valid JSON: " + e.getMessage());
    }
  }

  private static void curves(
      List<JsonNode> metrics, Map<String, byte[]> files, StringBuilder body) {
    List<JsonNode> evaluated =
        metrics.stream().filter(r -> r.path("evaluated").asBoolean()).toList();
    double[] epochs = evaluated.stream().mapToDouble(r -> r.get("epoch").asDouble()).toArray();
    Map<String, double[][]> terms = new LinkedHashMap<>();
    terms.put("loss (total)", new double[][] {epochs, values(evaluated, "/loss")});
    List<String> names = new ArrayList<>();
    evaluated.forEach(
        r ->
            r.path("terms")
                .fieldNames()
                .forEachRemaining(
                    n -> {
                      if (!names.contains(n)) {
                        names.add(n);
                      }
                    }));
    for (String n : names) {
      terms.put(n, new double[][] {epochs, values(evaluated, "/terms/" + n.replace("/", "~1"))});
    }
    double[] trainEpochs = metrics.stream().mapToDouble(r -> r.get("epoch").asDouble()).toArray();
    terms.put(
        "training loss (epoch mean)", new double[][] {trainEpochs, values(metrics, "/train_loss")});
    files.put(
        "loss.png", RunPlots.lines("Loss terms per epoch (full-data evaluation)", "loss", terms));
    body.append("<h2>Per epoch</h2>\n").append(figure("loss.png", "loss terms per epoch"));
    // a run without labels has no ACC/NMI/ARI (null in metrics.jsonl): plot only what exists
    Map<String, double[][]> scores = new LinkedHashMap<>();
    for (String m : List.of("acc", "nmi", "ari", "ofm")) {
      double[] v = values(evaluated, "/" + m);
      if (Arrays.stream(v).anyMatch(Double::isFinite)) {
        scores.put(m.toUpperCase(Locale.ROOT), new double[][] {epochs, v});
      }
    }
    if (scores.isEmpty()) {
      body.append("<p class=\"note\">No ACC, NMI, ARI or OFM to plot (")
          .append(
              labeled(evaluated)
                  ? "the model has no companion term for OFM"
                  : "the data set has no labels, and the model no companion term for OFM")
          .append(").</p>\n");
      return;
    }
    String plotted = String.join(", ", scores.keySet());
    files.put("scores.png", RunPlots.lines(plotted + " per evaluated epoch", "value", scores));
    body.append(figure("scores.png", plotted + " per epoch"));
    if (!labeled(evaluated)) {
      body.append("<p class=\"note\">No labels: no ACC, NMI or ARI.</p>\n");
    }
    List<RunPlots.StripTile> tiles = confusionTiles(evaluated);
    if (!tiles.isEmpty()) {
      files.put(CONFUSION_STRIP_PNG, RunPlots.confusionStrip(tiles, STRIP_PER_ROW));
      body.append(figure(CONFUSION_STRIP_PNG, "confusion matrix at each evaluation"));
    }
  }

  /** Whether any evaluated epoch has an ACC (a data set without labels has none). */
  private static boolean labeled(List<JsonNode> evaluated) {
    return evaluated.stream().anyMatch(r -> r.path("acc").isNumber());
  }

  /** File name of the confusion matrices over the epochs. */
  static final String CONFUSION_STRIP_PNG = "confusion-epochs.png";

  /** Tiles per row of the strip; at most {@link #STRIP_TILES} evaluations are drawn. */
  static final int STRIP_PER_ROW = 8;

  static final int STRIP_TILES = 24;

  /**
   * The confusion matrices of metrics.jsonl's evaluations ({@code confusion}), at most {@link
   * #STRIP_TILES} evenly spread over them (the first and the last included), each with its clusters
   * in the order of its own Hungarian matching.
   */
  static List<RunPlots.StripTile> confusionTiles(List<JsonNode> evaluated) {
    List<JsonNode> with = evaluated.stream().filter(r -> r.path("confusion").isArray()).toList();
    List<RunPlots.StripTile> tiles = new ArrayList<>();
    int n = with.size();
    int shown = Math.min(n, STRIP_TILES);
    for (int i = 0; i < shown; i++) {
      JsonNode row = with.get(shown == 1 ? n - 1 : (int) Math.round(i * (n - 1.0) / (shown - 1)));
      JsonNode m = row.get("confusion");
      long[][] counts = new long[m.size()][];
      long[] sizes = new long[m.size() == 0 ? 0 : m.get(0).size()];
      for (int c = 0; c < counts.length; c++) {
        counts[c] = new long[m.get(c).size()];
        for (int k = 0; k < counts[c].length; k++) {
          counts[c][k] = m.get(c).get(k).asLong();
          sizes[k] += counts[c][k];
        }
      }
      int[] order = matchedOrder(Hungarian.maximize(toDouble(counts)), sizes);
      tiles.add(new RunPlots.StripTile(row.get("epoch").asInt(), counts, order));
    }
    return tiles;
  }

  private static double[] values(List<JsonNode> rows, String pointer) {
    return rows.stream()
        .mapToDouble(r -> r.at(pointer).isNumber() ? r.at(pointer).asDouble() : Double.NaN)
        .toArray();
  }

  /**
   * The confusion matrix of an assignments data set after Hungarian matching: {@code
   * counts[class][cluster]}, cluster sizes, {@code classOf[c]} = matched cluster of class c
   * (Hungarian, maximum total count), {@code order} = the columns as drawn ({@link #matchedOrder})
   * and {@code matchedClass[k]} = class matched to cluster k, or −1.
   */
  record Confusion(long[][] counts, long[] sizes, int[] classOf, int[] order, int[] matchedClass) {
    /** The heat map, as the run report draws it. */
    byte[] png() {
      return RunPlots.confusion(counts, order);
    }
  }

  /** Counts (label, cluster) of {@code rows} on the executors and matches clusters to classes. */
  static Confusion confusion(Dataset<Row> rows) {
    List<Row> cells = rows.groupBy("label", "cluster").count().collectAsList();
    int classes = 0;
    int k = 1;
    for (Row r : cells) {
      if (!r.isNullAt(0)) {
        classes = Math.max(classes, r.getInt(0) + 1);
      }
      k = Math.max(k, r.getInt(1) + 1);
    }
    classes = Math.max(classes, 1);
    long[][] counts = new long[classes][k];
    long[] sizes = new long[k];
    for (Row r : cells) {
      sizes[r.getInt(1)] += r.getLong(2);
      if (!r.isNullAt(0)) {
        counts[r.getInt(0)][r.getInt(1)] += r.getLong(2);
      }
    }
    int[] classOf = Hungarian.maximize(toDouble(counts));
    int[] order = matchedOrder(classOf, sizes);
    int[] matchedClass = new int[k];
    Arrays.fill(matchedClass, -1);
    for (int c = 0; c < classOf.length; c++) {
      if (classOf[c] >= 0) {
        matchedClass[classOf[c]] = c;
      }
    }
    return new Confusion(counts, sizes, classOf, order, matchedClass);
  }

  /**
   * Whether {@code rows} had any labelled example. Without labels there is no confusion matrix and
   * no class to match: the report shows the clusters by decreasing size and colours by cluster
   * only.
   */
  static boolean labeled(Confusion m) {
    return Arrays.stream(m.counts()).flatMapToLong(Arrays::stream).anyMatch(v -> v > 0);
  }

  /** Cluster indices by decreasing size (ties: by index). */
  static int[] bySize(long[] sizes) {
    return java.util.stream.IntStream.range(0, sizes.length)
        .boxed()
        .sorted((a, b) -> Long.compare(sizes[b], sizes[a]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static void clusters(
      SparkSession spark,
      HadoopFs fs,
      Dataset<Row> rows,
      JsonNode summary,
      int tsnePoints,
      Map<String, byte[]> files,
      StringBuilder body) {
    Confusion m = confusion(rows);
    boolean labeled = labeled(m);
    long[] sizes = m.sizes();
    int[] order = labeled ? m.order() : bySize(sizes);
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
          .append(figure(CONFUSION_PNG, "confusion matrix after Hungarian matching"));
    } else {
      body.append(
          "<p class=\"note\">No labels in this data set: no confusion matrix; clusters by size.</p>\n");
    }
    body.append(figure("sizes.png", "cluster sizes"));
    grid(spark, fs, rows, summary, sizes, order, matchedClass, files, body);
    map(rows, labeled, tsnePoints, files, body);
  }

  /** File name of the confusion matrix in a run report (the sweep report copies it). */
  public static final String CONFUSION_PNG = "confusion.png";

  /**
   * Columns: each class's matched cluster ({@code classOf[c]}, Hungarian) in class order, then the
   * unmatched clusters by decreasing size.
   */
  static int[] matchedOrder(int[] classOf, long[] sizes) {
    List<Integer> order = new ArrayList<>();
    for (int cluster : classOf) {
      if (cluster >= 0) {
        order.add(cluster);
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int j = 0; j < sizes.length; j++) {
      if (!order.contains(j)) {
        rest.add(j);
      }
    }
    rest.sort((a, b) -> Long.compare(sizes[b], sizes[a]));
    order.addAll(rest);
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[][] toDouble(long[][] counts) {
    double[][] d = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      d[i] = Arrays.stream(counts[i]).asDoubleStream().toArray();
    }
    return d;
  }

  private static void grid(
      SparkSession spark,
      HadoopFs fs,
      Dataset<Row> rows,
      JsonNode summary,
      long[] sizes,
      int[] order,
      int[] matchedClass,
      Map<String, byte[]> files,
      StringBuilder body) {
    String dataPath = summary.path("data_path").asText("");
    PreparedDataset data;
    try {
      data = PreparedDataset.open(fs, dataPath);
    } catch (UcoException e) {
      body.append("<p class=\"note\">No images per cluster: the run's data set is not readable (")
          .append(ReportHtml.esc(e.getMessage()))
          .append(").</p>\n");
      return;
    }
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
            .join(org.apache.spark.sql.functions.broadcast(picked), "id")
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
        .append(figure("clusters.png", "images per cluster"));
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

  private static void map(
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
    long n = rows.count();
    int wanted = Math.max(MAP_SAMPLE, tsnePoints);
    Dataset<Row> sample =
        n > wanted ? rows.sample(false, Math.min(1.0, 1.2 * wanted / n), 0) : rows;
    List<Row> points = sample.select("label", "cluster", "embedding").limit(wanted).collectAsList();
    if (points.size() < 3) {
      return;
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
    int pcaPoints = Math.min(MAP_SAMPLE, x.length);
    double[][] xy = pca2(Arrays.copyOf(x, pcaPoints));
    int[] pcaClusters = Arrays.copyOf(clusters, pcaPoints);
    int[] pcaLabels = Arrays.copyOf(labels, pcaPoints);
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
        .append(figure("map-cluster.png", "PCA map coloured by cluster"))
        .append(labeled ? figure("map-label.png", "PCA map coloured by label") : "")
        .append("</div>\n");
    int tsne = Math.min(tsnePoints, x.length);
    if (tsne < TSNE_MIN_POINTS) {
      body.append("<p class=\"note\">No t-SNE map (")
          .append(
              tsnePoints == 0
                  ? TSNE_POINTS_KEY + " = 0"
                  : "fewer than " + TSNE_MIN_POINTS + " examples")
          .append(").</p>\n");
      return;
    }
    long t0 = System.nanoTime();
    double[][] map = tsne2(Arrays.copyOf(x, tsne));
    double seconds = (System.nanoTime() - t0) / 1e9;
    files.put(
        "tsne-cluster.png",
        RunPlots.scatter(
            "Embedding, t-SNE, by cluster",
            "t-SNE 1",
            "t-SNE 2",
            map,
            Arrays.copyOf(clusters, tsne),
            "cluster"));
    if (labeled) {
      files.put(
          "tsne-label.png",
          RunPlots.scatter(
              "Embedding, t-SNE, by label",
              "t-SNE 1",
              "t-SNE 2",
              map,
              Arrays.copyOf(labels, tsne),
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
        .append(figure("tsne-cluster.png", "t-SNE map coloured by cluster"))
        .append(labeled ? figure("tsne-label.png", "t-SNE map coloured by label") : "")
        .append("</div>\n");
  }

  /** Fewest examples for a t-SNE map (perplexity (n − 1) / 3 − 1 must stay above 2). */
  static final int TSNE_MIN_POINTS = 12;

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

  private static String figure(String file, String alt) {
    return "<figure><img src=\"" + file + "\" alt=\"" + ReportHtml.esc(alt) + "\"></figure>\n";
  }

  private static String page(JsonNode s, String body, Instant now) {
    String title =
        s.path("model").asText("?")
            + " on "
            + s.path("dataset").asText("?")
            + ", seed "
            + s.path("seed").asText("?");
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>Run report: ")
            .append(ReportHtml.esc(title))
            .append("</title>\n<style>\n")
            .append(ReportHtml.CSS)
            .append("</style>\n</head>\n<body>\n<h1>Run report: ")
            .append(ReportHtml.esc(title))
            .append("</h1>\n<p class=\"meta\">")
            .append(ReportHtml.esc(s.path("experiment").asText()))
            .append(". Generated ")
            .append(ReportHtml.esc(now.toString()))
            .append(".</p>\n");
    sb.append(
            "<h2>Result</h2>\n<table>\n<tr><th class=\"l\">network</th><th>epoch</th><th>ACC</th><th>NMI</th>")
        .append("<th>ARI</th><th>OFM</th><th>loss</th></tr>\n");
    for (String which : List.of("best", "selection", "final")) {
      if (!s.has(which)) {
        continue; // "selection": runs before the best checkpoint was re-evaluated have none
      }
      JsonNode r = s.path(which);
      sb.append("<tr><td class=\"l\">")
          .append(
              switch (which) {
                case "best" ->
                    s.has("selection")
                        ? "best (lowest loss), evaluated again: reported"
                        : "best (lowest loss, reported; the evaluation that selected it)";
                case "selection" -> "best as selected (biased low: docs/PROTOCOL.md)";
                default -> "final";
              })
          .append("</td><td>")
          .append(r.path("epoch").asText());
      for (String m : List.of("acc", "nmi", "ari", "ofm", "loss")) {
        sb.append("</td><td>")
            .append(
                r.path(m).isNumber()
                    ? String.format(Locale.ROOT, "%.4f", r.path(m).asDouble())
                    : "–");
      }
      sb.append("</td></tr>\n");
    }
    sb.append("</table>\n<h2>Provenance</h2>\n<table>\n");
    for (String key :
        List.of(
            "experiment",
            "model",
            "dataset",
            "data_path",
            "examples",
            "seed",
            "status",
            "epochs",
            "batch_size",
            "spark_master",
            "executors",
            "trainer",
            "wall_s",
            "images_per_s")) {
      if (s.has(key)) {
        sb.append("<tr><td class=\"l\">")
            .append(key)
            .append("</td><td class=\"l\">")
            .append(ReportHtml.esc(s.get(key).asText()))
            .append("</td></tr>\n");
      }
    }
    sb.append(ReportHtml.provenanceRows(s.path("provenance")));
    return sb.append("</table>\n").append(body).append("</body>\n</html>\n").toString();
  }
}
