package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SweepSummary;
import org.ucospark.sweep.SyntheticSweep;
import org.ucospark.sweep.TrialRunner;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingRun;

/**
 * The sweep report's best runs and the sweep's provenance: the synthetic trials table (known best
 * runs) with one real (short) USPS run in the run directory of the best ddc_uco run on usps (seed
 * 3); the other best runs have no run directory.
 */
class SweepReportBestRunTest {
  @TempDir Path tmp;

  @Test
  void
      theBestRunsCellLinksToItsRunReportWhichIsWrittenAndItsConfusionMatrixAndTheProvenanceAreShown()
          throws Exception {
    SparkSession spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, tmp.resolve("data"));
    String sweepDir = tmp.resolve("sweep").toString();
    SyntheticSweep.write(spark, sweepDir);
    String best = SyntheticSweep.id("usps", "ddc_uco", 3);
    Path run = Path.of(TrialRunner.runDir(sweepDir, best).replaceFirst("^file:", ""));
    RunSettings settings =
        RunSettings.from(
            new ConfigLoader()
                .withConfig(ConfigFiles.experiment("ddc_usps"))
                .withOverrides(
                    List.of(
                        "data.path=" + usps,
                        "run_dir=" + run,
                        "train.mode=local",
                        "data.limit=360",
                        "epochs=1",
                        "eval_interval=1"))
                .load());
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    new TrainingRun(spark, fs, settings, System.out).run(false);
    assertFalse(Files.exists(run.resolve("report")), "no run report yet");
    // the best ddc_uco run on mnist left a damaged run directory
    Path damaged =
        Path.of(
            TrialRunner.runDir(sweepDir, SyntheticSweep.id("mnist", "ddc_uco", 3))
                .replaceFirst("^file:", ""));
    Files.createDirectories(damaged);
    Files.writeString(damaged.resolve("summary.json"), "{\"model\": ");
    Files.writeString(damaged.resolve("metrics.jsonl"), "");

    // summary.json: the rows with each best run's trial id, and the provenance with the data set's
    // checksums
    SweepSummary.write(spark, sweepDir);
    ObjectMapper json = new ObjectMapper();
    JsonNode summary =
        json.readTree(tmp.resolve("sweep").resolve(SweepSummary.SUMMARY_JSON).toFile());
    assertEquals(6, summary.get("rows").size());
    JsonNode cell = null;
    for (JsonNode r : summary.get("rows")) {
      if (r.get("dataset").asText().equals("usps") && r.get("model").asText().equals("ddc_uco")) {
        cell = r;
      }
    }
    assertEquals(3, cell.get("best_seed").asInt());
    assertEquals(best, cell.get("best_trial_id").asText());
    JsonNode p = summary.get("provenance");
    for (String key :
        List.of(
            "uco_spark_version",
            "git_commit",
            "java",
            "spark",
            "dl4j_nd4j",
            "date",
            "spark_master",
            "executors",
            "trial_executors",
            "seeds",
            "wall_s",
            "trial_wall_s_sum",
            "images_per_s_mean")) {
      assertTrue(p.has(key), key);
    }
    assertEquals("[1,2,3,4,5,6]", p.get("seeds").toString());
    JsonNode runSummary = json.readTree(run.resolve("summary.json").toFile());
    assertEquals(runSummary.at("/provenance/data_sha256"), p.at("/data_sha256/usps"));
    assertTrue(p.at("/data_sha256/usps").size() > 0, "USPS's source checksums");
    assertFalse(p.at("/data_sha256").has("mnist"), "no mnist run directory, no checksums invented");
    // latest attempts of the synthetic trials: the first starts at 00:01; the last to end is the
    // retry of mnist/ddc/seed 3, started at 00:02 for 12.5 s x 3
    assertEquals(60 + 37.5, p.get("wall_s").asDouble(), 1e-9);
    assertTrue(
        Files.readString(tmp.resolve("sweep").resolve(SweepSummary.SUMMARY_MD))
            .contains("data_sha256"));

    SweepReport.write(spark, sweepDir, MetricSource.CHECKPOINT, 0);
    Path index = tmp.resolve("sweep").resolve("report").resolve(SweepReport.INDEX);
    String html = Files.readString(index);
    String link = "../runs/" + best + "/report/index.html";
    assertTrue(
        html.contains("<a href=\"" + link + "\" title=\"run report of the best run\">"),
        "the cell links");
    assertTrue(
        Files.isRegularFile(run.resolve("report/index.html")), "the best run's report was written");
    assertFalse(
        Files.exists(run.resolve("report/tsne-cluster.png")), "with report.tsne_points = 0");
    assertTrue(html.contains("src=\"confusion_usps_ddc_uco.png\""), html);
    assertArrayEquals(
        Files.readAllBytes(run.resolve("report/confusion.png")),
        Files.readAllBytes(index.resolveSibling("confusion_usps_ddc_uco.png")),
        "the run report's confusion matrix");
    assertTrue(
        html.contains("no run directory runs/" + SyntheticSweep.id("mnist", "ddc", 5)), html);
    assertTrue(
        html.contains("its run report could not be written"), "the damaged run: named, no link");
    assertTrue(
        html.contains("<h2>Provenance</h2>")
            && html.contains("git_commit")
            && html.contains("data_sha256"));
    List<String> links = ReportLinks.assertLinksResolveAndPngsDecode(index);
    assertTrue(links.contains(link), links.toString());
    String keep =
        System.getenv("UCOSPARK_REPORT_KEEP"); // to look at the page: a folder to copy the sweep to
    if (keep != null) {
      try (var files = Files.walk(tmp.resolve("sweep"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path to = Path.of(keep).resolve(tmp.resolve("sweep").relativize(f));
          Files.createDirectories(to.getParent());
          Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }

    // an existing run report is kept, not rewritten
    long written = Files.getLastModifiedTime(run.resolve("report/index.html")).toMillis();
    Thread.sleep(1100);
    SweepReport.write(spark, sweepDir, MetricSource.CHECKPOINT, 0);
    assertEquals(written, Files.getLastModifiedTime(run.resolve("report/index.html")).toMillis());
  }
}
