package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.data.OwnImages;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.LocalParquetReader;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * A data set of one's own from the command line, as docs/COMMANDS.md's "Your own data" shows it: a
 * folder of class sub-folders with PNGs, the same images as an .npz, and a flat folder without
 * labels each go through {@code prepare}, {@code train} (ddc and ddc_uco, 2 epochs) and a sweep
 * (trials as Spark tasks); bad input fails in one line, exit 2, with nothing left behind. The
 * images (3 classes × 40, 20×20 grey) are generated here.
 */
class OwnDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLASSES = 3;
  private static final int PER_CLASS = 40;
  private static final int SIDE = 20;

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static String folder;
  private static String npz;
  private static String unlabeled;

  @BeforeAll
  static void prepareAll() throws Exception {
    TestSpark.session();
    Path out = shared.resolve("prepared");
    Path raw = shared.resolve("raw");
    OwnImages.classFolders(raw.resolve("digits"), CLASSES, PER_CLASS, SIDE);
    Files.writeString(raw.resolve("digits/LICENSE.txt"), "not an image");
    OwnImages.flatFolder(raw.resolve("flat"), CLASSES, PER_CLASS, SIDE);
    Files.write(raw.resolve("digits.npz"), OwnImages.npzOf(CLASSES, PER_CLASS, SIDE, true));

    Cli.Result r =
        ok(
            "prepare",
            "--dataset",
            "digits",
            "--format",
            "image-folder",
            "--raw",
            raw.resolve("digits").toString(),
            "--out",
            out.toString());
    assertTrue(r.out().contains("skipped 1 files"), r.out());
    ok(
        "prepare",
        "--dataset",
        "digits_npz",
        "--format",
        "npz",
        "--raw",
        raw.resolve("digits.npz").toString(),
        "--out",
        out.toString());
    ok(
        "prepare",
        "--dataset",
        "unlabeled",
        "--format",
        "image-folder",
        "--raw",
        raw.resolve("flat").toString(),
        "--clusters",
        "3",
        "--out",
        out.toString());
    folder = out.resolve("digits").toString();
    npz = out.resolve("digits_npz").toString();
    unlabeled = out.resolve("unlabeled").toString();
  }

  private static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err() + r.out());
    return r;
  }

  private static JsonNode json(Path file) throws Exception {
    return JSON.readTree(Files.readString(file));
  }

  @Test
  void theManifestRecordsShapeClassesLabelNamesAndRecipe() throws Exception {
    JsonNode m = json(Path.of(folder, "_manifest.json"));
    assertEquals("[1,20,20]", m.get("shape").toString());
    assertEquals(3, m.get("num_classes").asInt());
    assertEquals("[\"class_0\",\"class_1\",\"class_2\"]", m.get("label_names").toString());
    assertEquals("image-folder", m.get("format").asText());
    assertTrue(m.get("labeled").asBoolean());
    assertTrue(m.get("recipe").asText().contains("(x-0.5)/0.5"), m.get("recipe").asText());
    assertEquals(64, m.get("sources").get(0).get("sha256").asText().length());
    JsonNode n = json(Path.of(npz, "_manifest.json"));
    assertEquals(
        "[\"3\",\"5\",\"7\"]", n.get("label_names").toString(), "the npz's own label values");
    assertEquals("digits.npz", n.get("sources").get(0).get("name").asText());
  }

  @Test
  void theNpzAndThePngFolderGiveTheSameRows() {
    HadoopFs fs = new HadoopFs();
    LocalParquetReader.Rows a =
        LocalParquetReader.read(fs, PreparedDataset.open(fs, folder), CLASSES * PER_CLASS);
    LocalParquetReader.Rows b =
        LocalParquetReader.read(fs, PreparedDataset.open(fs, npz), CLASSES * PER_CLASS);
    assertArrayEquals(a.pixels(), b.pixels());
    assertArrayEquals(a.labels(), b.labels());
    assertEquals((OwnImages.pixel(0, 0, 0, 0, SIDE) / 255f - 0.5f) / 0.5f, a.pixels()[0], 1e-6f);
  }

  @Test
  void aFlatFolderHasNullLabelsAndTheGivenK() throws Exception {
    JsonNode m = json(Path.of(unlabeled, "_manifest.json"));
    assertFalse(m.get("labeled").asBoolean());
    assertEquals(3, m.get("num_classes").asInt());
    assertFalse(m.has("class_counts"));
    Cli.Result r = ok("inspect", unlabeled);
    JsonNode inspect = JSON.readTree(r.out());
    assertEquals(CLASSES * PER_CLASS, inspect.get("labels").get("null").asInt(), r.out());
    HadoopFs fs = new HadoopFs();
    int[] labels = LocalParquetReader.read(fs, PreparedDataset.open(fs, unlabeled), 5).labels();
    assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, labels);
  }

  @Test
  void ddcAndDdcUcoTrainOnEachPreparedSet() throws Exception {
    for (String data : List.of(folder, npz)) {
      for (String model : data.equals(folder) ? List.of("ddc", "ddc_uco") : List.of("ddc")) {
        Path run = tmp.resolve(model + "-" + Path.of(data).getFileName());
        Cli.Result r =
            ok(
                "train",
                "--model",
                model,
                "--data",
                data,
                "--local",
                "--run-dir",
                run.toString(),
                "--set",
                "epochs=2",
                "--set",
                "batch_size=40",
                "--set",
                "eval_interval=1");
        JsonNode s = json(run.resolve("summary.json"));
        assertEquals(model + "_" + Path.of(data).getFileName(), s.get("experiment").asText());
        assertEquals(
            model.equals("ddc") ? 1e-3 : 1e-4,
            s.get("config").get("optimizer").get("learning_rate").asDouble(),
            0,
            "the model's published settings");
        double acc = s.get("final").get("acc").asDouble();
        assertTrue(
            acc >= 1.0 / CLASSES && acc <= 1,
            model + " on " + data + ": ACC " + acc + "\n" + r.out());
        assertTrue(s.get("final").get("nmi").isNumber());
      }
    }
    // predict: the model trained on the image folder applied to the same images prepared from the
    // .npz
    Path preds = tmp.resolve("preds-npz");
    Cli.Result p =
        ok(
            "predict",
            "--run-dir",
            tmp.resolve("ddc-digits").toString(),
            "--data",
            npz,
            "--out",
            preds.toString());
    assertTrue(
        p.out().contains("assignments: ") && p.out().contains("(" + CLASSES * PER_CLASS + " rows)"),
        p.out());
    assertTrue(
        p.out().matches("(?s).*ACC \\d\\.\\d{4}  NMI \\d\\.\\d{4}  ARI -?\\d\\.\\d{4}.*"), p.out());
  }

  @Test
  void unlabeledDataTrainsWithNullMetricsAndLossSelection() throws Exception {
    // in this JVM (the RDD path's null labels: UnlabeledEvaluationTest; a Spark sweep:
    // aSweepTakesOwnDataSetsByPath)
    for (String model : List.of("ddc", "ddc_uco")) {
      Path run = tmp.resolve(model);
      Cli.Result r =
          ok(
              "train",
              "--model",
              model,
              "--set",
              "data.path=" + unlabeled,
              "--local",
              "--run-dir",
              run.toString(),
              "--set",
              "epochs=2",
              "--set",
              "batch_size=40",
              "--set",
              "eval_interval=1");
      assertTrue(r.out().contains("no labels"), r.out());
      JsonNode s = json(run.resolve("summary.json"));
      for (String part : List.of("final", "best")) {
        assertTrue(s.get(part).get("acc").isNull(), s.toString());
        assertTrue(s.get(part).get("nmi").isNull());
        assertTrue(s.get(part).get("ari").isNull());
        assertTrue(s.get(part).get("loss").isNumber());
      }
      assertTrue(s.get("best").get("epoch").asInt() >= 1, "best checkpoint chosen by loss");
      assertTrue(Files.exists(run.resolve("checkpoints/best.zip")));
    }
    Cli.Result p =
        ok(
            "predict",
            "--run-dir",
            tmp.resolve("ddc").toString(),
            "--data",
            unlabeled,
            "--out",
            tmp.resolve("preds-unlabeled").toString());
    assertTrue(
        p.out().contains("(" + CLASSES * PER_CLASS + " rows)") && p.out().contains("no labels"),
        p.out());
    reportOfAnUnlabeledRunShowsClustersOnly(tmp.resolve("ddc"));
  }

  /**
   * The report of a run without labels: no confusion matrix, no "class" captions and no maps
   * coloured by label; cluster sizes, images per cluster and maps coloured by cluster.
   */
  private static void reportOfAnUnlabeledRunShowsClustersOnly(Path run) throws Exception {
    ok("report", run.toString(), "--set", "report.tsne_points=100");
    Path index = run.resolve("report/index.html");
    String html = Files.readString(index);
    for (String absent :
        List.of("confusion.png", "map-label.png", "tsne-label.png", "scores.png")) {
      assertFalse(html.contains(absent), absent + " in " + html);
      assertFalse(Files.exists(run.resolve("report").resolve(absent)), absent);
    }
    for (String present :
        List.of("sizes.png", "clusters.png", "map-cluster.png", "tsne-cluster.png", "loss.png")) {
      assertTrue(html.contains("src=\"" + present + "\""), present + " missing in " + html);
    }
    assertTrue(html.contains("No labels in this data set"), html);
    assertTrue(html.contains("caption: cluster, size."), html);
    assertFalse(html.contains("matched class"), html);
    org.ucospark.report.ReportLinks.assertLinksResolveAndPngsDecode(index);
  }

  @Test
  void aSweepTakesOwnDataSetsByPath() throws Exception {
    Path sweepFile = tmp.resolve("own.conf");
    Files.writeString(
        sweepFile,
        "sweep {\n  name = own\n  datasets = [\""
            + folder
            + "\", \""
            + unlabeled
            + "\"]\n  models = [ddc]\n  seeds = 1\n  set { epochs = 2, batch_size = 40, eval_interval = 1 }\n}\n");
    Path out = tmp.resolve("sweep");
    Cli.Result r = ok("sweep", sweepFile.toString(), "--out", out.toString(), "--verbose");
    String md = Files.readString(out.resolve("summary.md"));
    assertTrue(md.contains("no labels"), md);
    String csv = Files.readString(out.resolve("summary.csv"));
    assertEquals(3, csv.lines().count(), csv);
    for (String line : csv.lines().skip(1).toList()) {
      String[] f =
          line.split(","); // metrics (the view), dataset, model, params, runs, failed, acc_mean, …
      assertEquals("lowest-loss checkpoint", f[0], line);
      assertEquals("1", f[4], "one finished run: " + line);
      assertEquals("0", f[5], "no failed runs: " + line + "\n" + r.out());
      if (f[1].equals("unlabeled")) {
        assertTrue(f[6].isEmpty() || f[6].equals("NaN"), "no ACC without labels: " + line);
      } else {
        double acc = Double.parseDouble(f[6]);
        assertTrue(acc >= 1.0 / CLASSES && acc <= 1, line);
      }
    }
  }

  // --- bad input: one line naming the file, exit 2, nothing left behind ---

  private void refused(String expected, String... args) throws Exception {
    Path out = tmp.resolve("out");
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
    Cli.Result r = Cli.run(all);
    assertEquals(2, r.code(), String.join(" ", all) + "\n" + r.err() + r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    if (Files.exists(out)) {
      try (Stream<Path> left = Files.list(out)) {
        assertEquals(List.of(), left.toList(), "nothing left behind");
      }
    }
  }

  @Test
  void badImageFoldersAreRefused() throws Exception {
    Path mixed = tmp.resolve("mixed");
    OwnImages.writePng(OwnImages.image(0, 0, 20), mixed.resolve("a/1.png"));
    OwnImages.writePng(OwnImages.image(1, 0, 24), mixed.resolve("b/2.png"));
    refused(
        mixed.resolve("b/2.png") + ": 24x24 image",
        "prepare",
        "--dataset",
        "m",
        "--format",
        "image-folder",
        "--raw",
        mixed.toString());

    Path corrupt = OwnImages.classFolders(tmp.resolve("corrupt"), 2, 2, 20);
    Files.writeString(corrupt.resolve("class_1/bad.jpg"), "not a jpeg");
    refused(
        corrupt.resolve("class_1/bad.jpg") + ": corrupt image",
        "prepare",
        "--dataset",
        "c",
        "--format",
        "image-folder",
        "--raw",
        corrupt.toString());

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    refused(
        "/empty/: no images",
        "prepare",
        "--dataset",
        "e",
        "--format",
        "image-folder",
        "--raw",
        empty.toString());

    Path single = OwnImages.classFolders(tmp.resolve("single"), 1, 3, 20);
    refused(
        "the only class sub-folder",
        "prepare",
        "--dataset",
        "s",
        "--format",
        "image-folder",
        "--raw",
        single.toString());

    Path flat = OwnImages.flatFolder(tmp.resolve("flat"), 2, 3, 20);
    refused(
        "no labels, so --clusters K is needed",
        "prepare",
        "--dataset",
        "f",
        "--format",
        "image-folder",
        "--raw",
        flat.toString());

    refused(
        "--dataset usps: reserved for the built-in usps recipe",
        "prepare",
        "--dataset",
        "usps",
        "--format",
        "image-folder",
        "--raw",
        flat.toString());
  }

  @Test
  void badArraysAndTablesAreRefused() throws Exception {
    Path noX = tmp.resolve("nox.npz");
    Files.write(
        noX,
        OwnImages.npz(
            new String[] {"images"},
            new byte[][] {OwnImages.npy("|u1", false, new long[] {2, 4, 4}, new byte[32])}));
    refused(
        noX + ": no array 'x'",
        "prepare",
        "--dataset",
        "n",
        "--format",
        "npz",
        "--raw",
        noX.toString());

    Path csv = tmp.resolve("t.csv");
    Files.writeString(csv, "p0,p1,p2,p3,label\n0,10,20,30,1\n40,50,60,70,2\n");
    refused(
        csv + ": row 0 has 4 pixel values, but --shape 1x3x3 needs 9",
        "prepare",
        "--dataset",
        "t",
        "--format",
        "csv",
        "--raw",
        csv.toString(),
        "--shape",
        "1x3x3");

    Path words = tmp.resolve("w.csv");
    Files.writeString(words, "p0,p1,p2,p3,label\n0,10,20,30,cat\n40,50,60,70,dog\n");
    refused(
        words + ": labels must be integers, column 'label' holds string",
        "prepare",
        "--dataset",
        "w",
        "--format",
        "csv",
        "--raw",
        words.toString(),
        "--shape",
        "1x2x2");
  }

  @Test
  void tablesWithAnArrayColumnOrPixelColumnsArePrepared() throws Exception {
    Path csv = tmp.resolve("pixels.csv");
    StringBuilder text = new StringBuilder("p0,p1,p2,p3,label\n");
    for (int i = 0; i < 6; i++) {
      text.append(i)
          .append(',')
          .append(255)
          .append(',')
          .append(0)
          .append(',')
          .append(i * 10)
          .append(',')
          .append(i % 2 == 0 ? 4 : 9)
          .append('\n');
    }
    Files.writeString(csv, text.toString());
    Path out = tmp.resolve("tables");
    ok(
        "prepare",
        "--dataset",
        "tab",
        "--format",
        "csv",
        "--raw",
        csv.toString(),
        "--shape",
        "1x2x2",
        "--normalize",
        "zero-one",
        "--out",
        out.toString());
    HadoopFs fs = new HadoopFs();
    PreparedDataset csvSet = PreparedDataset.open(fs, out.resolve("tab").toString());
    LocalParquetReader.Rows rows = LocalParquetReader.read(fs, csvSet, 6);
    assertArrayEquals(
        new float[] {1 / 255f, 1, 0, 10 / 255f},
        java.util.Arrays.copyOfRange(rows.pixels(), 4, 8),
        1e-6f);
    assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, rows.labels());
    assertEquals(List.of("4", "9"), csvSet.manifest().labelNames());

    var spark = TestSpark.session();
    var schema =
        new org.apache.spark.sql.types.StructType()
            .add(
                "image",
                org.apache.spark.sql.types.DataTypes.createArrayType(
                    org.apache.spark.sql.types.DataTypes.DoubleType));
    List<org.apache.spark.sql.Row> data = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      data.add(org.apache.spark.sql.RowFactory.create(List.of(0.0, 0.25 * i, 1.0, 0.5)));
    }
    Path parquet = tmp.resolve("table.parquet");
    spark.createDataFrame(data, schema).coalesce(1).write().parquet(parquet.toString());
    ok(
        "prepare",
        "--dataset",
        "arr",
        "--format",
        "parquet",
        "--raw",
        parquet.toString(),
        "--shape",
        "1x2x2",
        "--clusters",
        "2",
        "--normalize",
        "none",
        "--out",
        out.toString());
    PreparedDataset arr = PreparedDataset.open(fs, out.resolve("arr").toString());
    assertFalse(arr.manifest().hasLabels());
    assertArrayEquals(
        new float[] {0, 0.5f, 1, 0.5f},
        java.util.Arrays.copyOfRange(LocalParquetReader.read(fs, arr, 4).pixels(), 8, 12));
  }

  @Test
  void trainingFailsEarlyOnImagesTooSmallForTheNetwork() throws Exception {
    Path small = OwnImages.classFolders(tmp.resolve("small"), 2, 70, 12);
    Path out = tmp.resolve("p");
    ok(
        "prepare",
        "--dataset",
        "small",
        "--format",
        "image-folder",
        "--raw",
        small.toString(),
        "--out",
        out.toString());
    Cli.Result r =
        Cli.run(
            "train",
            "--model",
            "ddc",
            "--data",
            out.resolve("small").toString(),
            "--local",
            "--run-dir",
            tmp.resolve("r").toString(),
            "--set",
            "epochs=1");
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().contains("12x12 images are too small for cnn_small (ddc)")
            && r.err().contains("--resize 32x32"),
        r.err());
    // the remedy the line gives, as a user follows it: the same name again with --resize is refused
    // (the data set there has another recipe; "nothing to do" would keep the 12x12 images), and
    // --force then rebuilds it
    String[] again = {
      "prepare",
      "--dataset",
      "small",
      "--format",
      "image-folder",
      "--raw",
      small.toString(),
      "--resize",
      "32x32",
      "--out",
      out.toString()
    };
    Cli.Result refused = Cli.run(again);
    assertEquals(2, refused.code(), refused.err() + refused.out());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(
        refused.err().contains("another recipe")
            && refused.err().contains("shape 1x12x12 → 1x32x32")
            && refused.err().contains("--force"),
        refused.err());
    assertFalse(refused.out().contains("nothing to do"), refused.out());
    assertEquals("[1,12,12]", json(out.resolve("small/_manifest.json")).get("shape").toString());
    String[] forced = java.util.Arrays.copyOf(again, again.length + 1);
    forced[again.length] = "--force";
    ok(forced);
    assertEquals("[1,32,32]", json(out.resolve("small/_manifest.json")).get("shape").toString());
    Cli.Result same = ok(again);
    assertTrue(same.out().contains("nothing to do"), "the same recipe again: " + same.out());
  }
}
