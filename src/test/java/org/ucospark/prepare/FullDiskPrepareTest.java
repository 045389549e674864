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
}
