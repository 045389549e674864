package org.ucospark.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A data set of the user's own (an image folder, an {@code .npz}, a table) after decoding and
 * before its pixel recipe: N images of C×H×W values, row-major per image ({@code index = (c·H +
 * y)·W + x}), with labels 0..K−1 or none. {@code integral} says the values are on the 0..255 scale
 * of 8-bit images (integer sources), else they are floats taken as stored.
 *
 * <p>It is an {@link ExampleReader} in id order (all examples are of part {@code train}; unlabeled
 * ones have label {@link #NO_LABEL}), so the prepare job writes it like a built-in data set.
 */
public final class CustomImages implements ExampleReader {
  /** The label of an example of a data set without labels (written as a null label). */
  public static final int NO_LABEL = -1;

  private final int n;
  private int channels;
  private int height;
  private int width;
  private float[] values;
  private final boolean integral;
  private final int[] labels;
  private final List<String> labelNames;
  private final List<SourceFile> sources;
  private final List<String> notes = new ArrayList<>();

  /**
   * @param labels one label per image, 0..K−1, or null for an unlabeled set
   * @param labelNames the name of each label 0..K−1 (the folder names, or the original label
   *     values); null when unlabeled
   */
  public CustomImages(
      int n,
      int channels,
      int height,
      int width,
      float[] values,
      boolean integral,
      int[] labels,
      List<String> labelNames,
      List<SourceFile> sources) {
    if ((long) n * channels * height * width != values.length) {
      throw new IllegalArgumentException(
          values.length
              + " values for "
              + n
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    this.n = n;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.values = values;
    this.integral = integral;
    this.labels = labels;
    this.labelNames = labelNames;
    this.sources = sources;
  }

  /**
   * Maps arbitrary integer labels to 0..K−1 in ascending order of their values; {@code names}
   * receives the original values as strings (K = names.size()).
   */
  public static int[] denseLabels(int[] raw, List<String> names) {
    TreeMap<Integer, Integer> index = new TreeMap<>();
    for (int v : raw) {
      index.put(v, 0);
    }
    int k = 0;
    for (var e : index.entrySet()) {
      e.setValue(k++);
      names.add(Integer.toString(e.getKey()));
    }
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = index.get(raw[i]);
    }
    return out;
  }

  public int count() {
    return n;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public boolean labeled() {
    return labels != null;
  }

  /** Labels 0..K−1 by id, or null. */
  public int[] labels() {
    return labels;
  }

  public List<String> labelNames() {
    return labelNames;
  }

  public boolean integral() {
    return integral;
  }

  public List<SourceFile> sources() {
    return sources;
  }

  /** Every value, N×C×H×W row-major (the recipe writes in place). */
  public float[] values() {
    return values;
  }

  /** What was done on the way (resize, recipe), in words for the manifest. */
  public List<String> notes() {
    return notes;
  }

  /** Adds a note for the manifest's recipe. */
  public void note(String text) {
    notes.add(text);
  }

  /**
   * Resizes every image to {@code outH}×{@code outW} with {@link ImageResize#resizeBilinear} (the
   * bilinear resize of the USPS and COIL-100 recipes: half-pixel centres, mirrored edges); no-op at
   * the same size.
   */
  public void resize(int outH, int outW) {
    if (outH == height && outW == width) {
      return;
    }
    int in = channels * height * width;
    int out = channels * outH * outW;
    float[] resized = new float[Math.multiplyExact(n, out)];
    float[] image = new float[in];
    for (int i = 0; i < n; i++) {
      System.arraycopy(values, i * in, image, 0, in);
      System.arraycopy(
          ImageResize.resizeBilinear(image, channels, height, width, outH, outW),
          0,
          resized,
          i * out,
          out);
    }
    note(
        String.format(
            Locale.ROOT,
            "bilinear resize %dx%d->%dx%d (half-pixel centres, mirrored edges)",
            height,
            width,
            outH,
            outW));
    values = resized;
    height = outH;
    width = outW;
  }

  /**
   * Converts every image to {@code c} channels with {@link #convert} (noted for the manifest);
   * no-op when it has them already.
   */
  public void setChannels(int c) {
    if (c == channels) {
      return;
    }
    int plane = height * width;
    float[] out = new float[Math.multiplyExact(n, c * plane)];
    float[] image = new float[channels * plane];
    for (int i = 0; i < n; i++) {
      System.arraycopy(values, i * channels * plane, image, 0, image.length);
      System.arraycopy(convert(image, channels, c, plane), 0, out, i * c * plane, c * plane);
    }
    note(
        c == 1
            ? "greyscale as ITU-R 601 luma 0.299R+0.587G+0.114B"
            : "greyscale repeated to 3 channels");
    values = out;
    channels = c;
  }

  /**
   * One C×H×W image with {@code from} channels as {@code to} channels: 3 → 1 is the ITU-R 601 luma
   * 0.299·R + 0.587·G + 0.114·B (PIL's {@code convert("L")}), 1 → 3 repeats the grey plane.
   */
  public static float[] convert(float[] image, int from, int to, int plane) {
    if (from == to) {
      return image;
    }
    float[] out = new float[to * plane];
    if (from == 3 && to == 1) {
      for (int p = 0; p < plane; p++) {
        out[p] =
            (float) (0.299 * image[p] + 0.587 * image[plane + p] + 0.114 * image[2 * plane + p]);
      }
    } else if (from == 1 && to == 3) {
      for (int ch = 0; ch < 3; ch++) {
        System.arraycopy(image, 0, out, ch * plane, plane);
      }
    } else {
      throw new DataFormatException(
          "cannot convert " + from + " channels to " + to + " (expected 1 or 3)");
    }
    return out;
  }

  @Override
  public long forEach(Consumer<? super Example> sink) {
    int size = channels * height * width;
    for (int i = 0; i < n; i++) {
      float[] px = new float[size];
      System.arraycopy(values, i * size, px, 0, size);
      sink.accept(new Example(i, labels == null ? NO_LABEL : labels[i], Example.TRAIN, px));
    }
    return n;
  }
}
