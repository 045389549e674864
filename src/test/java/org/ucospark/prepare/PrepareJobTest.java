package org.ucospark.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DataFormatException;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.TestSpark;

class PrepareJobTest {
  static SparkSession spark;
  static HadoopFs fs;
  static final Path SHIPPED_RAW = TestSpark.projectDir().resolve("data/raw");

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
  }

  private static PrepareSettings settings(String... overrides) {
    return PrepareSettings.from(new ConfigLoader().withOverrides(List.of(overrides)).load());
  }

  private PrepareJob.Outcome prepare(
      Path raw, Path out, PrepareSettings settings, PrintStream progress) {
    var files = RawSources.locate(fs, raw.toString(), DatasetName.usps, settings, progress);
    return new PrepareJob(spark, fs, settings, progress)
        .run(DatasetName.usps, files, HadoopFs.path(out.toString()));
  }

  @Test
  void preparesShippedUspsAsParquetWithManifestAndRerunIsANoOp() {
    Path out = tmp.resolve("out");
    PrepareJob.Outcome first =
        prepare(SHIPPED_RAW, out, settings("prepare.file_size_mb=8"), System.out);
    assertFalse(first.alreadyPrepared());
    assertEquals(9298, first.count());

    PreparedDataset data = PreparedDataset.open(fs, out.resolve("usps").toString());
    Manifest m = data.manifest();
    assertEquals(List.of(1, 32, 32), m.shape());
    assertEquals(9298, m.count());
    assertEquals(1553L, m.classCounts().get(0));
    assertEquals(7291L, m.partCounts().get("train"));
    assertEquals(2, m.sources().size());

    Dataset<Row> rows = data.read(spark, 0);
    assertEquals(PreparedDataset.SCHEMA.asNullable(), rows.schema().asNullable());
    assertEquals(9298, rows.count());
    Row range =
        rows.selectExpr(
                "min(id)",
                "max(id)",
                "count(distinct id)",
                "min(size(pixels))",
                "max(size(pixels))")
            .first();
    assertEquals(
        List.of(0L, 9297L, 9298L, 1024, 1024),
        List.of(range.get(0), range.get(1), range.get(2), range.get(3), range.get(4)));
    // Canonical order: train part first (ids 0..7290), then test.
    assertEquals(7291, rows.where("part = 'train' and id < 7291").count());
    // 8 MiB files of 1024 floats: the rows are spread over several Parquet files.
    assertTrue(rows.inputFiles().length >= 2, "several files: " + rows.inputFiles().length);
    assertEquals(1000, data.read(spark, 1000).count());

    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrepareJob.Outcome again = prepare(SHIPPED_RAW, out, settings(), new PrintStream(said));
    assertTrue(again.alreadyPrepared());
    assertTrue(said.toString().contains("nothing to do"), said.toString());
  }

  @Test
  void refusesAnOutputThatHoldsAnotherDataSet() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("out/usps"));
    Files.writeString(target.resolve(Manifest.FILE_NAME), "{\"name\":\"mnist\",\"count\":70000}");
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> prepare(SHIPPED_RAW, tmp.resolve("out"), settings(), System.out));
    assertTrue(e.getMessage().contains("already holds data set 'mnist'"), e.getMessage());

    Files.delete(target.resolve(Manifest.FILE_NAME));
    e =
        assertThrows(
            UcoException.class,
            () -> prepare(SHIPPED_RAW, tmp.resolve("out"), settings(), System.out));
    assertTrue(e.getMessage().contains("not a prepared data set"), e.getMessage());
  }

  @Test
  void badRawFileLeavesNoPartialOutput() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("raw/usps"));
    Files.copy(SHIPPED_RAW.resolve("usps/zip.train.gz"), raw.resolve("zip.train.gz"));
    byte[] test = Files.readAllBytes(SHIPPED_RAW.resolve("usps/zip.test.gz"));
    Files.write(raw.resolve("zip.test.gz"), java.util.Arrays.copyOf(test, test.length / 2));
    Path out = tmp.resolve("out");
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> prepare(tmp.resolve("raw"), out, settings(), System.out));
    assertTrue(e.getMessage().contains("zip.test.gz"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    assertEquals(List.of(), listing(out), "nothing left behind");
  }

  @Test
  void downloadsMissingRawFilesFromTheConfiguredUrlWithChecksums() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/usps/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring("/usps/".length());
          Path file = SHIPPED_RAW.resolve("usps").resolve(name);
          byte[] body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
          exchange.sendResponseHeaders(
              body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/wrong/",
        exchange -> {
          byte[] body = Files.readAllBytes(SHIPPED_RAW.resolve("usps/zip.test.gz"));
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path raw = Files.createDirectories(tmp.resolve("raw"));
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      PrepareJob.Outcome outcome =
          prepare(
              raw,
              tmp.resolve("out"),
              settings("prepare.urls.usps=\"" + base + "/usps/\""),
              new PrintStream(said));
      assertEquals(9298, outcome.count());
      assertTrue(said.toString().contains("zip.train.gz"), "progress names the download: " + said);
      assertTrue(Files.isRegularFile(raw.resolve("usps/zip.test.gz")));

      Path raw2 = Files.createDirectories(tmp.resolve("raw2"));
      assertThrows(
          DataFormatException.class,
          () ->
              prepare(
                  raw2,
                  tmp.resolve("out2"),
                  settings("prepare.urls.usps=\"" + base + "/wrong/\""),
                  System.out));
      assertEquals(
          List.of(), listing(raw2.resolve("usps")), "a file with the wrong checksum is not kept");
      assertEquals(List.of(), listing(tmp.resolve("out2")));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void missingRawFilesWithoutUrlNameTheFolderAndKey() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> prepare(tmp, tmp.resolve("out"), settings("prepare.urls.usps=\"\""), System.out));
    assertTrue(e.getMessage().contains("missing zip.train.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("prepare.urls.usps"), e.getMessage());
  }

  private static List<String> listing(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void pixelValuesFollowTheUspsRecipe() {
    Path out = tmp.resolve("out");
    prepare(SHIPPED_RAW, out, settings(), System.out);
    Row stats =
        PreparedDataset.open(fs, out.resolve("usps").toString())
            .read(spark, 0)
            .selectExpr("explode(pixels) as v")
            .selectExpr("min(v)", "max(v)")
            .first();
    assertTrue(stats.getFloat(0) >= -1f && stats.getFloat(1) <= 1f);
    assertArrayEquals(
        new float[] {-1f, 1f}, new float[] {stats.getFloat(0), stats.getFloat(1)}, 0.05f);
  }

  /**
   * prepare.usps_pixels = authors_8bit: the values pass through 8 bits as on the authors' path
   * (docs/PROTOCOL.md, section 1): every pixel moves by at most 2/255, some move, the manifest
   * records the recipe; the default recipe is the values as distributed, and preparing the other
   * recipe into the same folder is refused without --force.
   */
  @Test
  void authorsEightBitUspsMovesPixelsByAtMostTwo255thsAndTheManifestSaysSo() {
    Path plain = tmp.resolve("plain");
    Path eight = tmp.resolve("eight");
    prepare(SHIPPED_RAW, plain, settings(), System.out);
    prepare(SHIPPED_RAW, eight, settings("prepare.usps_pixels=authors_8bit"), System.out);
    PreparedDataset a = PreparedDataset.open(fs, plain.resolve("usps").toString());
    PreparedDataset b = PreparedDataset.open(fs, eight.resolve("usps").toString());
    assertEquals(DatasetName.usps.recipe(), a.manifest().recipe(), "default unchanged");
    assertTrue(
        b.manifest().recipe().startsWith(DatasetName.usps.recipe())
            && b.manifest().recipe().contains("usps_pixels = authors_8bit"),
        b.manifest().recipe());
    Row diff =
        a.read(spark, 0)
            .selectExpr("id", "pixels as pa")
            .join(b.read(spark, 0).selectExpr("id", "pixels as pb"), "id")
            .selectExpr(
                "max(array_max(zip_with(pa, pb, (v, w) -> abs(v - w))))",
                "sum(size(filter(zip_with(pa, pb, (v, w) -> v != w), x -> x)))",
                "count(*)")
            .first();
    assertTrue(diff.getFloat(0) <= 2f / 255 + 1e-6f, "at most 2/255: " + diff.getFloat(0));
    assertTrue(diff.getLong(1) > 0, "the rounding changes some pixels");
    assertEquals(9298L, diff.getLong(2));
    // The truncation by hand: 0.3 -> (1.3/2·255 = 165.75 -> 165)/255 -> 2·165/255 − 1.
    assertEquals(2.0 * 165 / 255 - 1, org.ucospark.data.UspsReader.eightBit(0.3f), 1e-6);
    assertEquals(1f, org.ucospark.data.UspsReader.eightBit(1f));
    assertEquals(-1f, org.ucospark.data.UspsReader.eightBit(-1f));
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                prepare(
                    SHIPPED_RAW, plain, settings("prepare.usps_pixels=authors_8bit"), System.out));
    assertTrue(e.getMessage().contains("another recipe"), e.getMessage());
    UcoException bad =
        assertThrows(UcoException.class, () -> settings("prepare.usps_pixels=rounded"));
    assertTrue(bad.getMessage().contains("'prepare.usps_pixels' must be"), bad.getMessage());
  }
}
