package org.ucospark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.FullDiskFileSystem;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.CapturedLog;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * A disk that fills up while prepare writes Parquet (inside a Spark job): one line, nothing left
 * behind.
 */
class FullDiskPrepareTest {
  @TempDir Path tmp;

  @AfterEach
  void emptyDisk() {
    FullDiskFileSystem.budget.set(Long.MAX_VALUE);
  }

  @Test
  void aFullDiskDuringPrepareIsOneLineAndLeavesNoOutput() throws Exception {
    SparkSession spark = TestSpark.session();
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareSettings settings =
        PrepareSettings.from(
            new ConfigLoader().withOverrides(List.of("prepare.file_size_mb=8")).load());
    var raw =
        RawSources.locate(
            fs,
            TestSpark.projectDir().resolve("data/raw").toString(),
            DatasetName.usps,
            settings,
            System.out);
    FullDiskFileSystem.budget.set(3_000_000);
    String out = FullDiskFileSystem.uri(tmp.resolve("out"));
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                new PrepareJob(spark, fs, settings, System.out)
                    .run(DatasetName.usps, raw, HadoopFs.path(out)));
    assertTrue(
        e.getMessage().contains("cannot write the prepared data set: No space left on device"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    try (var left = Files.list(tmp.resolve("out"))) {
      assertEquals(
          List.of(),
          left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList());
    }
  }

  /**
   * What the user sees of a full disk during {@code prepare}: one line, not the ~377 lines of the
   * local executor's and Spark's writer's stack traces of the failed task; with --verbose the
   * traces are there.
   */
  @Test
  void aFullDiskPrintsOneLineAndTheTracesOnlyWithVerbose() throws Exception {
    SparkSession spark = TestSpark.session();
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    String raw = TestSpark.projectDir().resolve("data/raw").toString();
    for (boolean verbose : new boolean[] {false, true}) {
      FullDiskFileSystem.budget.set(3_000_000);
      String out = FullDiskFileSystem.uri(tmp.resolve(verbose ? "verbose" : "quiet"));
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "prepare",
                  "--dataset",
                  "usps",
                  "--raw",
                  raw,
                  "--out",
                  out,
                  "--set",
                  "prepare.file_size_mb=8"));
      if (verbose) {
        args.add("--verbose");
      }
      Cli.Result r;
      String console;
      try (CapturedLog log = CapturedLog.console()) {
        r = Cli.run(args.toArray(String[]::new));
        console = log.text();
      } finally {
        FullDiskFileSystem.budget.set(Long.MAX_VALUE);
      }
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("No space left on device"), r.err());
      // The command runs in this test's JVM and so reuses the test's Spark session, about which
      // Spark warns; a user's command makes its own session.
      List<String> sparkLines =
          console
              .lines()
              .filter(l -> !l.contains(" org.ucospark."))
              .filter(l -> !l.contains("Using an existing Spark session"))
              .toList();
      if (verbose) {
        assertTrue(
            sparkLines.stream().anyMatch(l -> l.startsWith("\tat ")),
            "--verbose shows the executor's stack traces: " + console);
      } else {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(List.of(), sparkLines, "Spark's log lines on the console");
      }
    }
  }
}
