package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Real DEC-family and OHC runs on a USPS subset: pre-training then clustering, target updates,
 * resume, OFM, and parameter averaging on Spark.
 */
class DecAndOhcTrainingTest extends UspsRunFixture {
  /**
   * A short DEC schedule: 1 pre-training epoch, targets recomputed before every fine-tuning epoch.
   */
  static final List<String> SHORT_DEC =
      List.of(
          "data.limit=512",
          "batch_size=128",
          "epochs=3",
          "eval_interval=1",
          "checkpoint_interval=1",
          "dec.pretrain_epochs=1",
          "dec.target_update_interval=1",
          "dec.kmeans_restarts=2",
          "ofm.max_batches=1");

  /**
   * Settings of {@code experiment} in run directory {@code tmp/run}: {@code base}, then {@code
   * overrides}.
   */
  RunSettings settings(String experiment, String run, List<String> base, String... overrides) {
    List<String> all = new ArrayList<>(List.of("run_dir=" + tmp.resolve(run)));
    all.addAll(base);
    all.addAll(List.of(overrides));
    return settings(experiment, all.toArray(String[]::new));
  }

  @Test
  void decPretrainsThenClustersWithTargetsRecomputedAndSaved() {
    RunOutcome out = train(settings("dec_usps", "dec", SHORT_DEC, "train.mode=local"), false);
    List<JsonNode> rows = rows(out);
    assertEquals(3, rows.size());
    assertFalse(rows.get(0).get("evaluated").asBoolean(), "no clusters during pre-training");
    // The training loss of every term per epoch beside the total: reconstruction while
    // pre-training, kl while clustering.
    assertEquals(
        rows.get(0).get("train_loss").asDouble(),
        rows.get(0).at("/train_terms/reconstruct").asDouble(),
        1e-6);
    assertEquals(
        rows.get(2).get("train_loss").asDouble(),
        rows.get(2).at("/train_terms/kl").asDouble(),
        1e-6);
    for (JsonNode row : rows.subList(1, 3)) {
      assertTrue(row.get("evaluated").asBoolean());
      double kl = row.at("/terms/kl").asDouble();
      assertTrue(kl >= 0 && Double.isFinite(kl), "kl " + kl);
      assertTrue(
          row.get("acc").asDouble() > 0.2, "k-means on the pre-trained bottleneck beats chance");
      int sum = 0;
      for (JsonNode c : row.get("cluster_counts")) {
        sum += c.asInt();
      }
      assertEquals(512, sum);
      // The authors' logs: the confusion matrix (class × cluster) and the Rand index beside ARI.
      JsonNode confusion = row.get("confusion");
      assertEquals(10, confusion.size(), "a row per class");
      int cells = 0;
      for (JsonNode r : confusion) {
        assertEquals(10, r.size(), "a column per cluster");
        for (JsonNode v : r) {
          cells += v.asInt();
        }
      }
      assertEquals(512, cells);
      double rand = row.get("rand").asDouble();
      assertTrue(rand > 0 && rand <= 1 && rand >= row.get("ari").asDouble(), "rand " + rand);
      assertTrue(
          row.get("kl_star").asDouble() >= 0
              && row.get("kl_star").asDouble() <= Math.log(10) + 1e-9);
    }
    assertTrue(out.summary().at("/final/ofm").isNull(), "dec has no companion, no OFM");
    // The k-means after pre-training, as the authors print it: its own ACC (and NMI, ARI, RI)
    // and inertia.
    JsonNode kmeans = readJson(tmp.resolve("dec/kmeans.json"));
    assertEquals(2, kmeans.get("epoch").asInt());
    assertTrue(kmeans.get("inertia").asDouble() > 0);
    assertTrue(kmeans.get("acc").asDouble() > 0.2, "k-means beats chance: " + kmeans);
    for (String metric : List.of("nmi", "ari", "rand")) {
      assertTrue(kmeans.get(metric).isNumber(), metric);
    }
    Path checkpoints = tmp.resolve("dec/checkpoints");
    assertTrue(
        Files.exists(checkpoints.resolve("targets-0002.bin"))
            && Files.exists(checkpoints.resolve("targets-0003.bin")));
  }

  @Test
  void resumedDecRunEndsLikeAnUninterruptedOne() {
    RunOutcome expected =
        train(
            settings(
                "idec_usps",
                "straight",
                SHORT_DEC,
                "train.mode=local",
                "dec.target_update_interval=2",
                "epochs=4"),
            false);
    RunSettings crashing =
        settings(
            "idec_usps",
            "crashing",
            SHORT_DEC,
            "train.mode=local",
            "dec.target_update_interval=2",
            "epochs=4");
    assertThrows(
        IllegalStateException.class,
        () ->
            new TrainingRun(
                    spark,
                    new HadoopFs(spark.sparkContext().hadoopConfiguration()),
                    crashing,
                    System.out)
                .afterEpoch(
                    epoch -> {
                      if (epoch == 3) {
                        throw new IllegalStateException("simulated crash after epoch 3");
                      }
                    })
                .run(false));
    RunOutcome resumed = train(crashing, true);
    assertEquals(expected.finalResult().loss(), resumed.finalResult().loss(), 1e-5);
    assertEquals(expected.finalResult().acc(), resumed.finalResult().acc(), 1e-9);
    assertEquals(
        expected.finalResult().terms().get("reconstruct"),
        resumed.finalResult().terms().get("reconstruct"),
        1e-6);
  }

  @Test
  void companionVariantsOfDecReportOfmInRange() {
    for (String experiment : List.of("idec_usps", "dec_uco_usps", "cdec_uco_usps")) {
      RunOutcome out =
          train(
              settings(
                  experiment,
                  experiment,
                  SHORT_DEC,
                  "train.mode=local",
                  "epochs=2",
                  "data.limit=256"),
              false);
      double ofm = out.finalResult().ofm();
      assertTrue(ofm >= -1 && ofm <= 1, experiment + " ofm " + ofm);
      assertTrue(out.finalResult().terms().containsKey("kl"), experiment);
      assertEquals(
          experiment.contains("uco"), out.finalResult().terms().containsKey("uco/1"), experiment);
    }
  }

  @Test
  void ohcTrainsLocallyAndReportsItsTermAndCollapseMonitor() {
    RunOutcome out =
        train(
            settings(
                "ohc_usps",
                "ohc",
                List.of("data.limit=768", "batch_size=128", "epochs=3", "eval_interval=1"),
                "train.mode=local"),
            false);
    List<JsonNode> rows = rows(out);
    assertTrue(
        rows.get(2).at("/terms/ohc").asDouble() < rows.get(0).at("/terms/ohc").asDouble(),
        "the assigned cost goes down");
    assertTrue(out.finalResult().acc() > 0.15, "acc " + out.finalResult().acc());
    assertTrue(Double.isFinite(out.finalResult().klStar()));
    assertTrue(out.summary().at("/final/ofm").isNull());
  }

  @Test
  void decAndOhcTrainUnderParameterAveraging() {
    RunOutcome dec =
        train(settings("cdec_usps", "spark-cdec", SHORT_DEC, "train.workers=2", "epochs=2"), false);
    assertEquals(2, dec.summary().get("executors").asInt());
    assertTrue(Double.isFinite(dec.finalResult().loss()) && dec.finalResult().acc() > 0.15);
    RunOutcome ohc =
        train(
            settings(
                "ohc_usps",
                "spark-ohc",
                List.of("data.limit=512", "batch_size=128", "epochs=2", "eval_interval=1"),
                "train.workers=2"),
            false);
    assertTrue(Double.isFinite(ohc.finalResult().terms().get("ohc")));
  }

  @Test
  void decEpochsMustIncludeThePretraining() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> settings("dec_usps", "bad", List.of("epochs=200", "dec.pretrain_epochs=200")));
    assertTrue(
        e.getMessage().contains("'epochs' must be larger than dec.pretrain_epochs"),
        e.getMessage());
    e =
        assertThrows(
            UcoException.class,
            () -> settings("dec_uco_usps", "bad", List.of("loss.uco_kernel=tensor")));
    assertTrue(
        e.getMessage().contains("'loss.uco_kernel' must be naive for dec_uco"), e.getMessage());
    e =
        assertThrows(
            UcoException.class, () -> settings("ohc_usps", "bad", List.of("ohc.encoder=resnet")));
    assertTrue(e.getMessage().contains("ohc.encoder"), e.getMessage());
  }

  static JsonNode readJson(Path file) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
