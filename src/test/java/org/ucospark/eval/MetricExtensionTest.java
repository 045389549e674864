package org.ucospark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.sweep.TrialsTable;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * Adding a metric is one class and one registration line: {@link PurityMetric}, registered from
 * src/test with {@link java.util.ServiceLoader}, reaches metrics.jsonl and summary.json of a run
 * trained through the command line, and the trials table, summary.json, summary.csv, summary.md and
 * paired.csv of a sweep. Runs in a JVM of its own (surefire execution {@code metric-extension},
 * which puts the registration on the class path); elsewhere it is skipped.
 */
@Tag("metric-extension")
class MetricExtensionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path prepared;
  @TempDir Path tmp;
  private static String usps;

  @BeforeAll
  static void prepare() {
    assumeTrue(
        Boolean.getBoolean("ucospark.test.metricExtension"),
        "needs the metric-extension surefire execution (its class path registers PurityMetric)");
    usps = TestSpark.prepareUsps(TestSpark.session(), prepared);
  }

  @Test
  void theTestMetricIsRegisteredAfterTheBuiltInOnes() {
    List<String> names = MetricRegistry.all().stream().map(Metric::name).toList();
    assertEquals(List.of("acc", "nmi", "ari", "rand", "purity"), names);
    assertEquals(
        List.of("acc", "nmi", "purity"),
        MetricRegistry.headline().stream().map(Metric::name).toList());
  }

  @Test
  void aTrainedRunReportsItInMetricsJsonlAndSummaryJson() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Result r =
        Cli.trainDdcUspsLocal(
            run, usps, "data.limit=240", "epochs=2", "eval_interval=1", "spark.master=local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
    int evaluated = 0;
    for (String line : rows) {
      JsonNode row = JSON.readTree(line);
      if (row.get("evaluated").asBoolean()) {
        evaluated++;
        double purity = row.get("purity").asDouble();
        assertTrue(purity >= row.get("acc").asDouble() && purity <= 1, line);
        List<String> fields = iterable(row.fieldNames());
        assertTrue(
            fields.indexOf("rand") < fields.indexOf("purity")
                && fields.indexOf("purity") < fields.indexOf("ofm"),
            "registry order, before OFM: " + fields);
      }
    }
    assertTrue(evaluated >= 2, rows.toString());
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    for (String view : List.of("final", "best", "selection")) {
      assertTrue(summary.at("/" + view + "/purity").isNumber(), view + ": " + summary);
    }
    assertTrue(r.out().contains("Purity"), "the result table has a column: " + r.out());
  }

  @Test
  void aSweepCarriesItThroughTheTrialsTableAndEverySummaryFile() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("purity.conf"),
            """
            sweep {
              name = purity
              models = [ddc, ddc_uco]
              seeds = 2
              set { batch_size = 60, data.limit = 120, epochs = 1, ofm.max_batches = 1 }
              max_attempts = 1
            }
            """);
    Path out = tmp.resolve("sweep");
    Cli.Result r =
        Cli.run(
            "sweep",
            file.toString(),
            "--out",
            out.toString(),
            "--set",
            "sweep.data_root=" + prepared,
            "--set",
            "spark.master=local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    Files.delete(out.resolve("summary.md"));
    Cli.Result s = Cli.run("summarize", out.toString());
    assertEquals(0, s.code(), s.out() + s.err());

    SparkSession spark = TestSpark.session();
    Dataset<Row> trials = TrialsTable.read(spark, out.toUri().toString());
    List<String> columns = Arrays.asList(trials.columns());
    for (String c : List.of("final_purity", "best_purity", "selection_purity")) {
      assertTrue(columns.contains(c), c + " in " + columns);
    }
    assertTrue(
        columns.indexOf("final_ari") < columns.indexOf("final_purity")
            && columns.indexOf("final_purity") < columns.indexOf("final_ofm"),
        columns.toString());
    List<Row> rows = trials.select("final_acc", "final_purity", "history").collectAsList();
    assertEquals(4, rows.size());
    for (Row row : rows) {
      assertTrue(row.getDouble(1) >= row.getDouble(0), row.toString());
      Row firstEval = row.<Row>getList(2).get(0);
      assertTrue(firstEval.getDouble(firstEval.fieldIndex("purity")) > 0, row.toString());
    }

    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    for (JsonNode group : summary.get("rows")) {
      assertTrue(group.get("purity_mean").isNumber(), group.toString());
      assertTrue(group.has("purity_std"), group.toString());
      assertTrue(
          group.get("best_purity").asDouble() >= group.get("best_acc").asDouble(),
          group.toString());
    }
    String csvHeader = Files.readAllLines(out.resolve("summary.csv")).get(0);
    assertTrue(
        csvHeader.contains("ari_std,purity_mean,purity_std,ofm_mean")
            && csvHeader.contains("best_nmi,best_purity,best_loss"),
        csvHeader);
    String md = Files.readString(out.resolve("summary.md"));
    assertTrue(md.contains("## Purity"), md);
    assertTrue(md.contains("ΔPurity"), "the paired comparison tests it: " + md);
    assertTrue(
        Files.readAllLines(out.resolve("paired.csv")).get(0).endsWith("purity_losses,purity_p"));
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
