package org.ucospark.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/** Shared test helpers: where the shared data sets are, and small synthetic raw files. */
final class TestData {
  private TestData() {}

  /** {@code -Ducospark.shared.dir}, else {@code ../shared} relative to the project directory. */
  static Path sharedDir() {
    String p = System.getProperty("ucospark.shared.dir");
    return p != null
        ? Path.of(p)
        : Path.of(System.getProperty("user.dir")).resolve("../shared").normalize();
  }

  /** The shared raw folder of a data set, or the test is skipped with a message. */
  static Path sharedDataset(String folder) {
    Path d = sharedDir().resolve("datasets").resolve(folder);
    Assumptions.assumeTrue(
        Files.isDirectory(d),
        "shared data set "
            + d
            + " absent (set -Ducospark.shared.dir=...); skipping real-data test");
    return d;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    }
    return bos.toByteArray();
  }

  /** An IDX image file: magic, count, rows, cols, pixels (pixel j of image i = (i + j) mod 256). */
  static byte[] idxImages(int magic, int count, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < rows * cols; j++) {
        b.put((byte) ((i + j) & 0xff));
      }
    }
    return b.array();
  }

  /** An IDX label file with labels i mod 10. */
  static byte[] idxLabels(int magic, int count) {
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(magic).putInt(count);
    for (int i = 0; i < count; i++) {
      b.put((byte) (i % 10));
    }
    return b.array();
  }

  /** Writes a valid small MNIST-like raw folder: {@code nTrain} + {@code nTest} images, gzip. */
  static void writeIdxSet(Path dir, int nTrain, int nTest) throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(2051, nTrain, 28, 28)));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(2049, nTrain)));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(2051, nTest, 28, 28)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(2049, nTest)));
  }

  /** A USPS text line: label then 256 values. */
  static String uspsLine(int label, int fields) {
    StringBuilder sb = new StringBuilder(String.format("%d.0000", label));
    for (int j = 1; j < fields; j++) {
      sb.append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", (j % 21) / 10.0 - 1.0));
    }
    return sb.append('\n').toString();
  }

  /** A constant-colour 128×128 RGB PNG. */
  static byte[] png(int rgb) throws IOException {
    BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bos);
    return bos.toByteArray();
  }

  static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
