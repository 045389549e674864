package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;

/**
 * What --resume accepts: the run's own configuration (epochs and execution settings may change),
 * and "best" kept.
 */
class ResumeGuardTest extends UspsRunFixture {
  @Test
  void resumeRefusesAnotherExperimentNamingTheKeysAndLeavesTheRunAlone() throws Exception {
    RunSettings ddc = localDdc480("r", "epochs=1");
    train(ddc, false);
    Path summary = tmp.resolve("r/summary.json");
    String before = Files.readString(summary);

    RunSettings other =
        settings(
            "ddc_uco_usps",
            "train.mode=local",
            "data.limit=480",
            "run_dir=" + tmp.resolve("r"),
            "epochs=2");
    UcoException e = assertThrows(UcoException.class, () -> train(other, true));
    assertTrue(e.getMessage().contains("'model' (run: ddc, now: ddc_uco)"), e.getMessage());
    assertTrue(
        e.getMessage().contains("'experiment'")
            && e.getMessage().contains("'optimizer.learning_rate'"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "only epochs, checkpoint_interval, run_dir, train.*, spark.*, sweep.* may change"),
        e.getMessage());
    assertEquals(before, Files.readString(summary), "summary.json untouched");

    UcoException seed =
        assertThrows(UcoException.class, () -> train(localDdc480("r", "epochs=2", "seed=3"), true));
    assertTrue(seed.getMessage().contains("'seed' (run: 0, now: 3)"), seed.getMessage());

    // More epochs and other execution settings are a continuation of the same run.
    RunOutcome longer =
        train(localDdc480("r", "epochs=2", "train.threads=1", "checkpoint_interval=1"), true);
    assertEquals(2, longer.finalEpoch());
  }

  @Test
  void numbersAndNumericStringsCompareByValue() {
    var file =
        ConfigFactory.parseString("epochs = 12, optimizer { learning_rate = 1e-3 }, model = ddc");
    var set =
        ConfigFactory.parseString(
            "epochs = \"20\", optimizer { learning_rate = \"0.0010\" }, model = ddc");
    assertEquals(List.of(), ResumeGuard.differences(file, set));
    var spark =
        ConfigFactory.parseString(
            "spark { conf { \"spark.x\" = 1 } }, train { workers = 3 }, model = ddc");
    assertEquals(
        List.of(),
        ResumeGuard.differences(file.withoutPath("epochs").withoutPath("optimizer"), spark));
    assertEquals(
        List.of("'model' (run: ddc, now: dec)"),
        ResumeGuard.differences(
            file, set.withValue("model", ConfigFactory.parseString("m = dec").getValue("m"))));
  }

  @Test
  void resumingFromACheckpointBeforeTheFirstEvaluationStillFindsTheBest() throws Exception {
    // Epoch 1 is checkpointed but not evaluated (as a DEC pre-training checkpoint): state.json's
    // best_loss is null.
    RunSettings straight = localDdc480("straight", "epochs=2", "eval_interval=2");
    RunOutcome expected = train(straight, false);
    RunSettings crashing =
        localDdc480("crashing", "epochs=2", "eval_interval=2", "checkpoint_interval=1");
    crashAfterEpoch(crashing, 1);
    Path run = tmp.resolve("crashing");
    assertTrue(
        new ObjectMapper()
            .readTree(run.resolve("checkpoints/state.json").toFile())
            .get("best_loss")
            .isNull());
    assertFalse(Files.exists(run.resolve("checkpoints/best.zip")));

    RunOutcome resumed = train(crashing, true);
    assertEquals(2, resumed.bestEpoch());
    assertTrue(
        Files.exists(run.resolve("checkpoints/best.zip")), "best.zip written after the resume");
    assertEquals(expected.best().loss(), resumed.best().loss(), 1e-5);
    assertEquals(
        2,
        new ObjectMapper()
            .readTree(run.resolve("summary.json").toFile())
            .at("/best/epoch")
            .asInt());
  }
}
