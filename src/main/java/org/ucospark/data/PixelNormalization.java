package org.ucospark.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pixel recipe of a data set of the user's own ({@code prepare --normalize}). Values of integer
 * sources (8-bit images, uint8 arrays, integer pixel columns) are first divided by 255; float
 * sources are taken as stored and must then lie in [0, 1] for {@code zero-one} and {@code
 * minus1-1}.
 *
 * <ul>
 *   <li>{@code minus1-1}: v ↦ (v − 0.5)/0.5 ∈ [−1, 1], the MNIST recipe of docs/ALGORITHMS.md §1.1
 *       (the default);
 *   <li>{@code zero-one}: v ∈ [0, 1], the COIL-100 recipe;
 *   <li>{@code standardize}: per channel c, v ↦ (v − μ_c)/σ_c with the mean μ_c and population
 *       standard deviation σ_c over every pixel of every image (σ_c = 0 leaves the channel centred
 *       only);
 *   <li>{@code none}: the values as stored (no division by 255 either), for data that is already
 *       prepared.
 * </ul>
 */
public enum PixelNormalization {
  MINUS1_1("minus1-1"),
  ZERO_ONE("zero-one"),
  STANDARDIZE("standardize"),
  NONE("none");

  private final String cliName;

  PixelNormalization(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static PixelNormalization parse(String name) {
    for (PixelNormalization p : values()) {
      if (p.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown normalization '"
            + name
            + "', expected minus1-1, zero-one, "
            + "standardize or none");
  }

  /**
   * Applies the recipe to every value of {@code images} in place and adds it, in words, to the
   * notes.
   *
   * @param where names the source in errors
   * @throws DataFormatException when a value is NaN or infinite (under every recipe: one such value
   *     would make a channel's mean and standard deviation, and so every pixel, NaN), or when float
   *     values fall outside [0, 1] for zero-one or minus1-1
   */
  public void apply(CustomImages images, String where) {
    float[] v = images.values();
    if (this == NONE) {
      images.note("values as stored");
      return;
    }
    String scale = images.integral() ? "x/255" : "x";
    if (images.integral()) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= 255f;
      }
    }
    switch (this) {
      case ZERO_ONE -> {
        requireUnitRange(v, where);
        images.note(scale + " in [0,1]");
      }
      case MINUS1_1 -> {
        requireUnitRange(v, where);
        for (int i = 0; i < v.length; i++) {
          v[i] = (v[i] - 0.5f) / 0.5f;
        }
        images.note(scale + " then (x-0.5)/0.5 -> [-1,1]");
      }
      default -> images.note(scale + " then per channel " + standardize(images));
    }
  }

  private static String standardize(CustomImages images) {
    float[] v = images.values();
    int c = images.channels();
    int plane = images.height() * images.width();
    double[] mean = new double[c];
    double[] std = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double sum = 0;
      double sq = 0;
      long count = 0;
      for (int i = 0; i < images.count(); i++) {
        int base = (i * c + ch) * plane;
        for (int p = 0; p < plane; p++) {
          double x = v[base + p];
          sum += x;
          sq += x * x;
          count++;
        }
      }
      mean[ch] = sum / count;
      std[ch] = Math.sqrt(Math.max(0, sq / count - mean[ch] * mean[ch]));
      double scale = std[ch] > 0 ? std[ch] : 1;
      for (int i = 0; i < images.count(); i++) {
        int base = (i * c + ch) * plane;
        for (int p = 0; p < plane; p++) {
          v[base + p] = (float) ((v[base + p] - mean[ch]) / scale);
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "(x-mean)/std, mean %s, std %s",
        Arrays.toString(round(mean)),
        Arrays.toString(round(std)));
  }

  private static double[] round(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = Math.round(a[i] * 1e6) / 1e6;
    }
    return r;
  }

  /**
   * Refuses the first NaN or infinite value, naming its image (row) and pixel: under every recipe,
   * as read (before any resize spreads it), since one such value makes its channel's mean and
   * standard deviation, and so every pixel of every image, NaN under standardize, and trains on NaN
   * under the others.
   */
  public static void requireFinite(CustomImages images, String where) {
    float[] v = images.values();
    int plane = images.height() * images.width();
    int size = images.channels() * plane;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        int e = i % size;
        throw new DataFormatException(
            String.format(
                Locale.ROOT,
                "%s: value %s in image %d (row %d of the source), element %d (channel %d, y %d,"
                    + " x %d): every pixel must be a finite number; fix or drop that image",
                where,
                v[i],
                i / size,
                i / size,
                e,
                e / plane,
                e % plane / images.width(),
                e % images.width()));
      }
    }
  }

  private void requireUnitRange(float[] v, String where) {
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new DataFormatException(
            where
                + ": float value "
                + v[i]
                + " (element "
                + i
                + ") outside [0,1], which --normalize "
                + cliName
                + " expects of float data; use --normalize standardize or none");
      }
    }
  }
}
