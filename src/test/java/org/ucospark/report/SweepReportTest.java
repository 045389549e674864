package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.sweep.HistoryPoint;
import org.ucospark.sweep.SyntheticSweep;

class SweepReportTest {

  @TempDir static Path tmp;

  static SparkSession spark;
  static Path report;

  @BeforeAll
  static void setUp() {
    spark = SyntheticSweep.spark();
    String sweepDir = tmp.resolve("sweep").toUri().toString();
    SyntheticSweep.write(spark, sweepDir);
    SweepReport.write(spark, sweepDir);
    report = tmp.resolve("sweep").resolve(SweepReport.REPORT);
    String keep = System.getenv("UCOSPARK_REPORT_KEEP");
    if (keep != null) {
      copyTo(Path.of(keep));
    }
  }

  private static void copyTo(Path dst) {
    try (Stream<Path> s = Files.list(report)) {
      Files.createDirectories(dst);
      for (Path p : s.toList()) {
        Files.copy(
            p, dst.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void pageReferencesOnlyExistingFiles() throws Exception {
    String html = Files.readString(report.resolve(SweepReport.INDEX));
    Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    List<String> refs = new ArrayList<>();
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertEquals(
        2 * 5, refs.size(), "acc, nmi, ofm, box, pairwise OFM of ddc_uco per data set: " + refs);
    for (String ref : refs) {
      assertFalse(ref.contains("/") || ref.contains(":"), "relative, same folder: " + ref);
      assertTrue(Files.isRegularFile(report.resolve(ref)), "missing " + ref);
    }
    assertTrue(refs.contains("ofm_mnist.png"));
    assertTrue(refs.contains("box_acc_usps.png"));
    assertTrue(html.contains("<style>"), "inline CSS");
    assertFalse(html.contains("<link"), "no external stylesheet");
    // default view: the lowest-loss checkpoint (best_acc = final_acc − 0.005 in the synthetic
    // sweep)
    assertTrue(
        html.contains("<h2>ACC — lowest-loss checkpoint, diverged runs included</h2>"), html);
    assertTrue(
        html.contains(
            "<h2>Paired comparisons — lowest-loss checkpoint, diverged runs included</h2>"),
        html);
    assertTrue(html.contains("0.825 ± 0.016 (0.845)"), html);
    assertFalse(html.contains("0.830 ± 0.016 (0.850)"), "not the last-epoch numbers");
    assertTrue(html.contains(SyntheticSweep.FAILED_ID));
    assertTrue(html.contains("batch &quot;3&quot;"), "escaped error");
    ReportLinks.assertLinksResolveAndPngsDecode(report.resolve(SweepReport.INDEX));
  }

  @Test
  void pngsAreValidImages() throws IOException {
    List<Path> pngs;
    try (Stream<Path> s = Files.list(report)) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertEquals(10, pngs.size());
    for (Path p : pngs) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertNotNull(img, p.toString());
      assertTrue(img.getWidth() >= 600 && img.getWidth() <= 2000, p + " width " + img.getWidth());
      assertTrue(
          img.getHeight() >= 400 && img.getHeight() <= 1200, p + " height " + img.getHeight());
      assertTrue(Files.size(p) > 10_000, p + " suspiciously small");
    }
  }

  @Test
  void lastEpochViewIsOneOptionAway() throws IOException {
    String other = tmp.resolve("final").toUri().toString();
    SyntheticSweep.write(spark, other);
    SweepReport.write(spark, other, org.ucospark.sweep.MetricSource.FINAL);
    String html = Files.readString(tmp.resolve("final").resolve("report").resolve("index.html"));
    assertTrue(html.contains("<h2>ACC — last epoch, diverged runs included</h2>"), html);
    assertTrue(html.contains("0.830 ± 0.016 (0.850)"), html);
  }

  @Test
  void pairwiseOfmIsAHeatMapPerModel() throws IOException {
    String html = Files.readString(report.resolve(SweepReport.INDEX));
    for (String ds : SyntheticSweep.DATASETS) {
      Path png = report.resolve("ofm_pairwise_" + ds + "_ddc_uco.png");
      BufferedImage img = ImageIO.read(png.toFile());
      assertNotNull(img, png.toString());
      assertTrue(img.getWidth() >= 420 && img.getHeight() >= 420, png.toString());
      assertTrue(html.contains(png.getFileName().toString()), "on the page: " + png.getFileName());
    }
    try (Stream<Path> s = Files.list(report)) {
      assertEquals(
          2,
          s.filter(p -> p.getFileName().toString().startsWith("ofm_pairwise_")).count(),
          "only ddc_uco has pairwise OFM");
    }
  }

  @Test
  void rewriteReplacesTheFolder() throws IOException {
    SweepReport.write(spark, tmp.resolve("sweep").toUri().toString());
    assertTrue(Files.isRegularFile(report.resolve(SweepReport.INDEX)));
    try (Stream<Path> s = Files.list(tmp.resolve("sweep"))) {
      assertTrue(
          s.noneMatch(
              p ->
                  p.getFileName().toString().contains(".old-")
                      || p.getFileName().toString().contains(".tmp-")));
    }
  }

  @Test
  void epochCurveMeanAndStd() {
    EpochCurve c =
        EpochCurve.of(
            "x",
            List.of(
                List.of(
                    new HistoryPoint(0, SyntheticSweep.scores(0.1, 0, 0), Double.NaN, 1),
                    new HistoryPoint(4, SyntheticSweep.scores(0.5, 0, 0), Double.NaN, 1)),
                List.of(new HistoryPoint(0, SyntheticSweep.scores(0.3, 0, 0), Double.NaN, 1))),
            p -> p.scores().get("acc"));
    assertEquals(2, c.epochs().length);
    assertEquals(0.2, c.mean()[0], 1e-12);
    assertEquals(Math.sqrt(0.02), c.std()[0], 1e-12);
    assertEquals(0.5, c.mean()[1], 1e-12);
    assertEquals(0.0, c.std()[1], "one run: band collapses");
    assertTrue(
        EpochCurve.of(
                "y",
                List.of(
                    List.of(new HistoryPoint(0, SyntheticSweep.scores(0, 0, 0), Double.NaN, 0))),
                HistoryPoint::ofm)
            .isEmpty(),
        "no companion: no OFM curve");
  }
}
