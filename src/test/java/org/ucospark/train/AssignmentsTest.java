package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;

/**
 * RUN_DIR/assignments/ and assignments-final/ of real runs: one row per example, the model's own
 * clusters.
 */
class AssignmentsTest extends UspsRunFixture {
  @Test
  void aLocalRunWritesOneRowPerExampleWhoseClustersScoreLikeTheRunsSummary() {
    RunOutcome out =
        train(
            settings(
                "ddc_usps", "train.mode=local", "data.limit=480", "epochs=2", "eval_interval=1"),
            false);
    Path run = tmp.resolve("run");
    Dataset<Row> best = read(run.resolve(Assignments.BEST));
    assertEquals(
        List.of("id", "label", "cluster", "confidence", "embedding"),
        Arrays.asList(best.columns()));
    assertEquals(480, best.count());
    assertEquals(480, best.select("id").distinct().count());
    assertPlainFolder(run.resolve(Assignments.BEST).toFile());
    assertEquals(out.best().acc(), scores(best).get("acc"), 1e-12, "the reported (best) ACC");
    assertEquals(out.best().nmi(), scores(best).get("nmi"), 1e-12);
    assertEquals(
        out.finalResult().acc(),
        scores(read(run.resolve(Assignments.FINAL))).get("acc"),
        1e-12,
        "final ACC");
    Row first = best.orderBy("id").first();
    assertEquals(0L, first.getLong(0));
    assertEquals(ModelParams.HIDDEN_SIZE, first.getList(4).size(), "DDC's hidden representation H");
    float confidence = first.getFloat(3);
    assertTrue(confidence >= 0.1f && confidence <= 1f, "the winning soft assignment " + confidence);
    // every row's labels are the data set's
    Dataset<Row> truth =
        spark.read().parquet(usps).where("id < 480").selectExpr("id", "label AS truth");
    assertEquals(0, best.join(truth, "id").where("label <> truth").count());
  }

  @Test
  void theEmbeddingKeyLeavesTheColumnOut() {
    train(
        settings(
            "ddc_usps",
            "train.mode=local",
            "data.limit=240",
            "epochs=1",
            "assignments.embedding=false"),
        false);
    Dataset<Row> rows = read(tmp.resolve("run").resolve(Assignments.BEST));
    assertEquals(List.of("id", "label", "cluster", "confidence"), Arrays.asList(rows.columns()));
    assertEquals(240, rows.count());
  }

  @Test
  void aSparkRunComputesThemOnTheExecutors() {
    RunOutcome out =
        train(settings("ddc_usps", "data.limit=480", "epochs=1", "train.workers=2"), false);
    Dataset<Row> best = read(tmp.resolve("run").resolve(Assignments.BEST));
    assertEquals(480, best.count());
    assertEquals(out.best().acc(), scores(best).get("acc"), 1e-12);
    assertPlainFolder(tmp.resolve("run").resolve(Assignments.BEST).toFile());
  }

  @Test
  void ohcConfidenceIsTheNegatedCostAndDecEmbedsItsBottleneck() {
    train(
        settings(
            "ohc_usps",
            "train.mode=local",
            "data.limit=256",
            "batch_size=128",
            "epochs=1",
            "run_dir=" + tmp.resolve("ohc")),
        false);
    Dataset<Row> ohc = read(tmp.resolve("ohc").resolve(Assignments.BEST));
    assertEquals(256, ohc.count());
    assertEquals(0, ohc.where("confidence > 0").count(), "−min_k C_ik is never positive");
    train(
        settings(
            "dec_usps",
            "train.mode=local",
            "data.limit=256",
            "batch_size=128",
            "epochs=2",
            "dec.pretrain_epochs=1",
            "dec.kmeans_restarts=1",
            "run_dir=" + tmp.resolve("dec")),
        false);
    Dataset<Row> dec = read(tmp.resolve("dec").resolve(Assignments.BEST));
    int bottleneck = settings("dec_usps").dec().bottleneck();
    assertEquals(bottleneck, dec.first().getList(4).size(), Layers.BOTTLENECK);
    assertEquals(
        0, dec.where("confidence <= 0 OR confidence > 1").count(), "Student-t q is a probability");
  }

  private static Dataset<Row> read(Path folder) {
    return spark.read().parquet(folder.toString());
  }

  static Scores scores(Dataset<Row> rows) {
    List<Row> all = rows.select("label", "cluster").collectAsList();
    return MetricRegistry.score(
        all.stream().mapToInt(r -> r.getInt(0)).toArray(),
        all.stream().mapToInt(r -> r.getInt(1)).toArray());
  }

  /**
   * Part files directly in the folder: no partition sub-folders, no temporary siblings left beside
   * it.
   */
  static void assertPlainFolder(File folder) {
    File[] files = folder.listFiles();
    assertTrue(
        files != null && Arrays.stream(files).anyMatch(f -> f.getName().endsWith(".parquet")));
    assertFalse(Arrays.stream(files).anyMatch(File::isDirectory), Arrays.toString(files));
    assertFalse(
        Arrays.stream(folder.getParentFile().listFiles())
            .anyMatch(f -> f.getName().contains(".tmp-")));
  }
}
