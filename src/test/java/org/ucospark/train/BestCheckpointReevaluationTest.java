package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ModelParams;

/**
 * The winner's curse (docs/PROTOCOL.md): the best checkpoint is evaluated once more after training
 * in the order of (seed, "final"), which is what a run reports as {@code best}; the evaluation that
 * selected it stays beside it as {@code selection}. Also for a run that diverged after its first
 * evaluation ("survivorship").
 */
class BestCheckpointReevaluationTest extends UspsRunFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBestCheckpointIsEvaluatedAgainInAnotherOrderAndTheSelectingEvaluationIsKept()
      throws Exception {
    RunSettings s = localDdc480("local", "epochs=2", "eval_interval=1");
    RunOutcome out = train(s, false);
    JsonNode summary = JSON.readTree(tmp.resolve("local/summary.json").toFile());
    assertReevaluated(s, summary, rows(out));
    assertEquals(out.best().loss(), summary.at("/best/loss").asDouble(), 0);
    assertEquals(out.selection().loss(), summary.at("/selection/loss").asDouble(), 0);
  }

  @Test
  void sparkParameterAveragingReportsTheSameReevaluation() throws Exception {
    RunSettings s =
        settings(
            "ddc_usps",
            "data.limit=480",
            "epochs=2",
            "eval_interval=1",
            "train.workers=2",
            "run_dir=" + tmp.resolve("spark"));
    RunOutcome out = train(s, false);
    assertReevaluated(s, JSON.readTree(tmp.resolve("spark/summary.json").toFile()), rows(out));
  }

  /**
   * A run that diverges after its first evaluation: its parameters are made NaN after epoch 1 (its
   * checkpoint and best.zip written), as an overflow would, so epoch 2's training loss is NaN.
   */
  @Test
  void aRunThatDivergesAfterItsFirstEvaluationReportsItsBestCheckpointFromBefore()
      throws Exception {
    RunSettings s = localDdc480("late", "epochs=3", "eval_interval=1");
    RunOutcome out =
        new TrainingRun(
                spark, new HadoopFs(spark.sparkContext().hadoopConfiguration()), s, System.out)
            .listen(
                new TrainingListener() {
                  @Override
                  public void epochEnded(EpochEnd end) {
                    if (end.epoch() == 1) {
                      end.trainer().network().params().assign(Double.NaN);
                    }
                  }
                })
            .run(false);
    assertTrue(out.diverged());
    assertEquals(2, out.divergence().epoch());
    JsonNode summary = JSON.readTree(tmp.resolve("late/summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    assertEquals(2, summary.at("/diverged/epoch").asInt());
    assertEquals("train_loss", summary.at("/diverged/term").asText());
    assertEquals(1, summary.at("/final/epoch").asInt(), "the last finite evaluation");
    assertEquals(1, summary.at("/best/epoch").asInt());
    assertReevaluated(s, summary, rows(out));
    assertTrue(
        !Files.exists(tmp.resolve("late/assignments")),
        "no assignments of a diverged run (predict --checkpoint best writes them)");
  }

  /**
   * summary.json's best is best.zip evaluated in the order {@link ShufflePlan#FINAL}, computed here
   * again independently; its selection is the metrics row of the best epoch; the two losses differ
   * (another order, other batches) while the predictions, hence ACC/NMI/ARI, do not.
   */
  private void assertReevaluated(RunSettings s, JsonNode summary, List<JsonNode> rows) {
    int bestEpoch = summary.at("/best/epoch").asInt();
    JsonNode selecting =
        rows.stream().filter(r -> r.get("epoch").asInt() == bestEpoch).findFirst().orElseThrow();
    assertEquals("final", summary.at("/best/order").asText());
    assertEquals(bestEpoch, summary.at("/selection/epoch").asInt());
    assertEquals(selecting.get("loss").asDouble(), summary.at("/selection/loss").asDouble(), 0);
    EvaluationResult again = evaluateBest(s, ShufflePlan.FINAL);
    assertEquals(again.loss(), summary.at("/best/loss").asDouble(), 1e-9);
    assertEquals(again.acc(), summary.at("/best/acc").asDouble(), 1e-12);
    assertEquals(
        evaluateBest(s, ShufflePlan.EVALUATION).loss(),
        summary.at("/selection/loss").asDouble(),
        1e-9,
        "the selecting evaluation is best.zip's in the run's evaluation order");
    assertNotEquals(
        summary.at("/selection/loss").asDouble(),
        summary.at("/best/loss").asDouble(),
        "another order, other batches, another loss");
    for (String m : List.of("acc", "nmi", "ari")) {
      assertEquals(
          summary.at("/selection/" + m).asDouble(), summary.at("/best/" + m).asDouble(), 1e-12, m);
    }
  }

  /** checkpoints/best.zip of {@code s}'s run evaluated in this JVM in the order {@code order}. */
  private static EvaluationResult evaluateBest(RunSettings s, int order) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    TrainingData data = new TrainingData(fs, s.dataPath(), s.dataLimit());
    ModelParams params = TrainingRun.params(s, data);
    return EvaluationPass.local(
        new RunDirectory(fs, s.runDir()).loadBest(),
        params,
        data.collectLocal(),
        null,
        EvaluationPlan.of(s, params),
        order);
  }
}
