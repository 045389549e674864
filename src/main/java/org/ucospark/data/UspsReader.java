package org.ucospark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * USPS reader (docs/ALGORITHMS.md §1.1: usps) for the text files of "The Elements of Statistical
 * Learning" ({@code zip.train}, {@code zip.test}, gzip or plain): one image per line, {@code label
 * v1 … v256}, whitespace separated, label written as a float ({@code "6.0000"}), the 16×16 values
 * row-major in [−1, 1] (= (g − 0.5)/0.5 of a [0,1] grey value).
 *
 * <p>Pixel recipe: values as distributed, bilinear resize 16×16 → 32×32 with half-pixel centres and
 * mirrored edges ({@link ImageResize#resizeBilinear}), shape 1×32×32. Canonical order: the 7291
 * lines of zip.train (part {@code "train"}), then the 2007 lines of zip.test ({@code "test"}), ids
 * 0..9297.
 *
 * <p>Optionally ({@code eightBit}, the key {@code prepare.usps_pixels = authors_8bit}) the values
 * first pass through 8 bits as on the authors' path (torchvision's USPS from the libsvm file keeps
 * {@code uint8((v + 1)/2 · 255)}, then {@code (x/255 − 0.5)/0.5}): at most 2/255 away from the
 * values as distributed (docs/PROTOCOL.md, section 1).
 */
public final class UspsReader implements ExampleReader {
  public static final int IN_SIDE = 16;
  public static final int OUT_SIDE = 32;
  public static final int FIELDS = 1 + IN_SIDE * IN_SIDE;
  public static final int NUM_CLASSES = 10;

  private final RawFiles files;
  private final boolean eightBit;

  public UspsReader(RawFiles files) {
    this(files, false);
  }

  /**
   * @param eightBit whether the values pass through 8 bits first ({@link #eightBit(float)})
   */
  public UspsReader(RawFiles files, boolean eightBit) {
    this.files = files;
    this.eightBit = eightBit;
  }

  /**
   * A value in [−1, 1] as the authors' data path leaves it: to a [0, 255] grey level truncated to
   * an integer (numpy's {@code astype(uint8)}), back to [0, 1] and to [−1, 1].
   */
  public static float eightBit(float v) {
    double grey = Math.floor((v + 1.0) / 2 * 255);
    return (float) ((grey / 255 - 0.5) / 0.5);
  }

  /** The 1×32×32 example pixels of a 16×16 USPS image (values as distributed). */
  public static float[] recipe(float[] values16x16) {
    return ImageResize.resizeBilinear(values16x16, 1, IN_SIDE, IN_SIDE, OUT_SIDE, OUT_SIDE);
  }

  @Override
  public long forEach(Consumer<? super Example> sink) {
    long n = readPart("zip.train", Example.TRAIN, 0, sink);
    return n + readPart("zip.test", Example.TEST, n, sink);
  }

  long readPart(String base, String part, long firstId, Consumer<? super Example> sink) {
    String name = RawIo.resolveMaybeGz(files, base);
    long lineNo = 0;
    long count = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Checksums.maybeGunzip(files.open(name)), StandardCharsets.US_ASCII),
            1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty()) {
          continue;
        }
        String[] f = t.split("\\s+");
        String at = files.describe(name) + " line " + lineNo;
        if (f.length != FIELDS) {
          throw new DataFormatException(
              at + ": expected " + FIELDS + " fields (label + 256 values), got " + f.length);
        }
        int label = parseLabel(f[0], at);
        float[] v = new float[FIELDS - 1];
        for (int j = 1; j < FIELDS; j++) {
          float x;
          try {
            x = Float.parseFloat(f[j]);
          } catch (NumberFormatException e) {
            throw new DataFormatException(
                at + ": value " + j + " is '" + f[j] + "', expected a number in [-1, 1]");
          }
          if (!(x >= -1f && x <= 1f)) {
            throw new DataFormatException(
                at + ": value " + j + " is " + f[j] + ", expected a number in [-1, 1]");
          }
          v[j - 1] = eightBit ? eightBit(x) : x;
        }
        sink.accept(new Example(firstId + count, label, part, recipe(v)));
        count++;
      }
      return count;
    } catch (IOException e) {
      throw RawIo.failure(files, name, e, "after line " + lineNo);
    }
  }

  private static int parseLabel(String s, String at) {
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new DataFormatException(at + ": label '" + s + "' is not a number, expected 0..9");
    }
    if (d != Math.rint(d) || d < 0 || d >= NUM_CLASSES) {
      throw new DataFormatException(at + ": label " + s + ", expected an integer 0..9");
    }
    return (int) d;
  }
}
