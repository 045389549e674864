package org.ucospark.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.TestSpark;

/** The Spark-free reader of prepared data sets against Spark's own reading of the same files. */
class LocalParquetReaderTest {
  @TempDir static Path shared;
  static SparkSession spark;
  static HadoopFs fs;
  static PreparedDataset usps;

  @TempDir Path tmp;

  /** USPS prepared in 8 MiB files, so the rows are spread over several files and row groups. */
  @BeforeAll
  static void prepare() {
    spark = TestSpark.session();
    fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
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
    new PrepareJob(spark, fs, settings, System.out)
        .run(DatasetName.usps, raw, HadoopFs.path(shared.toString()));
    usps = PreparedDataset.open(fs, shared.resolve("usps").toString());
  }

  @Test
  void readsEveryRowAsSparkDoesPlacedById() {
    LocalParquetReader.Rows local = LocalParquetReader.read(fs, usps, 9298);
    assertEquals(9298, local.labels().length);
    assertEquals(9298 * 1024, local.pixels().length);
    assertTrue(usps.read(spark, 0).inputFiles().length >= 2, "several files");
    for (Row r : usps.read(spark, 0).collectAsList()) {
      int id = (int) r.getLong(0);
      assertEquals(r.getInt(1), local.labels()[id], "label of id " + id);
      List<Float> pixels = r.getList(3);
      for (int i = 0; i < pixels.size(); i++) {
        if (pixels.get(i) != local.pixels()[id * 1024 + i]) {
          throw new AssertionError(
              "id "
                  + id
                  + " pixel "
                  + i
                  + ": "
                  + pixels.get(i)
                  + " vs "
                  + local.pixels()[id * 1024 + i]);
        }
      }
    }
  }

  @Test
  void limitKeepsTheFirstIds() {
    LocalParquetReader.Rows all = LocalParquetReader.read(fs, usps, 9298);
    LocalParquetReader.Rows first = LocalParquetReader.read(fs, usps, 100);
    assertArrayEquals(Arrays.copyOf(all.labels(), 100), first.labels());
    assertArrayEquals(Arrays.copyOf(all.pixels(), 100 * 1024), first.pixels());
  }

  @Test
  void cachedReadsEachDataSetVersionOnceAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<LocalParquetReader.Rows>> reads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        reads.add(pool.submit(() -> LocalParquetReader.cached(fs, usps)));
      }
      LocalParquetReader.Rows first = reads.get(0).get();
      for (Future<LocalParquetReader.Rows> r : reads) {
        assertSame(first, r.get(), "one read for concurrent trials");
      }
      assertArrayEquals(LocalParquetReader.read(fs, usps, 9298).pixels(), first.pixels());
      assertSame(
          first,
          LocalParquetReader.cached(fs, PreparedDataset.open(fs, usps.path() + "/")),
          "the same folder named another way");

      Manifest m = usps.manifest();
      Manifest reprepared =
          new Manifest(
              m.name(),
              m.shape(),
              m.count(),
              m.numClasses(),
              m.classCounts(),
              m.partCounts(),
              m.recipe(),
              m.sources(),
              m.toolVersion(),
              "2099-01-01T00:00:00Z",
              m.format(),
              m.labeled(),
              m.labelNames(),
              m.files());
      assertNotSame(
          first,
          LocalParquetReader.cached(fs, new PreparedDataset(usps.path(), reprepared)),
          "a re-prepared data set (new manifest) is read again");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rowWithTheWrongNumberOfPixelsFailsNamingTheFile() throws Exception {
    Path dir = tmp.resolve("bad");
    List<Row> rows =
        List.of(
            RowFactory.create(0L, 1, "train", pixels(1024)),
            RowFactory.create(1L, 2, "train", pixels(3)),
            RowFactory.create(2L, 3, "train", pixels(1024)));
    spark.createDataFrame(rows, PreparedDataset.SCHEMA).coalesce(1).write().parquet(dir.toString());
    Manifest m =
        usps.manifest(); // without its file list: the rows, not the files, are what is wrong here
    Files.writeString(dir.resolve(Manifest.FILE_NAME), m.withFiles(null).toJson());
    PreparedDataset bad = PreparedDataset.open(fs, dir.toString());

    UcoException e = assertThrows(UcoException.class, () -> LocalParquetReader.read(fs, bad, 3));
    assertTrue(
        e.getMessage().contains(".parquet: row 1 has 3 pixels, expected 1024"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");

    e = assertThrows(UcoException.class, () -> LocalParquetReader.read(fs, bad, 1));
    assertTrue(
        e.getMessage().contains("row 1 has 3 pixels"),
        "checked even for rows past the limit: " + e.getMessage());

    e = assertThrows(UcoException.class, () -> LocalParquetReader.read(fs, usps, 9299));
    assertTrue(e.getMessage().contains("no row with id 9298; re-run prepare"), e.getMessage());
  }

  private static List<Float> pixels(int n) {
    List<Float> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(i / (float) n);
    }
    return p;
  }
}
