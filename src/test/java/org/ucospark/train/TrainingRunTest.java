package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;

/** Real training runs on a real USPS subset: local and Spark parameter averaging, checkpoints, resume. */
class TrainingRunTest extends UspsRunFixture {
  @Test
  void localDdcRunWritesMetricsCheckpointsAndSummaryAndLearns() throws Exception {
    TrainingRun.Outcome out = train(settings("ddc_usps", "train.mode=local", "data.limit=600", "epochs=3",
        "eval_interval=1", "checkpoint_interval=2"), false);
    List<JsonNode> rows = rows(out);
    assertEquals(3, rows.size());
    assertTrue(rows.get(2).get("loss").asDouble() < rows.get(0).get("loss").asDouble(), "evaluated loss goes down");
    Path run = tmp.resolve("run");
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    for (String key : List.of("acc", "nmi", "ari")) {
      double v = summary.at("/final/" + key).asDouble();
      assertTrue(v > 0 && v <= 1, key + " " + v);
    }
    assertTrue(summary.at("/final/ofm").isNull(), "ddc has no OFM");
    assertTrue(summary.at("/final/terms/ddc_1").isNumber());
    assertEquals(0, summary.get("seed").asInt());
    assertTrue(Files.exists(run.resolve("checkpoints/epoch-0003.zip")));
    assertTrue(!Files.exists(run.resolve("checkpoints/epoch-0002.zip")), "only the latest checkpoint is kept");
    assertTrue(Files.exists(run.resolve("checkpoints/best.zip")));
    assertEquals(3, spark.read().parquet(run.resolve("metrics").toString()).count());
  }

  @Test
  void resumedRunEndsLikeAnUninterruptedOne() {
    RunSettings straight = localDdc480("straight", "epochs=3", "eval_interval=3");
    TrainingRun.Outcome expected = train(straight, false);

    RunSettings crashing = localDdc480("crashing", "epochs=3", "eval_interval=3", "checkpoint_interval=1");
    assertEquals("simulated crash after epoch 2", crashAfterEpoch(crashing, 2).getMessage());
    UcoException refused = assertThrows(UcoException.class, () -> train(crashing, false));
    assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());

    TrainingRun.Outcome resumed = train(crashing, true);
    assertEquals(expected.finalEpoch(), resumed.finalEpoch());
    assertEquals(expected.finalResult().loss(), resumed.finalResult().loss(), 1e-5);
    assertEquals(expected.finalResult().acc(), resumed.finalResult().acc(), 1e-9);
    assertEquals(expected.finalResult().nmi(), resumed.finalResult().nmi(), 1e-9);
  }

  @Test
  void theBestResultIsTheSavedBestCheckpointsEvaluation() {
    // One process keeps the evaluation made when best.zip was saved; a run resumed after its last epoch
    // has only best.zip and evaluates it again. Both must report the same best run.
    RunSettings straight = localDdc480("best-straight", "epochs=2", "eval_interval=1");
    TrainingRun.Outcome expected = train(straight, false);

    RunSettings crashing = localDdc480("best-crashing", "epochs=2", "eval_interval=1", "checkpoint_interval=1");
    crashAfterEpoch(crashing, 2);
    TrainingRun.Outcome resumed = train(crashing, true);
    assertEquals(expected.bestEpoch(), resumed.bestEpoch());
    assertEquals(expected.best().loss(), resumed.best().loss(), 1e-6);
    assertEquals(expected.best().acc(), resumed.best().acc(), 1e-9);
    assertEquals(expected.best().nmi(), resumed.best().nmi(), 1e-9);
    assertEquals(expected.best().ari(), resumed.best().ari(), 1e-9);
  }

  @Test
  void sparkParameterAveragingTrainsAcrossWorkers() {
    TrainingRun.Outcome out = train(settings("ddc_usps", "data.limit=960", "epochs=2", "eval_interval=1",
        "train.workers=2"), false);
    assertEquals(2, out.summary().get("executors").asInt());
    assertTrue(out.summary().get("spark_master").asText().startsWith("local"));
    assertTrue(Double.isFinite(out.finalResult().loss()));
    assertTrue(out.finalResult().loss() < firstLoss(out), "loss goes down");
  }

  @Test
  void companionModelsReportOfmInRange() {
    for (String experiment : List.of("ddc_uco_usps", "ddc_ae_usps")) {
      TrainingRun.Outcome out = train(settings(experiment, "train.mode=local", "data.limit=240", "epochs=1",
          "ofm.max_batches=1", "run_dir=" + tmp.resolve(experiment)), false);
      double ofm = out.finalResult().ofm();
      assertTrue(ofm >= -1 && ofm <= 1, experiment + " ofm " + ofm);
    }
  }

  @Test
  void impossibleSettingsFailWithTheKey() {
    UcoException e = assertThrows(UcoException.class, () -> settings("ddc_usps", "batch_size=1"));
    assertTrue(e.getMessage().contains("'batch_size' must be at least 2"), e.getMessage());
    e = assertThrows(UcoException.class, () -> settings("ddc_usps", "loss.uco_kernel=fancy"));
    assertTrue(e.getMessage().contains("loss.uco_kernel"), e.getMessage());
    e = assertThrows(UcoException.class, () -> train(settings("ddc_usps", "data.limit=100"), false));
    assertTrue(e.getMessage().contains("larger than the data set"), e.getMessage());
  }

  /** The first evaluated loss of a run. */
  static double firstLoss(TrainingRun.Outcome out) {
    return rows(out).get(0).get("loss").asDouble();
  }
}
