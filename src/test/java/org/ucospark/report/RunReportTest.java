package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingRun;

/**
 * The report of one real (short) USPS run: every picture there, every link resolving, every PNG
 * decoding.
 */
class RunReportTest {
  @TempDir Path tmp;

  @Test
  void aRunsReportHasTheConfusionMatrixImagesPerClusterAndTheEmbeddingMapAndEveryLinkResolves()
      throws Exception {
    SparkSession spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, tmp.resolve("data"));
    Path run = tmp.resolve("run");
    RunSettings settings =
        RunSettings.from(
            new ConfigLoader()
                .withConfig(ConfigFiles.experiment("ddc_usps"))
                .withOverrides(
                    List.of(
                        "data.path=" + usps,
                        "run_dir=" + run,
                        "train.mode=local",
                        "data.limit=480",
                        "epochs=2",
                        "eval_interval=1"))
                .load());
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    new TrainingRun(spark, fs, settings, System.out).run(false);
    assertTrue(RunReport.isRun(fs, run.toString()));

    RunReport.write(spark, run.toString());
    Path index = run.resolve("report/index.html");
    String html = Files.readString(index);
    for (String picture :
        List.of(
            "confusion.png",
            "confusion-epochs.png",
            "clusters.png",
            "map-cluster.png",
            "map-label.png",
            "loss.png",
            "scores.png",
            "sizes.png",
            "tsne-cluster.png",
            "tsne-label.png")) {
      assertTrue(html.contains("src=\"" + picture + "\""), picture);
    }
    ReportLinks.assertLinksResolveAndPngsDecode(index);
    assertTrue(
        html.contains("git_commit") && html.contains("data_sha256"),
        "provenance from summary.json");
    BufferedImage strip = ImageIO.read(run.resolve("report/confusion-epochs.png").toFile());
    assertTrue(strip.getWidth() > 2 * 120, "a tile per evaluation, side by side");
    BufferedImage grid = ImageIO.read(run.resolve("report/clusters.png").toFile());
    assertTrue(grid.getWidth() > ClusterImages.IMAGES_PER_CLUSTER * 32, "12 images per row");

    byte[] tsne = Files.readAllBytes(run.resolve("report/tsne-cluster.png"));
    RunReport.write(spark, run.toString());
    assertArrayEquals(
        tsne,
        Files.readAllBytes(run.resolve("report/tsne-cluster.png")),
        "seeded: the same map again");

    RunReport.write(spark, run.toString(), 0);
    html = Files.readString(index);
    assertFalse(
        Files.exists(run.resolve("report/tsne-cluster.png")),
        "report.tsne_points = 0: no t-SNE map");
    assertTrue(html.contains("No t-SNE map (report.tsne_points = 0)"), html);
    assertTrue(html.contains("src=\"map-cluster.png\""), "PCA stays");
    ReportLinks.assertLinksResolveAndPngsDecode(index);
  }

  @Test
  void tsneIsReproducibleAndKeepsSeparatedGroupsApart() {
    java.util.Random random = new java.util.Random(3);
    double[][] x = new double[300][20];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 20; j++) {
        x[i][j] = (j == i % 3 ? 8 : 0) + random.nextGaussian();
      }
    }
    double[][] a = EmbeddingMaps.tsne2(x);
    assertTrue(java.util.Arrays.deepEquals(a, EmbeddingMaps.tsne2(x)), "same input, same map");
    double within = 0;
    double between = 0;
    int nw = 0;
    int nb = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double d = Math.hypot(a[i][0] - a[j][0], a[i][1] - a[j][1]);
        if (i % 3 == j % 3) {
          within += d;
          nw++;
        } else {
          between += d;
          nb++;
        }
      }
    }
    assertTrue(
        between / nb > 3 * within / nw,
        "three groups: within " + within / nw + ", between " + between / nb);
  }

  @Test
  void aNegativeTsnePointsIsRefusedNamingTheKey() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> RunReport.tsnePoints(ConfigFactory.parseString("report.tsne_points = -1")));
    assertTrue(e.getMessage().contains("report.tsne_points"), e.getMessage());
    assertEquals(500, RunReport.tsnePoints(ConfigFactory.parseString("report.tsne_points = 500")));
  }

  /**
   * The strip of confusion matrices over the epochs: at most {@code STRIP_TILES} evaluations,
   * spread evenly with the first and the last, each tile ordered by its own Hungarian matching.
   */
  @Test
  void confusionStripShowsEvaluationsSpreadOverTheRunWithTheMatchedClusterOnTheDiagonal()
      throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> rows = new java.util.ArrayList<>();
    for (int e = 1; e <= 50; e++) {
      rows.add(
          json.readTree(
              "{\"epoch\": " + e + ", \"evaluated\": true, \"confusion\": [[1, 9], [8, 2]]}"));
    }
    rows.add(json.readTree("{\"epoch\": 51, \"evaluated\": true}"));
    List<RunPlots.StripTile> tiles = RunCurves.confusionTiles(rows);
    assertEquals(RunCurves.STRIP_TILES, tiles.size());
    assertEquals(1, tiles.get(0).epoch());
    assertEquals(50, tiles.get(tiles.size() - 1).epoch(), "the last evaluation with a matrix");
    assertArrayEquals(new int[] {1, 0}, tiles.get(0).order(), "class 0's cluster 1 first");
    BufferedImage png =
        ImageIO.read(
            new java.io.ByteArrayInputStream(
                RunPlots.confusionStrip(tiles, RunCurves.STRIP_PER_ROW)));
    assertTrue(png.getHeight() > 3 * 120, "24 tiles in rows of 8");
  }

  @Test
  void clustersAreOrderedByTheirMatchedClassThenBySize() {
    // classOf[c] = matched cluster of class c; cluster 3 unmatched and larger than cluster 1
    assertArrayEquals(
        new int[] {2, 0, 3, 1}, Confusion.matchedOrder(new int[] {2, 0}, new long[] {5, 1, 7, 9}));
  }

  @Test
  void pcaPutsTheDirectionOfLargestVarianceOnTheFirstAxis() {
    double[][] x = new double[50][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {i, 2 * i + (i % 2) * 0.01, 5};
    }
    double[][] xy = EmbeddingMaps.pca2(x);
    double spread1 = xy[49][0] - xy[0][0];
    assertEquals(
        Math.sqrt(5) * 49, Math.abs(spread1), 0.05, "the line (1, 2) carries the variance");
    assertTrue(Math.abs(xy[49][1] - xy[0][1]) < 0.05);
  }
}
