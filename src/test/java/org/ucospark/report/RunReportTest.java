package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingRun;

/** The report of one real (short) USPS run: every picture there, every link resolving, every PNG decoding. */
class RunReportTest {
  @TempDir Path tmp;

  @Test
  void aRunsReportHasTheConfusionMatrixImagesPerClusterAndTheEmbeddingMapAndEveryLinkResolves() throws Exception {
    SparkSession spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, tmp.resolve("data"));
    Path run = tmp.resolve("run");
    RunSettings settings = RunSettings.from(new ConfigLoader().withConfig(ConfigFiles.experiment("ddc_usps"))
        .withOverrides(List.of("data.path=" + usps, "run_dir=" + run, "train.mode=local", "data.limit=480",
            "epochs=2", "eval_interval=1")).load());
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    new TrainingRun(spark, fs, settings, System.out).run(false);
    assertTrue(RunReport.isRun(fs, run.toString()));

    RunReport.write(spark, run.toString());
    Path index = run.resolve("report/index.html");
    String html = Files.readString(index);
    for (String picture : List.of("confusion.png", "clusters.png", "map-cluster.png", "map-label.png", "loss.png",
        "scores.png", "sizes.png")) {
      assertTrue(html.contains("src=\"" + picture + "\""), picture);
    }
    assertLinksResolveAndPngsDecode(index);
    assertTrue(html.contains("git_commit") && html.contains("data_sha256"), "provenance from summary.json");
    BufferedImage grid = ImageIO.read(run.resolve("report/clusters.png").toFile());
    assertTrue(grid.getWidth() > RunReport.IMAGES_PER_CLUSTER * 32, "12 images per row");
  }

  @Test
  void clustersAreOrderedByTheirMatchedClassThenBySize() {
    // classOf[c] = matched cluster of class c; cluster 3 unmatched and larger than cluster 1
    assertArrayEquals(new int[] {2, 0, 3, 1}, RunReport.matchedOrder(new int[] {2, 0}, new long[] {5, 1, 7, 9}));
  }

  @Test
  void pcaPutsTheDirectionOfLargestVarianceOnTheFirstAxis() {
    double[][] x = new double[50][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {i, 2 * i + (i % 2) * 0.01, 5};
    }
    double[][] xy = RunReport.pca2(x);
    double spread1 = xy[49][0] - xy[0][0];
    assertEquals(Math.sqrt(5) * 49, Math.abs(spread1), 0.05, "the line (1, 2) carries the variance");
    assertTrue(Math.abs(xy[49][1] - xy[0][1]) < 0.05);
  }

  /** Every {@code src}/{@code href} of the page names an existing file beside it; every PNG there decodes. */
  static void assertLinksResolveAndPngsDecode(Path index) throws Exception {
    String html = Files.readString(index);
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    int links = 0;
    while (m.find()) {
      String link = m.group(1);
      if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("#")) {
        continue;
      }
      Path target = index.getParent().resolve(java.net.URLDecoder.decode(link, "UTF-8")).normalize();
      assertTrue(Files.exists(target), "link " + link + " resolves");
      links++;
    }
    assertTrue(links > 0);
    try (var files = Files.list(index.getParent())) {
      for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
        assertNotNull(ImageIO.read(png.toFile()), png + " decodes");
      }
    }
  }
}
