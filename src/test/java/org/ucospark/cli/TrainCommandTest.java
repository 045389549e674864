package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.RunDirectory;

/** {@code train}'s outcome as the command line reports it. */
class TrainCommandTest {
  private static final String[] SMALL = {"data.limit=240", "epochs=1", "spark.master=local[2]"};

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
        Cli.trainDdcUspsLocal(
            run,
            usps,
            "data.limit=240",
            "epochs=2",
            "eval_interval=1",
            // Adam moves every weight by about the learning rate per step: at 1e30 the activations
            // overflow in epoch 1
            "optimizer.learning_rate=1e30",
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

  /**
   * A second {@code train} on a run directory that a live one holds is refused with one line and
   * exit 2, before it writes anything; a run that ends leaves no lease behind.
   */
  @Test
  void aSecondTrainOnALiveRunDirectoryIsRefused() throws Exception {
    SparkSession spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, tmp.resolve("data"));
    Path run = tmp.resolve("run");
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    try (FolderLease live =
        FolderLease.acquire(fs, run.toString(), RunDirectory.LEASE, RunDirectory.LEASE_TIMEOUT_S)) {
      Cli.Result refused = Cli.trainDdcUspsLocal(run, usps, SMALL);
      assertEquals(2, refused.code(), refused.err());
      assertTrue(
          refused.err().contains("run.lock: another training run is running on this folder"),
          refused.err());
      assertFalse(Files.exists(run.resolve("config.json")), "the refused run wrote nothing");
    }
    Cli.Result r = Cli.trainDdcUspsLocal(run, usps, SMALL);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(run.resolve("summary.json")));
    assertFalse(Files.exists(run.resolve("run.lock")), "the lease ends with the run");
  }
}
