package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Real training runs on a real USPS subset: local and Spark parameter averaging, checkpoints,
 * resume.
 */
class TrainingRunTest extends UspsRunFixture {
  @Test
  void localDdcRunWritesMetricsCheckpointsAndSummaryAndLearns() throws Exception {
    RunOutcome out =
        train(
            settings(
                "ddc_usps",
                "train.mode=local",
                "data.limit=600",
                "epochs=3",
                "eval_interval=1",
                "checkpoint_interval=2"),
            false);
    List<JsonNode> rows = rows(out);
    assertEquals(3, rows.size());
    assertTrue(
        rows.get(2).get("loss").asDouble() < rows.get(0).get("loss").asDouble(),
        "evaluated loss goes down");
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
    assertTrue(
        !Files.exists(run.resolve("checkpoints/epoch-0002.zip")),
        "only the latest checkpoint is kept");
    assertTrue(Files.exists(run.resolve("checkpoints/best.zip")));
    assertEquals(3, spark.read().parquet(run.resolve("metrics").toString()).count());
  }

  @Test
  void resumedRunEndsLikeAnUninterruptedOne() {
    RunSettings straight = localDdc480("straight", "epochs=3", "eval_interval=3");
    RunOutcome expected = train(straight, false);

    RunSettings crashing =
        localDdc480("crashing", "epochs=3", "eval_interval=3", "checkpoint_interval=1");
    assertEquals("simulated crash after epoch 2", crashAfterEpoch(crashing, 2).getMessage());
    UcoException refused = assertThrows(UcoException.class, () -> train(crashing, false));
    assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());

    RunOutcome resumed = train(crashing, true);
    assertEquals(expected.finalEpoch(), resumed.finalEpoch());
    assertEquals(expected.finalResult().loss(), resumed.finalResult().loss(), 1e-5);
    assertEquals(expected.finalResult().acc(), resumed.finalResult().acc(), 1e-9);
    assertEquals(expected.finalResult().nmi(), resumed.finalResult().nmi(), 1e-9);
  }

  @Test
  void theBestResultIsTheSavedBestCheckpointsEvaluation() {
    // One process keeps the evaluation made when best.zip was saved; a run resumed after its last
    // epoch has only best.zip and evaluates it again. Both must report the same best run.
    RunSettings straight = localDdc480("best-straight", "epochs=2", "eval_interval=1");
    RunOutcome expected = train(straight, false);

    RunSettings crashing =
        localDdc480("best-crashing", "epochs=2", "eval_interval=1", "checkpoint_interval=1");
    crashAfterEpoch(crashing, 2);
    RunOutcome resumed = train(crashing, true);
    assertEquals(expected.bestEpoch(), resumed.bestEpoch());
    assertEquals(expected.best().loss(), resumed.best().loss(), 1e-6);
    assertEquals(expected.best().acc(), resumed.best().acc(), 1e-9);
    assertEquals(expected.best().nmi(), resumed.best().nmi(), 1e-9);
    assertEquals(expected.best().ari(), resumed.best().ari(), 1e-9);
    assertEquals(expected.selection().loss(), resumed.selection().loss(), 1e-6);
  }

  @Test
  void sparkParameterAveragingTrainsAcrossWorkers() {
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    RunOutcome out =
        new TrainingRun(
                spark,
                new HadoopFs(spark.sparkContext().hadoopConfiguration()),
                settings(
                    "ddc_usps", "data.limit=960", "epochs=2", "eval_interval=1", "train.workers=2"),
                new java.io.PrintStream(said, true))
            .run(false);
    assertTrue(
        said.toString()
                .contains(
                    "note: parameter averaging over 2 worker(s) takes 1/2 of the sequential"
                        + " updates per epoch")
            && said.toString()
                .contains("paper-faithful runs use --local or a trial-parallel" + " sweep"),
        said.toString());
    assertEquals(2, out.summary().get("executors").asInt());
    assertTrue(out.summary().get("spark_master").asText().startsWith("local"));
    assertTrue(Double.isFinite(out.finalResult().loss()));
    assertTrue(out.finalResult().loss() < firstLoss(out), "loss goes down");
  }

  @Test
  void companionModelsReportOfmInRange() {
    for (String experiment : List.of("ddc_uco_usps", "ddc_ae_usps")) {
      RunOutcome out =
          train(
              settings(
                  experiment,
                  "train.mode=local",
                  "data.limit=240",
                  "epochs=1",
                  "ofm.max_batches=1",
                  "run_dir=" + tmp.resolve(experiment)),
              false);
      double ofm = out.finalResult().ofm();
      assertTrue(ofm >= -1 && ofm <= 1, experiment + " ofm " + ofm);
    }
  }

  @Test
  void aRunWhoseLossBecomesNaNEndsDivergedNamingTheEpochAndTheTerm() throws Exception {
    // Adam moves every weight by about the learning rate per step: at 1e30 the activations overflow
    RunSettings exploding =
        localDdc480("nan", "epochs=3", "eval_interval=1", "optimizer.learning_rate=1e30");
    RunOutcome out = train(exploding, false);
    // the training loss is the first value that is not finite (the evaluation after it, too)
    assertEquals(new Divergence(1, "train_loss", "NaN"), out.divergence());
    List<String> rows = Files.readAllLines(tmp.resolve("nan").resolve("metrics.jsonl"));
    assertEquals(1, rows.size(), "the diverged epoch is recorded, and nothing after it");
    assertEquals("ddc_1 = NaN", new ObjectMapper().readTree(rows.get(0)).get("failed").asText());
    JsonNode summary =
        new ObjectMapper().readTree(tmp.resolve("nan").resolve("summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    assertEquals(1, summary.at("/diverged/epoch").asInt());
    assertEquals("train_loss", summary.at("/diverged/term").asText());
    assertEquals("NaN", summary.at("/diverged/value").asText());
    for (String view : List.of("best", "selection", "final")) {
      for (String m : List.of("acc", "nmi", "ari", "loss")) {
        assertTrue(
            summary.at("/" + view + "/" + m).isNull(),
            "no evaluation before the divergence: " + view + "." + m + " is null");
      }
    }
  }

  @Test
  void aNonFiniteTermFailsTheEvaluation() {
    EvaluationResult ok =
        new EvaluationResult(
            new org.ucospark.eval.Scores(java.util.Map.of("acc", 0.5)),
            Double.NaN,
            1.5,
            new java.util.LinkedHashMap<>(java.util.Map.of("ddc_1", 1.0)),
            new int[] {1, 1},
            0,
            java.util.Map.of(),
            java.util.Map.of(),
            null);
    assertEquals(null, ok.failure(), "a NaN OFM (no companion) is no failure");
    java.util.Map<String, Double> terms = new java.util.LinkedHashMap<>();
    terms.put("ddc_1", 0.2);
    terms.put("uco/0", Double.POSITIVE_INFINITY);
    EvaluationResult bad =
        new EvaluationResult(
            new org.ucospark.eval.Scores(java.util.Map.of("acc", 0.5)),
            Double.NaN,
            Double.POSITIVE_INFINITY,
            terms,
            new int[] {1, 1},
            0,
            java.util.Map.of(),
            java.util.Map.of(),
            null);
    assertEquals("uco/0 = Infinity", bad.failure());
  }

  @Test
  void pairwiseOfmOfAOneEpochDdcUcoRunHasACosineForEveryPairOfTerms() throws Exception {
    RunOutcome out =
        train(
            settings(
                "ddc_uco_usps",
                "train.mode=local",
                "data.limit=240",
                "epochs=1",
                "ofm.max_batches=1",
                "ofm.mode=pairwise"),
            false);
    List<String> terms = List.of("ddc_1", "ddc_2", "ddc_3", "uco/0", "uco/1");
    JsonNode summary =
        new ObjectMapper().readTree(tmp.resolve("run").resolve("summary.json").toFile());
    for (JsonNode matrix :
        List.of(
            rows(out).get(0).get("ofm_pairwise"),
            summary.at("/final/ofm_pairwise"),
            summary.at("/best/ofm_pairwise"))) {
      assertEquals(terms, iterable(matrix.fieldNames()), matrix.toString());
      for (String t : terms) {
        assertEquals(1.0, matrix.get(t).get(t).asDouble(), 1e-12);
        for (String u : terms) {
          double c = matrix.get(t).get(u).asDouble();
          assertTrue(matrix.get(t).get(u).isNumber() && c >= -1 && c <= 1, t + " " + u + " " + c);
          assertEquals(c, matrix.get(u).get(t).asDouble(), 0.0, "symmetric");
        }
      }
    }
    double ofm = out.finalResult().ofm();
    assertTrue(ofm >= -1 && ofm <= 1, "the simple OFM is still reported: " + ofm);
    for (String key : List.of("sigma/hidden", "sigma/uco/0", "sigma/uco/1")) {
      assertTrue(rows(out).get(0).get(key).asDouble() > 0, key + " in " + rows(out).get(0));
    }
    UcoException e =
        assertThrows(UcoException.class, () -> settings("ddc_uco_usps", "ofm.mode=all"));
    assertTrue(e.getMessage().contains("'ofm.mode'"), e.getMessage());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void impossibleSettingsFailWithTheKey() {
    UcoException e = assertThrows(UcoException.class, () -> settings("ddc_usps", "batch_size=1"));
    assertTrue(e.getMessage().contains("'batch_size' must be at least 2"), e.getMessage());
    e = assertThrows(UcoException.class, () -> settings("ddc_usps", "loss.uco_kernel=fancy"));
    assertTrue(e.getMessage().contains("loss.uco_kernel"), e.getMessage());
    e =
        assertThrows(
            UcoException.class, () -> train(settings("ddc_usps", "data.limit=100"), false));
    assertTrue(e.getMessage().contains("larger than the data set"), e.getMessage());
  }

  /** The first evaluated loss of a run. */
  static double firstLoss(RunOutcome out) {
    return rows(out).get(0).get("loss").asDouble();
  }

  /**
   * A run killed after its first checkpoint is marked unfinished ({@code report} says so and how to
   * go on), and the command it gives finishes it; the run's wall time is then the sum of both
   * invocations, and the provenance lists them.
   */
  @Test
  void aCrashedRunIsReportedUnfinishedAndItsResumeCommandFinishesIt() throws Exception {
    Path run = tmp.resolve("run");
    crashAfterEpoch(localDdc480("run", "epochs=2", "eval_interval=1", "checkpoint_interval=1"), 1);
    assertTrue(Files.exists(run.resolve("config.json")));
    assertTrue(Files.notExists(run.resolve("summary.json")));

    org.ucospark.testing.Cli.Result r = org.ucospark.testing.Cli.run("report", run.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(
        r.err().contains("a training run that did not finish")
            && r.err().contains("its last checkpoint is epoch 1")
            && r.err().contains("continue it with `uco-spark train --model ddc --data ")
            && r.err().contains("/run/config.json --resume`"),
        r.err());
    String command = r.err().substring(r.err().indexOf('`') + 1, r.err().lastIndexOf('`'));
    String[] args = command.substring("uco-spark ".length()).split(" ");
    r = org.ucospark.testing.Cli.run(args);
    assertEquals(0, r.code(), command + "\n" + r.err());
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertEquals(2, summary.at("/final/epoch").asInt());
    JsonNode invocations = summary.at("/provenance/invocations");
    assertEquals(2, invocations.size(), summary.toPrettyString());
    assertEquals(1, invocations.get(0).get("to_epoch").asInt());
    assertEquals(1, invocations.get(1).get("from_epoch").asInt());
    assertEquals(
        invocations.get(0).get("wall_s").asDouble() + invocations.get(1).get("wall_s").asDouble(),
        summary.get("wall_s").asDouble(),
        1e-6);
  }

  /**
   * A --resume of a finished run with the same configuration trains nothing, and keeps the run's
   * own record: its provenance date stays, its wall time grows by the resuming invocation only.
   */
  @Test
  void resumingAFinishedRunKeepsItsProvenanceDateAndSumsTheWallTime() throws Exception {
    Path run = tmp.resolve("run");
    RunSettings s = localDdc480("run", "epochs=1");
    train(s, false);
    JsonNode before = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    Thread.sleep(1100);
    train(s, true);
    JsonNode after = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertEquals(
        before.at("/provenance/date").asText(),
        after.at("/provenance/date").asText(),
        "the date the run was made, not the resuming invocation's");
    JsonNode invocations = after.at("/provenance/invocations");
    assertEquals(2, invocations.size(), after.toPrettyString());
    assertEquals(
        before.get("wall_s").asDouble(), invocations.get(0).get("wall_s").asDouble(), 1e-6);
    assertEquals(1, invocations.get(1).get("from_epoch").asInt());
    assertEquals(1, invocations.get(1).get("to_epoch").asInt(), "the resume trained nothing");
    assertEquals(
        before.get("wall_s").asDouble() + invocations.get(1).get("wall_s").asDouble(),
        after.get("wall_s").asDouble(),
        1e-6);
  }
}
