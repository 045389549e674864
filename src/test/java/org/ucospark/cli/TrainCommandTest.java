package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/** {@code train}'s outcome as the command line reports it. */
class TrainCommandTest {
  @TempDir Path tmp;

  /**
   * A diverged run is an outcome with its own exit code (4: not 0, not 2 for bad input, not 3 for a
   * sweep with failed trials), one line saying where, and its summary.json.
   */
  @Test
  void aDivergedRunExitsWithItsOwnCodeAndOneLine() throws Exception {
    SparkSession spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, tmp.resolve("data"));
    Path run = tmp.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--experiment",
            "ddc_usps",
            "--local",
            "--run-dir",
            run.toString(),
            "--set",
            "data.path=" + usps,
            "--set",
            "data.limit=240",
            "--set",
            "epochs=2",
            "--set",
            "eval_interval=1",
            "--set",
            // Adam moves every weight by about the learning rate per step: at 1e30 the activations
            // overflow in epoch 1
            "optimizer.learning_rate=1e30",
            "--set",
            "spark.master=local[2]");
    assertEquals(TrainCommand.DIVERGED, r.code(), r.err());
    assertEquals(4, TrainCommand.DIVERGED);
    assertTrue(
        r.out()
            .contains(
                "train: diverged at epoch 1: train_loss = NaN; summary.json reports the best"
                    + " checkpoint from before it (none: no evaluation came first) (exit 4)"),
        r.out());
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    assertEquals("train_loss", summary.at("/diverged/term").asText());
    assertTrue(summary.at("/best/loss").isNull());
  }
}
