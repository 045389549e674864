package org.ucospark.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * MNIST and Fashion-MNIST reader (docs/ALGORITHMS.md §1.1: mnist, fmnist) for the IDX files {@code
 * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code
 * t10k-labels-idx1-ubyte}, each either gzip ({@code .gz}, detected by the magic bytes {@code 1f
 * 8b}) or plain.
 *
 * <p>IDX layout (big-endian int32): images: magic 2051, count n, rows 28, cols 28, then n·784
 * unsigned bytes row-major; labels: magic 2049, count n, then n unsigned bytes (0..9).
 *
 * <p>Pixel recipe: x ∈ {0..255} ↦ v = (x/255 − 0.5)/0.5 = 2x/255 − 1 ∈ [−1, 1], shape 1×28×28.
 * Canonical order: the 60000 training images (part {@code "train"}, ids 0..59999), then the 10000
 * test images (part {@code "test"}, ids 60000..69999), each in file order.
 */
public final class IdxReader implements ExampleReader {
  public static final int IMAGES_MAGIC = 2051;
  public static final int LABELS_MAGIC = 2049;
  public static final int SIDE = 28;
  public static final int NUM_CLASSES = 10;

  private static final float[] LUT = new float[256];

  static {
    for (int x = 0; x < 256; x++) {
      LUT[x] = (float) ((x / 255.0 - 0.5) / 0.5);
    }
  }

  private final RawFiles files;

  public IdxReader(RawFiles files) {
    this.files = files;
  }

  @Override
  public long forEach(Consumer<? super Example> sink) {
    long n = readPart("train-images-idx3-ubyte", "train-labels-idx1-ubyte", Example.TRAIN, 0, sink);
    return n + readPart("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", Example.TEST, n, sink);
  }

  /** Reads one part; returns its number of examples. */
  long readPart(
      String imagesBase,
      String labelsBase,
      String part,
      long firstId,
      Consumer<? super Example> sink) {
    String labelsName = RawIo.resolveMaybeGz(files, labelsBase);
    String imagesName = RawIo.resolveMaybeGz(files, imagesBase);
    byte[] labels = readLabels(labelsName);
    String where = "in the header";
    try (DataInputStream in = new DataInputStream(Checksums.maybeGunzip(files.open(imagesName)))) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new DataFormatException(
            files.describe(imagesName)
                + ": wrong IDX magic number "
                + magic
                + ", expected "
                + IMAGES_MAGIC
                + " (images)");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows != SIDE || cols != SIDE) {
        throw new DataFormatException(
            files.describe(imagesName)
                + ": images are "
                + rows
                + "x"
                + cols
                + ", expected "
                + SIDE
                + "x"
                + SIDE);
      }
      if (count != labels.length) {
        throw new DataFormatException(
            files.describe(imagesName)
                + ": "
                + count
                + " images but "
                + files.describe(labelsName)
                + " has "
                + labels.length
                + " labels, expected equal counts");
      }
      byte[] raw = new byte[SIDE * SIDE];
      for (int i = 0; i < count; i++) {
        where =
            "at image "
                + i
                + " of "
                + count
                + " (expected "
                + count
                + " images of "
                + SIDE
                + "x"
                + SIDE
                + ")";
        in.readFully(raw);
        float[] px = new float[raw.length];
        for (int j = 0; j < raw.length; j++) {
          px[j] = LUT[raw[j] & 0xff];
        }
        sink.accept(new Example(firstId + i, labels[i], part, px));
      }
      return count;
    } catch (IOException e) {
      throw RawIo.failure(files, imagesName, e, where);
    }
  }

  private byte[] readLabels(String name) {
    String where = "in the header";
    try (DataInputStream in = new DataInputStream(Checksums.maybeGunzip(files.open(name)))) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new DataFormatException(
            files.describe(name)
                + ": wrong IDX magic number "
                + magic
                + ", expected "
                + LABELS_MAGIC
                + " (labels)");
      }
      int count = in.readInt();
      if (count < 0) {
        throw new DataFormatException(files.describe(name) + ": negative label count " + count);
      }
      where = "(expected " + count + " labels)";
      byte[] labels = new byte[count];
      in.readFully(labels);
      for (int i = 0; i < count; i++) {
        if ((labels[i] & 0xff) >= NUM_CLASSES) {
          throw new DataFormatException(
              files.describe(name)
                  + ": label "
                  + (labels[i] & 0xff)
                  + " at index "
                  + i
                  + ", expected 0.."
                  + (NUM_CLASSES - 1));
        }
      }
      return labels;
    } catch (IOException e) {
      throw RawIo.failure(files, name, e, where);
    }
  }
}
