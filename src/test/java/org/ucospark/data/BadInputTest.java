package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed raw files fail with a one-line {@link DataFormatException} naming the file. */
class BadInputTest {
  @TempDir Path dir;

  private static void assertOneLineNaming(DataFormatException e, String file, String what) {
    String m = e.getMessage();
    assertTrue(m.contains(file), "message names " + file + ": " + m);
    assertTrue(m.contains(what), "message says '" + what + "': " + m);
    assertTrue(!m.contains("\n"), "one line: " + m);
  }

  private List<Example> readAll(ExampleReader r) {
    List<Example> out = new ArrayList<>();
    r.forEach(out::add);
    return out;
  }

  @Test
  void validSyntheticIdxFilesAreReadTrainFirstWithTheMnistRecipe() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    // The test labels as plain (uncompressed) file: both forms are accepted.
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), TestData.idxLabels(2049, 2));
    List<Example> ex = readAll(new IdxReader(new LocalRawFiles(dir)));
    assertEquals(5, ex.size());
    assertEquals(
        List.of("train", "train", "train", "test", "test"),
        ex.stream().map(Example::part).toList());
    assertEquals(List.of(0, 1, 2, 0, 1), ex.stream().map(Example::label).toList());
    assertEquals(4L, ex.get(4).id());
    float[] p = ex.get(1).pixels(); // pixel j = (1 + j) mod 256
    assertEquals(-1f + 2f / 255f, p[0], 1e-6);
    assertEquals(1f, p[254], 1e-6);
    assertEquals(-1f, p[255], 1e-6);
  }

  @Test
  void truncatedGzipIsReportedWithTheFileName() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    Path f = dir.resolve("train-images-idx3-ubyte.gz");
    byte[] gz = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(gz, gz.length - 30));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "train-images-idx3-ubyte.gz", "truncated");
    // Checksum verification reports the same file.
    DataFormatException v =
        assertThrows(
            DataFormatException.class,
            () -> Checksums.sha256OfContent(new LocalRawFiles(dir), "train-images-idx3-ubyte.gz"));
    assertOneLineNaming(v, "train-images-idx3-ubyte.gz", "truncated");
  }

  @Test
  void truncatedUncompressedImageDataIsReportedWithTheImageIndex() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
    byte[] raw = TestData.idxImages(2051, 3, 28, 28);
    Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(raw, raw.length - 5));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "train-images-idx3-ubyte", "truncated data at image 2 of 3");
  }

  @Test
  void wrongIdxMagicNumberIsReported() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    Files.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        TestData.gzip(TestData.idxImages(1234, 3, 28, 28)));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertEquals(
        dir.resolve("train-images-idx3-ubyte.gz")
            + ": wrong IDX magic number 1234, expected 2051 (images)",
        e.getMessage());
    Files.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        TestData.gzip(TestData.idxImages(2051, 3, 28, 28)));
    Files.write(
        dir.resolve("t10k-labels-idx1-ubyte.gz"), TestData.gzip(TestData.idxLabels(2051, 2)));
    e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(
        e, "t10k-labels-idx1-ubyte.gz", "wrong IDX magic number 2051, expected 2049 (labels)");
  }

  @Test
  void imageAndLabelCountMismatchIsReported() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    Files.write(
        dir.resolve("t10k-labels-idx1-ubyte.gz"), TestData.gzip(TestData.idxLabels(2049, 3)));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "t10k-images-idx3-ubyte.gz", "2 images but");
    assertOneLineNaming(e, "t10k-labels-idx1-ubyte.gz", "has 3 labels");
  }

  @Test
  void wrongImageSizeAndMissingFileAreReported() throws IOException {
    TestData.writeIdxSet(dir, 3, 2);
    Files.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        TestData.gzip(TestData.idxImages(2051, 3, 16, 16)));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "train-images-idx3-ubyte.gz", "images are 16x16, expected 28x28");
    Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
    Files.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        TestData.gzip(TestData.idxImages(2051, 3, 28, 28)));
    e =
        assertThrows(
            DataFormatException.class, () -> readAll(new IdxReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "t10k-images-idx3-ubyte.gz", "missing");
  }

  @Test
  void uspsLineWithWrongFieldCountIsReportedWithFileAndLine() throws IOException {
    Files.writeString(
        dir.resolve("zip.train"), TestData.uspsLine(3, 257) + TestData.uspsLine(4, 200));
    Files.write(
        dir.resolve("zip.test.gz"),
        TestData.gzip(TestData.uspsLine(5, 257).getBytes(StandardCharsets.US_ASCII)));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new UspsReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "zip.train line 2", "expected 257 fields (label + 256 values), got 200");
  }

  @Test
  void uspsBadLabelAndValueAreReported() throws IOException {
    Files.writeString(
        dir.resolve("zip.train"), TestData.uspsLine(3, 257).replace("3.0000", "3.5000"));
    Files.writeString(dir.resolve("zip.test"), TestData.uspsLine(5, 257));
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> readAll(new UspsReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "zip.train line 1", "label 3.5000, expected an integer 0..9");
    Files.writeString(
        dir.resolve("zip.train"), TestData.uspsLine(3, 257).replace(" -1.0000", " 1.5000"));
    e =
        assertThrows(
            DataFormatException.class, () -> readAll(new UspsReader(new LocalRawFiles(dir))));
    assertOneLineNaming(e, "zip.train line 1", "expected a number in [-1, 1]");
  }

  @Test
  void validSyntheticUspsIsReadTrainFirstWithLabelsFromFloats() throws IOException {
    Files.writeString(
        dir.resolve("zip.train"), TestData.uspsLine(3, 257) + TestData.uspsLine(4, 257) + "\n");
    Files.write(
        dir.resolve("zip.test.gz"),
        TestData.gzip(TestData.uspsLine(5, 257).getBytes(StandardCharsets.US_ASCII)));
    List<Example> ex = readAll(new UspsReader(new LocalRawFiles(dir)));
    assertEquals(List.of(3, 4, 5), ex.stream().map(Example::label).toList());
    assertEquals(List.of("train", "train", "test"), ex.stream().map(Example::part).toList());
    assertEquals(1024, ex.get(2).pixels().length);
  }

  @Test
  void checksumMismatchOfDecompressedContentIsReported() throws IOException {
    Files.writeString(dir.resolve("zip.train"), TestData.uspsLine(3, 257));
    Files.write(
        dir.resolve("zip.test.gz"),
        TestData.gzip(TestData.uspsLine(5, 257).getBytes(StandardCharsets.US_ASCII)));
    RawDatasetReader r = RawDatasetReader.of(DatasetName.usps, new LocalRawFiles(dir), true);
    List<Example> out = new ArrayList<>();
    DataFormatException e = assertThrows(DataFormatException.class, () -> r.forEach(out::add));
    assertOneLineNaming(e, "zip.train", "SHA-256 mismatch: got ");
    assertTrue(
        e.getMessage().endsWith("expected " + DatasetName.usps.pinnedContent().get("zip.train")),
        e.getMessage());
    assertTrue(out.isEmpty(), "nothing produced before verification");
    // Without verification the same files are read, but the count check still fails.
    e =
        assertThrows(
            DataFormatException.class,
            () ->
                RawDatasetReader.of(DatasetName.usps, new LocalRawFiles(dir), false)
                    .forEach(x -> {}));
    assertTrue(e.getMessage().contains("2 usps examples, expected 9298"), e.getMessage());
  }

  @Test
  void checksumMatchAcceptsRecompressedAndUncompressedCopies() throws IOException {
    byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);
    String sum = Checksums.sha256Hex(content);
    Files.write(dir.resolve("a"), content);
    Files.write(dir.resolve("a.gz"), TestData.gzip(content));
    assertEquals(sum, Checksums.verifyContent(new LocalRawFiles(dir), "a", sum));
    assertEquals(sum, Checksums.verifyContent(new LocalRawFiles(dir), "a.gz", sum));
  }

  // ---- COIL-100 on a 2 objects x 2 poses grid ----

  private void writeCoilFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("obj1__0.png"), TestData.png(0x336699));
    Files.write(folder.resolve("obj1__5.png"), TestData.png(0xff0000));
    Files.write(folder.resolve("obj2__0.png"), TestData.png(0x00ff00));
    Files.write(folder.resolve("obj2__5.png"), TestData.png(0x0000ff));
  }

  @Test
  void coilFolderIsReadInCanonicalOrderWithRgbOver255() throws IOException {
    writeCoilFolder(dir.resolve("coil-100"));
    List<Example> ex = readAll(new Coil100Reader(new LocalRawFiles(dir), null, 2, 2));
    assertEquals(List.of(0, 0, 1, 1), ex.stream().map(Example::label).toList());
    float[] p = ex.get(0).pixels();
    assertEquals(3 * 64 * 64, p.length);
    assertEquals(0x33 / 255f, p[0], 1e-6);
    assertEquals(0x66 / 255f, p[4096 + 100], 1e-6);
    assertEquals(0x99 / 255f, p[2 * 4096 + 4095], 1e-6);
    assertEquals(1f, ex.get(3).pixels()[2 * 4096], 1e-6);
  }

  @Test
  void coilZipIgnoresDirectoriesAndOtherEntriesAndSortsNumerically() throws IOException {
    Path src = dir.resolve("src");
    writeCoilFolder(src);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bos)) {
      z.putNextEntry(new ZipEntry("coil-100/"));
      z.closeEntry();
      z.putNextEntry(new ZipEntry("coil-100/README.txt"));
      z.write("x".getBytes(StandardCharsets.US_ASCII));
      z.closeEntry();
      for (String n : new String[] {"obj2__5.png", "obj1__5.png", "obj2__0.png", "obj1__0.png"}) {
        z.putNextEntry(new ZipEntry("coil-100/" + n));
        z.write(Files.readAllBytes(src.resolve(n)));
        z.closeEntry();
      }
    }
    Path raw = dir.resolve("raw");
    Files.createDirectories(raw);
    Files.write(raw.resolve("coil-100.zip"), bos.toByteArray());
    List<Example> ex = readAll(new Coil100Reader(new LocalRawFiles(raw), null, 2, 2));
    assertEquals(List.of(0, 0, 1, 1), ex.stream().map(Example::label).toList());
    assertEquals(1f, ex.get(1).pixels()[0], 1e-6); // obj1__5 is red
    assertEquals(1f, ex.get(2).pixels()[4096], 1e-6); // obj2__0 is green
    assertEquals(List.of(0L, 1L, 2L, 3L), ex.stream().map(Example::id).toList());

    // A missing entry is named.
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(partial)) {
      z.putNextEntry(new ZipEntry("coil-100/obj1__0.png"));
      z.write(Files.readAllBytes(src.resolve("obj1__0.png")));
      z.closeEntry();
    }
    Files.write(raw.resolve("coil-100.zip"), partial.toByteArray());
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> readAll(new Coil100Reader(new LocalRawFiles(raw), null, 2, 2)));
    assertOneLineNaming(e, "coil-100.zip", "missing entry obj1__5.png");
  }

  @Test
  void missingPngInAFolderIsNamed() throws IOException {
    writeCoilFolder(dir);
    Files.delete(dir.resolve("obj2__0.png"));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> readAll(new Coil100Reader(new LocalRawFiles(dir), null, 2, 2)));
    assertOneLineNaming(e, "obj2__0.png", "missing");
  }

  @Test
  void corruptPngIsNamed() throws IOException {
    writeCoilFolder(dir);
    byte[] good = Files.readAllBytes(dir.resolve("obj1__5.png"));
    Files.write(dir.resolve("obj1__5.png"), Arrays.copyOf(good, 60));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> readAll(new Coil100Reader(new LocalRawFiles(dir), null, 2, 2)));
    assertOneLineNaming(e, "obj1__5.png", "PNG");
    Files.write(dir.resolve("obj1__5.png"), "not a png at all".getBytes(StandardCharsets.US_ASCII));
    e =
        assertThrows(
            DataFormatException.class,
            () -> readAll(new Coil100Reader(new LocalRawFiles(dir), null, 2, 2)));
    assertOneLineNaming(e, "obj1__5.png", "not a readable PNG image");
  }

  @Test
  void pngChecksumMismatchIsNamed() throws IOException {
    writeCoilFolder(dir);
    Map<String, String> sums = new java.util.HashMap<>();
    for (String n : new String[] {"obj1__0.png", "obj1__5.png", "obj2__0.png", "obj2__5.png"}) {
      sums.put(n, Checksums.sha256Hex(Files.readAllBytes(dir.resolve(n))));
    }
    assertEquals(4, readAll(new Coil100Reader(new LocalRawFiles(dir), sums, 2, 2)).size());
    sums.put("obj2__5.png", "00".repeat(32));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> readAll(new Coil100Reader(new LocalRawFiles(dir), sums, 2, 2)));
    assertOneLineNaming(e, "obj2__5.png", "SHA-256 mismatch");
  }

  @Test
  void pinnedCoilPngSumsCoverAll7200Images() throws IOException {
    Map<String, String> sums = DatasetName.coil100PngSums();
    assertEquals(7200, sums.size());
    List<String> names = new Coil100Reader(new LocalRawFiles(dir), null).canonicalNames();
    assertEquals(7200, names.size());
    assertTrue(sums.keySet().containsAll(names));
    assertEquals("obj100__355.png", names.get(7199));
    try (InputStream in = getClass().getResourceAsStream(DatasetName.COIL100_PNG_SUMS_RESOURCE)) {
      assertTrue(in != null);
    }
    assertEquals(DatasetName.coil100, DatasetName.fromCli("COIL100"));
    assertEquals("fashion-mnist", DatasetName.fromCli("fmnist").rawFolder());
    assertEquals(
        4, RawDatasetReader.of(DatasetName.mnist, new LocalRawFiles(dir), true).sources().size());
  }
}
