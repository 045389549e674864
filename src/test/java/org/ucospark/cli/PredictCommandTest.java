package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.prepare.Manifest;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.Assignments;

/**
 * {@code predict} against a real run trained by {@code train}: reproduction, scores, and its
 * refusals.
 */
class PredictCommandTest {
  @TempDir static Path shared;
  static SparkSession spark;
  static String usps;
  static Path run;

  @TempDir Path tmp;

  @BeforeAll
  static void trainARun() {
    spark = TestSpark.session();
    usps = TestSpark.prepareUsps(spark, shared);
    run = shared.resolve("run");
    Cli.Result r =
        Cli.trainDdcUspsLocal(
            run, usps, "data.limit=480", "epochs=2", "eval_interval=1", "spark.master=local[2]");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void predictOnTheRunsOwnDataReproducesItsAssignmentsAndPrintsTheScores() {
    Path out = tmp.resolve("pred");
    Cli.Result r =
        Cli.run(
            "predict",
            "--run-dir",
            run.toString(),
            "--data",
            usps,
            "--limit",
            "480",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("ACC ") && r.out().contains("NMI ") && r.out().contains("ARI "), r.out());
    assertEquals(rows(run.resolve(Assignments.BEST)), rows(out));

    Path last = tmp.resolve("last");
    assertEquals(
        0,
        Cli.run(
                "predict",
                "--run-dir",
                run.toString(),
                "--checkpoint",
                "last",
                "--data",
                usps,
                "--limit",
                "480",
                "--out",
                last.toString())
            .code());
    assertEquals(rows(run.resolve(Assignments.FINAL)), rows(last));
  }

  @Test
  void notARunDirectoryIsOneLineExit2AndNothingWritten() {
    assertRefused("not a run directory", "--run-dir", tmp.toString(), "--data", usps);
  }

  @Test
  void aMissingCheckpointIsOneLineExit2AndNothingWritten() throws Exception {
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy.resolve("checkpoints"));
    Files.copy(run.resolve("summary.json"), copy.resolve("summary.json"));
    assertRefused(
        "best.zip is missing (summary.json reports the best network at epoch ",
        "--run-dir",
        copy.toString(),
        "--data",
        usps);
    assertRefused(
        "no checkpoint 'last'",
        "--run-dir",
        copy.toString(),
        "--checkpoint",
        "last",
        "--data",
        usps);
    assertRefused(
        "--checkpoint must be best or last",
        "--run-dir",
        run.toString(),
        "--checkpoint",
        "first",
        "--data",
        usps);
  }

  @Test
  void dataOfAnotherShapeIsOneLineExit2AndNothingWritten() {
    String mnistLike = smallDataset(tmp.resolve("mnist-like"), 1, 28, 28);
    assertRefused(
        "images are 1x28x28 but the model", "--run-dir", run.toString(), "--data", mnistLike);
  }

  @Test
  void anExistingOutputIsNeverReplaced() throws Exception {
    Path out = tmp.resolve("exists");
    Files.createDirectories(out);
    Cli.Result r =
        Cli.run(
            "predict",
            "--run-dir",
            run.toString(),
            "--data",
            usps,
            "--limit",
            "480",
            "--out",
            out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("already exists"), r.err());
    assertEquals(0, Files.list(out).count());
  }

  private void assertRefused(String message, String... args) {
    Path out = tmp.resolve("refused");
    List<String> all = new ArrayList<>(List.of("predict", "--out", out.toString()));
    all.addAll(List.of(args));
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertFalse(Files.exists(out), "nothing written");
    assertFalse(Files.exists(tmp.resolve(".refused")), "nothing written");
  }

  /**
   * A prepared data set of 8 blank images of shape C×H×W (schema and manifest as prepare writes
   * them).
   */
  static String smallDataset(Path dir, int c, int h, int w) {
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 8; id++) {
      rows.add(RowFactory.create(id, (int) id % 2, "train", new float[c * h * w]));
    }
    spark.createDataFrame(rows, PreparedDataset.SCHEMA).write().parquet(dir.toString());
    Manifest m =
        new Manifest(
            "synthetic",
            List.of(c, h, w),
            8,
            2,
            new TreeMap<>(java.util.Map.of(0, 4L, 1, 4L)),
            new TreeMap<>(java.util.Map.of("train", 8L)),
            "blank",
            List.of(),
            "test",
            "2026-01-01T00:00:00Z");
    try {
      Files.writeString(dir.resolve(Manifest.FILE_NAME), m.toJson());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir.toString();
  }

  /** id → (label, cluster, confidence, embedding) of an assignments folder, in id order. */
  private static List<List<Object>> rows(Path folder) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : spark.read().parquet(folder.toString()).orderBy("id").collectAsList()) {
      out.add(List.of(r.getLong(0), r.getInt(1), r.getInt(2), r.getFloat(3), r.getList(4)));
    }
    assertEquals(480, out.size());
    return out;
  }
}
