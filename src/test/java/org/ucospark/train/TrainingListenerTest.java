package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.io.HadoopFs;

/**
 * The training loop and its listeners: what they hear and when, on real local runs of ddc on USPS.
 */
class TrainingListenerTest extends UspsRunFixture {
  /** Records every call as one line; checks that the checkpoint listener ran before it. */
  static final class Recorder implements TrainingListener {
    final List<String> heard = new ArrayList<>();
    final RunDirectory dir;
    final int checkpointInterval;

    Recorder(RunDirectory dir, int checkpointInterval) {
      this.dir = dir;
      this.checkpointInterval = checkpointInterval;
    }

    @Override
    public void runStarted(Trainer trainer, int firstEpoch) {
      heard.add("start " + firstEpoch);
    }

    @Override
    public void epochEnded(EpochEnd end) {
      heard.add("epoch " + end.epoch() + (end.eval() == null ? "" : " evaluated"));
      if (end.epoch() % checkpointInterval == 0) {
        assertEquals(end.epoch(), dir.state().epoch(), "the checkpoint listener ran first");
      }
    }

    @Override
    public void runEnded(RunOutcome outcome) {
      heard.add("end " + outcome.finalEpoch() + " best " + outcome.bestEpoch());
    }
  }

  @Test
  void listenersHearTheStartEveryEpochAndTheEndAfterTheRunsOwn() {
    RunSettings settings =
        localDdc480("heard", "epochs=3", "eval_interval=2", "checkpoint_interval=1");
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Recorder recorder = new Recorder(new RunDirectory(fs, settings.runDir()), 1);
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    RunOutcome out =
        new TrainingRun(
                TrainingPlatform.spark(spark),
                fs,
                settings,
                RunLog.to(new PrintStream(said, true, StandardCharsets.UTF_8)))
            .listen(recorder)
            .run(false);
    assertEquals(
        List.of(
            "start 1",
            "epoch 1",
            "epoch 2 evaluated",
            "epoch 3 evaluated",
            "end 3 best " + out.bestEpoch()),
        recorder.heard);
    String lines = said.toString(StandardCharsets.UTF_8);
    assertEquals(3, lines.lines().filter(l -> l.startsWith("epoch ")).count(), lines);
    assertTrue(lines.contains("best (lowest loss)") && lines.contains("summary: "), lines);
    assertEquals(3, out.metricRows().size());
  }

  @Test
  void aResumedRunStartsItsListenersAtTheEpochAfterTheCheckpoint() {
    RunSettings settings =
        localDdc480("resumed", "epochs=3", "eval_interval=1", "checkpoint_interval=1");
    crashAfterEpoch(settings, 2);
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Recorder recorder = new Recorder(new RunDirectory(fs, settings.runDir()), 1);
    RunOutcome out =
        new TrainingRun(TrainingPlatform.spark(spark), fs, settings, RunLog.to(System.out))
            .listen(recorder)
            .run(true);
    assertEquals(
        List.of("start 3", "epoch 3 evaluated", "end 3 best " + out.bestEpoch()), recorder.heard);
    assertEquals(
        3, out.metricRows().size(), "the metrics listener continues the rows of the checkpoint");
  }

  @Test
  void aRunInAnExecutorTaskHasNoSparkSessionAndRefusesSparkModeBeforeWritingAnything() {
    RunSettings settings =
        settings(
            "ddc_usps", "train.mode=spark", "data.limit=480", "run_dir=" + tmp.resolve("task"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingRun(
                        TrainingPlatform.inTask(), new HadoopFs(), settings, RunLog.to(System.out))
                    .run(false));
    assertEquals("train.mode = spark needs a SparkSession", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("task")), "nothing written");
  }
}
