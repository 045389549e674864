package org.ucospark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.CapturedLog;
import org.ucospark.testing.TestSpark;

/**
 * A prepared data set is checked against its manifest; prepare --force rebuilds it; stale
 * temporaries go.
 */
class PreparedDatasetVerifyTest {
  static SparkSession spark;
  static HadoopFs fs;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
  }

  private PrepareJob.Outcome prepare(Path out, boolean force, PrintStream progress) {
    PrepareSettings settings =
        PrepareSettings.from(
            new ConfigLoader().withOverrides(List.of("prepare.file_size_mb=8")).load());
    var files =
        RawSources.locate(
            fs,
            TestSpark.projectDir().resolve("data/raw").toString(),
            DatasetName.usps,
            settings,
            progress);
    return new PrepareJob(spark, fs, settings, progress)
        .run(DatasetName.usps, files, HadoopFs.path(out.toString()), force);
  }

  private static File[] parts(Path dir) {
    File[] parts = dir.toFile().listFiles((d, n) -> n.endsWith(".parquet") && !n.startsWith("."));
    Arrays.sort(parts);
    return parts;
  }

  @Test
  void aMissingPartFileIsFoundByInspectTrainAndPrepareAndForceRebuildsIt() throws Exception {
    Path out = tmp.resolve("out");
    // A killed earlier prepare left its temporary folder behind: the next run removes it.
    Path stale = Files.createDirectories(out.resolve(".usps.tmp-dead0000"));
    Files.writeString(stale.resolve("part-0.parquet"), "half");
    // The removal is a warning through slf4j (PrepareJob's logger), not a progress line.
    try (CapturedLog warned = CapturedLog.of(PrepareJob.class)) {
      prepare(out, false, new PrintStream(new ByteArrayOutputStream(), true));
      assertFalse(Files.exists(stale), warned.text());
      assertTrue(
          warned.text().contains("WARN ")
              && warned.text().contains("left by a prepare that did not finish"),
          warned.text());
    }

    Path usps = out.resolve("usps");
    File[] parts = parts(usps);
    assertTrue(parts.length > 1, "several part files");
    assertEquals(parts.length, PreparedDataset.open(fs, usps.toString()).manifest().files().size());
    assertTrue(parts[1].delete());

    String where = usps.resolve(parts[1].getName()).toString();
    UcoException open =
        assertThrows(UcoException.class, () -> PreparedDataset.open(fs, usps.toString()));
    assertTrue(
        open.getMessage().contains(where)
            && open.getMessage().contains("part file missing")
            && open.getMessage().contains("prepare --force"),
        open.getMessage());
    UcoException inspect =
        assertThrows(UcoException.class, () -> Inspector.inspect(spark, fs, usps.toString()));
    assertTrue(inspect.getMessage().contains("part file missing"), inspect.getMessage());
    UcoException again = assertThrows(UcoException.class, () -> prepare(out, false, System.out));
    assertTrue(again.getMessage().contains("prepare --force"), again.getMessage());

    PrepareJob.Outcome rebuilt = prepare(out, true, System.out);
    assertFalse(rebuilt.alreadyPrepared());
    assertEquals(9298, Inspector.inspect(spark, fs, usps.toString()).get("count").asLong());

    // A part file of another size, and a data set without any part file.
    Files.write(parts(usps)[0].toPath(), new byte[] {1, 2, 3});
    UcoException resized =
        assertThrows(UcoException.class, () -> PreparedDataset.open(fs, usps.toString()));
    assertTrue(resized.getMessage().contains("3 bytes"), resized.getMessage());
    for (File part : parts(usps)) {
      assertTrue(part.delete());
    }
    UcoException empty =
        assertThrows(UcoException.class, () -> PreparedDataset.open(fs, usps.toString()));
    assertTrue(empty.getMessage().contains("no Parquet part files"), empty.getMessage());
  }

  /**
   * A part file damaged inside (same size, other bytes) is the same one line, exit 2, naming the
   * file and `prepare --force`, whether Hadoop's .crc beside it catches the damage (a checksum
   * error) or is gone (a Parquet page that does not decode), from the Spark reader ({@code inspect
   * --contents}) and the driver's reader ({@code train --local}) alike; plain {@code inspect} says
   * it checked sizes only.
   */
  @Test
  void aPartFileDamagedInsideIsOneLineWithOrWithoutItsCrc() throws Exception {
    Path out = tmp.resolve("prepared");
    prepare(out, false, new PrintStream(new ByteArrayOutputStream()));
    Path data = out.resolve("usps");
    File part = parts(data)[0];
    byte[] bytes = Files.readAllBytes(part.toPath());
    for (int i = bytes.length / 4; i < bytes.length / 4 + 400; i++) {
      bytes[i] ^= 0x5a;
    }
    // Written past the checksummed file system, as a disk's damage would be: the .crc stays.
    Files.write(part.toPath(), bytes);

    org.ucospark.testing.Cli.Result plain =
        org.ucospark.testing.Cli.run("inspect", data.toString());
    assertEquals(0, plain.code(), plain.err());
    assertTrue(plain.out().contains("\"checked\" : \"sizes only"), plain.out());

    Path crc = part.toPath().resolveSibling("." + part.getName() + ".crc");
    for (boolean withCrc : new boolean[] {true, false}) {
      if (!withCrc) {
        Files.delete(crc);
      }
      List<String[]> commands =
          List.of(
              new String[] {"inspect", "--contents", data.toString()},
              new String[] {
                "train",
                "--experiment",
                "ddc_usps",
                "--local",
                "--run-dir",
                tmp.resolve("run-" + withCrc).toString(),
                "--set",
                "data.path=" + data,
                "--set",
                "data.limit=240",
                "--set",
                "epochs=1"
              });
      for (String[] command : commands) {
        org.ucospark.testing.Cli.Result r = org.ucospark.testing.Cli.run(command);
        String what = String.join(" ", command) + (withCrc ? " (with .crc)" : " (no .crc)");
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
        assertTrue(
            r.err().contains(part.getName() + ": damaged prepared data set: its contents do not")
                && r.err().contains("rebuild it with `uco-spark prepare --force`"),
            what + ": " + r.err());
      }
    }
  }
}
