package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.Cli;

/**
 * Options every command takes (bench included) and what `train --help` tells about configuration
 * keys.
 */
class CommandOptionsTest {
  @Test
  void benchTakesSetAndConfigAndValidatesTheKeys() {
    Cli.Result r = Cli.run("bench", "--steps", "1", "--set", "epochz=3");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown key 'epochz'"), r.err());
    r = Cli.run("bench", "--steps", "1", "--verbose", "--set", "loss.rel_sigma=-1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("'loss.rel_sigma' must be a positive number"), r.err());
    r = Cli.run("bench", "--help");
    assertTrue(
        r.out().contains("--set") && r.out().contains("--config") && r.out().contains("--verbose"),
        r.out());
  }

  @Test
  void trainHelpPointsToTheConfigKeys() {
    Cli.Result r = Cli.run("train", "--help");
    assertEquals(0, r.code());
    assertTrue(
        r.out().contains("reference.conf")
            && r.out().contains("optimizer.learning_rate")
            && r.out().contains("--resume accepts only changes of epochs"),
        r.out());
  }

  @Test
  void resumeOfARunDirectoryWithoutCheckpointIsRefusedInOneLine(@TempDir Path tmp) {
    Path missing = tmp.resolve("runs/typo");
    Cli.Result r =
        Cli.run(
            "train",
            "--experiment",
            "ddc_usps",
            "--run-dir",
            missing.toString(),
            "--resume",
            "--local");
    assertEquals(2, r.code(), r.err() + r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(
        r.err().contains("typo: nothing to resume") && r.err().contains("leave out --resume"),
        r.err());
    assertTrue(!Files.exists(missing), "nothing written");
  }
}
