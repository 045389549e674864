package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.io.FullDiskFileSystem;
import org.ucospark.io.HadoopFs;

/**
 * A disk that fills up during training: one line naming the path, no temporary files, the last
 * checkpoint intact.
 */
class FullDiskTrainingTest extends UspsRunFixture {
  @AfterEach
  void emptyDisk() {
    FullDiskFileSystem.budget.set(Long.MAX_VALUE);
  }

  @Test
  void aFullDiskIsOneLineAndLeavesTheLastGoodCheckpoint() throws Exception {
    Configuration conf = new Configuration();
    FullDiskFileSystem.register(conf);
    HadoopFs fs = new HadoopFs(conf);
    String run = FullDiskFileSystem.uri(tmp.resolve("full"));
    new TrainingRun(
            TrainingPlatform.inTask(),
            fs,
            settings(
                "ddc_usps", "train.mode=local", "data.limit=480", "epochs=1", "run_dir=" + run),
            RunLog.to(System.out))
        .run(false);
    Path checkpoints = tmp.resolve("full/checkpoints");
    String state = Files.readString(checkpoints.resolve("state.json"));

    FullDiskFileSystem.budget.set(20_000); // the metric rows fit; a network does not
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                new TrainingRun(
                        TrainingPlatform.inTask(),
                        fs,
                        settings(
                            "ddc_usps",
                            "train.mode=local",
                            "data.limit=480",
                            "epochs=2",
                            "run_dir=" + run),
                        RunLog.to(System.out))
                    .run(true));
    assertTrue(
        e.getMessage().startsWith("fullfs:" + tmp.resolve("full"))
            && e.getMessage().endsWith("cannot write: No space left on device"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    try (Stream<Path> files = Files.walk(tmp.resolve("full"))) {
      assertEquals(
          java.util.List.of(), files.map(Path::toString).filter(f -> f.contains(".tmp-")).toList());
    }
    assertEquals(
        state,
        Files.readString(checkpoints.resolve("state.json")),
        "last checkpoint's state intact");
    FullDiskFileSystem.budget.set(Long.MAX_VALUE);
    new RunDirectory(fs, run).loadCheckpoint(1); // readable
  }
}
