package org.ucospark.data;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Images from a NumPy {@code .npz} archive ({@code prepare --format npz}), the authors' export
 * format ({@code <name>_train.npz}): array {@code x} of N×H×W (one channel), N×H×W×C (channels
 * last, C = 1 or 3) or N×C×H×W (channels first, C = 1 or 3; preferred when both readings fit), of
 * any integer type (taken as 0..255 pixel values), bool (False/True taken as 0 and 1) or float; and
 * an optional {@code y} of N integer labels (any values: they are mapped to 0..K−1 in ascending
 * order and their values become the label names). Without {@code y} the data set has no labels.
 */
public final class NpzImages {
  private NpzImages() {}

  /** Decodes the archive {@code bytes}; {@code where} names the file in errors. */
  public static CustomImages read(byte[] bytes, String where) {
    Map<String, Npy.Array> arrays = Npy.readNpz(new ByteArrayInputStream(bytes), where);
    Npy.Array x = arrays.get("x");
    if (x == null) {
      throw new DataFormatException(
          where + ": no array 'x' (the images); arrays present: " + arrays.keySet());
    }
    long[] s = x.shape();
    int n;
    int c;
    int h;
    int w;
    float[] values = x.values();
    if (s.length == 3) {
      n = (int) s[0];
      c = 1;
      h = (int) s[1];
      w = (int) s[2];
    } else if (s.length == 4 && (s[1] == 1 || s[1] == 3)) {
      n = (int) s[0];
      c = (int) s[1];
      h = (int) s[2];
      w = (int) s[3];
    } else if (s.length == 4 && (s[3] == 1 || s[3] == 3)) {
      n = (int) s[0];
      h = (int) s[1];
      w = (int) s[2];
      c = (int) s[3];
      values = channelsFirst(values, n, h, w, c);
    } else {
      throw new DataFormatException(
          where
              + "!x.npy: shape "
              + Arrays.toString(s)
              + ", expected N×H×W, N×H×W×C or"
              + " N×C×H×W with C = 1 or 3");
    }
    if (n == 0) {
      throw new DataFormatException(where + "!x.npy: no images (shape " + Arrays.toString(s) + ")");
    }
    int[] labels = null;
    List<String> names = null;
    Npy.Array y = arrays.get("y");
    if (y != null) {
      if (y.size() != n || y.shape().length > 2) {
        throw new DataFormatException(
            where
                + "!y.npy: shape "
                + Arrays.toString(y.shape())
                + ", expected "
                + n
                + " labels (one per image of x)");
      }
      names = new ArrayList<>();
      labels = CustomImages.denseLabels(y.integers(where + "!y.npy"), names);
    }
    List<SourceFile> sources =
        List.of(
            new SourceFile(
                where.substring(where.lastIndexOf('/') + 1), Checksums.sha256Hex(bytes)));
    CustomImages images =
        // Booleans are 0/1 images, already on the [0, 1] scale: not integer pixel values to divide
        // by 255 (True would become 1/255 and every image almost constant).
        new CustomImages(n, c, h, w, values, x.integral() && !x.bool(), labels, names, sources);
    images.note(
        "npz x "
            + x.dtype()
            + (x.bool() ? " (False/True as 0/1)" : "")
            + " "
            + Arrays.toString(s)
            + (y == null ? " without labels" : " with labels y"));
    return images;
  }

  /** N×H×W×C → N×C×H×W. */
  static float[] channelsFirst(float[] v, int n, int h, int w, int c) {
    float[] out = new float[v.length];
    int plane = h * w;
    for (int i = 0; i < n; i++) {
      int base = i * plane * c;
      for (int p = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + ch * plane + p] = v[base + p * c + ch];
        }
      }
    }
    return out;
  }
}
