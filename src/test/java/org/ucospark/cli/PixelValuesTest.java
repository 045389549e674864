package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ucospark.data.OwnImages;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.LocalParquetReader;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * Pixel values of a data set of one's own that prepare must not turn into silent wrong results: a
 * NaN or infinite pixel is refused under every normalisation and in every format, naming where it
 * is; NumPy booleans are 0/1 images.
 */
class PixelValuesTest {
  @TempDir Path tmp;

  @BeforeAll
  static void shareSpark() {
    TestSpark.session();
  }

  /** Four 2×2 float32 images, labels 0 1 0 1, pixel 1 of image 2 NaN. */
  private Path npzWithNaN() throws Exception {
    ByteBuffer x = ByteBuffer.allocate(4 * 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      x.putFloat(i == 9 ? Float.NaN : (i % 4) / 4f);
    }
    ByteBuffer y = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      y.putLong(i % 2);
    }
    Path npz = tmp.resolve("nan.npz");
    Files.write(
        npz,
        OwnImages.npz(
            new String[] {"x", "y"},
            new byte[][] {
              OwnImages.npy("<f4", false, new long[] {4, 2, 2}, x.array()),
              OwnImages.npy("<i8", false, new long[] {4}, y.array())
            }));
    return npz;
  }

  @ParameterizedTest
  @ValueSource(strings = {"minus1-1", "zero-one", "standardize", "none"})
  void aNaNPixelInAnNpzIsRefusedUnderEveryNormalization(String normalize) throws Exception {
    Path npz = npzWithNaN();
    refused(
        "value NaN in image 2 (row 2 of the source), element 1 (channel 0, y 0, x 1)",
        "prepare",
        "--dataset",
        "n",
        "--format",
        "npz",
        "--raw",
        npz.toString(),
        "--normalize",
        normalize);
  }

  @ParameterizedTest
  @ValueSource(strings = {"minus1-1", "standardize", "none"})
  void aNaNCellInACsvIsRefusedNamingItsRowAndColumn(String normalize) throws Exception {
    Path csv = tmp.resolve("nan.csv");
    Files.writeString(
        csv, "p0,p1,p2,p3,label\n0,10,20,30,1\n190,NaN,60,70,2\n10,20,30,40,1\n5,6,7,8,2\n");
    refused(
        csv + ": row 1 (data rows counted from 0, header excluded), column 'p1' holds NaN",
        "prepare",
        "--dataset",
        "t",
        "--format",
        "csv",
        "--raw",
        csv.toString(),
        "--shape",
        "1x2x2",
        "--normalize",
        normalize);
  }

  @ParameterizedTest
  @ValueSource(strings = {"standardize", "none"})
  void anInfinitePixelInAParquetArrayIsRefused(String normalize) throws Exception {
    var schema =
        new StructType()
            .add("image", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("label", DataTypes.IntegerType);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double bad = i == 3 ? Double.POSITIVE_INFINITY : 0.5;
      data.add(RowFactory.create(List.of(0.0, 0.25 * i, bad, 0.5), i % 2));
    }
    Path parquet = tmp.resolve("table.parquet");
    TestSpark.session()
        .createDataFrame(data, schema)
        .coalesce(1)
        .write()
        .parquet(parquet.toString());
    refused(
        parquet + ": row 3, column 'image' element 2 holds Infinity",
        "prepare",
        "--dataset",
        "p",
        "--format",
        "parquet",
        "--raw",
        parquet.toString(),
        "--shape",
        "1x2x2",
        "--normalize",
        normalize);
  }

  @Test
  void booleanImagesAreZeroOneImages() throws Exception {
    byte[] x = new byte[16];
    for (int i = 0; i < 16; i++) {
      x[i] = (byte) (i % 3 == 0 ? 1 : 0);
    }
    ByteBuffer y = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      y.putLong(i % 2);
    }
    Path npz = tmp.resolve("bool.npz");
    Files.write(
        npz,
        OwnImages.npz(
            new String[] {"x", "y"},
            new byte[][] {
              OwnImages.npy("|b1", false, new long[] {4, 2, 2}, x),
              OwnImages.npy("<i8", false, new long[] {4}, y.array())
            }));
    Path out = tmp.resolve("out");
    Cli.Result r =
        Cli.run(
            "prepare",
            "--dataset",
            "b",
            "--format",
            "npz",
            "--raw",
            npz.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    HadoopFs fs = new HadoopFs();
    PreparedDataset set = PreparedDataset.open(fs, out.resolve("b").toString());
    float[] pixels = LocalParquetReader.read(fs, set, 4).pixels();
    float[] expected = new float[16];
    for (int i = 0; i < 16; i++) {
      expected[i] = i % 3 == 0 ? 1 : -1; // True → 1 → (1-0.5)/0.5; False → 0 → -1
    }
    assertArrayEquals(expected, pixels, 1e-6f);
    assertTrue(set.manifest().recipe().contains("(False/True as 0/1)"), set.manifest().recipe());
  }

  private void refused(String expected, String... args) throws Exception {
    Path out = tmp.resolve("out");
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
    Cli.Result r = Cli.run(all);
    assertEquals(2, r.code(), String.join(" ", all) + "\n" + r.err() + r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "output left behind");
  }
}
