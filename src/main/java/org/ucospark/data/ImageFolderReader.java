package org.ucospark.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images of the user's own ({@code prepare --format image-folder}) through the
 * JDK's ImageIO (PNG, JPEG, BMP, GIF):
 *
 * <ul>
 *   <li>one sub-folder per class: the label of an image is the index of its folder in sorted order
 *       (the folder names become the label names), like torchvision's {@code ImageFolder}; at least
 *       two classes;
 *   <li>or images directly in the folder: a data set without labels.
 * </ul>
 *
 * <p>Images are taken in sorted path order (ids 0..N−1). Files whose extension is not .png, .jpg,
 * .jpeg, .bmp or .gif (and hidden files) are skipped and counted ({@link Result#skipped}); a file
 * with an image extension that does not decode is an error naming it. Greyscale images (a grey
 * colour space) give one channel from the raster, every other image three sRGB channels ({@code
 * getRGB}); values 0..255 (16-bit grey scaled to 0..255). With {@code channels} 0 the data set has
 * one channel if every image is grey, else three; 1 turns colour into ITU-R 601 luma, 3 repeats
 * grey. All images must have one size unless {@code resizeH} is positive: then each is resized on
 * its own to resizeH×resizeW ({@link ImageResize#resizeBilinear}).
 */
public final class ImageFolderReader {
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  private ImageFolderReader() {}

  /** The decoded images and how many files were skipped. */
  public record Result(CustomImages images, int skipped) {}

  /** One decoded image: C×H×W values 0..255. */
  private record Decoded(String name, int channels, int height, int width, float[] values) {}

  // Long because it is one pass over the folder (list, classes, decode, stack, checksums, note)
  // whose steps share their locals; a split is left to a later change.
  public static Result read(RawFiles files, int channels, int resizeH, int resizeW) {
    List<String> all;
    try {
      all = files.list();
    } catch (IOException e) {
      throw new DataFormatException(files.describe("") + ": cannot list: " + e.getMessage(), e);
    }
    List<String> images = new ArrayList<>();
    int skipped = 0;
    for (String name : all) {
      String base = name.substring(name.lastIndexOf('/') + 1);
      int dot = base.lastIndexOf('.');
      String ext = dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (base.startsWith(".") || name.contains("/.") || !EXTENSIONS.contains(ext)) {
        skipped++;
      } else {
        images.add(name);
      }
    }
    if (images.isEmpty()) {
      throw new DataFormatException(
          files.describe("")
              + ": no images (expected .png, .jpg, .jpeg, .bmp or .gif files,"
              + " directly or in one sub-folder per class)"
              + (skipped > 0 ? "; " + skipped + " other files" : ""));
    }
    boolean flat = images.stream().noneMatch(n -> n.contains("/"));
    TreeMap<String, Integer> classes = new TreeMap<>();
    if (!flat) {
      for (String name : images) {
        int slash = name.indexOf('/');
        if (slash < 0 || name.indexOf('/', slash + 1) >= 0) {
          throw new DataFormatException(
              files.describe(name)
                  + ": expected every image either directly in the folder"
                  + " (no labels) or in a class sub-folder one level down, not both or deeper");
        }
        classes.put(name.substring(0, slash), 0);
      }
      if (classes.size() < 2) {
        throw new DataFormatException(
            files.describe(classes.firstKey())
                + ": the only class sub-folder; a labeled"
                + " data set needs at least 2 classes (put the images directly in "
                + files.describe("")
                + " for a data set without labels)");
      }
      int k = 0;
      for (var e : classes.entrySet()) {
        e.setValue(k++);
      }
    }
    List<Decoded> decoded = new ArrayList<>(images.size());
    boolean allGrey = true;
    StringBuilder sums = new StringBuilder();
    for (String name : images) {
      byte[] bytes;
      try (InputStream in = files.open(name)) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new DataFormatException(files.describe(name) + ": cannot read: " + e.getMessage(), e);
      }
      sums.append(Checksums.sha256Hex(bytes)).append("  ").append(name).append('\n');
      Decoded d = decode(bytes, name, files);
      if (resizeH > 0) {
        d =
            new Decoded(
                name,
                d.channels,
                resizeH,
                resizeW,
                ImageResize.resizeBilinear(
                    d.values, d.channels, d.height, d.width, resizeH, resizeW));
      } else if (!decoded.isEmpty()
          && (d.height != decoded.get(0).height || d.width != decoded.get(0).width)) {
        Decoded first = decoded.get(0);
        throw new DataFormatException(
            files.describe(name)
                + ": "
                + d.height
                + "x"
                + d.width
                + " image, but "
                + first.name
                + " is "
                + first.height
                + "x"
                + first.width
                + "; images of different sizes need --resize HxW");
      }
      allGrey &= d.channels == 1;
      decoded.add(d);
    }
    int c = channels > 0 ? channels : allGrey ? 1 : 3;
    int h = decoded.get(0).height;
    int w = decoded.get(0).width;
    int size = c * h * w;
    float[] values = new float[Math.multiplyExact(decoded.size(), size)];
    for (int i = 0; i < decoded.size(); i++) {
      Decoded d = decoded.get(i);
      float[] v = CustomImages.convert(d.values, d.channels, c, h * w);
      System.arraycopy(v, 0, values, i * size, size);
      decoded.set(i, null);
    }
    int[] labels = null;
    List<String> names = null;
    if (!flat) {
      labels = new int[images.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = classes.get(images.get(i).substring(0, images.get(i).indexOf('/')));
      }
      names = new ArrayList<>(classes.keySet());
    }
    // One source entry for the folder: the SHA-256 of its sha256sum-style list ("sum  name" per
    // image, sorted by name), as for the COIL-100 PNGs, so that the manifest stays small for many
    // files.
    List<SourceFile> sources =
        List.of(
            new SourceFile(
                images.size() + " images (SHA-256 of their sha256sum list)",
                Checksums.sha256Hex(
                    sums.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    CustomImages out =
        new CustomImages(images.size(), c, h, w, values, true, labels, names, sources);
    out.note(
        (flat
                ? "image folder without labels"
                : "image folder, label = index of the class folder in sorted order")
            + ", "
            + (c == 1 ? "greyscale" : "sRGB")
            + " 0..255"
            + (skipped > 0 ? ", " + skipped + " non-image files skipped" : ""));
    if (resizeH > 0) {
      out.note(
          String.format(
              Locale.ROOT,
              "each image bilinear-resized to %dx%d (half-pixel centres, mirrored edges)",
              resizeH,
              resizeW));
    }
    return new Result(out, skipped);
  }

  private static Decoded decode(byte[] bytes, String name, RawFiles files) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(
          files.describe(name) + ": corrupt image (" + e.getMessage() + ")", e);
    }
    if (img == null) {
      throw new DataFormatException(
          files.describe(name) + ": corrupt image (no ImageIO reader recognises it)");
    }
    int h = img.getHeight();
    int w = img.getWidth();
    if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && img.getColorModel().getNumComponents() == 1) {
      Raster raster = img.getRaster();
      double max = (1L << img.getColorModel().getComponentSize(0)) - 1;
      float[] v = new float[h * w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          v[y * w + x] = (float) (raster.getSample(x, y, 0) * 255.0 / max);
        }
      }
      return new Decoded(name, 1, h, w, v);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] v = new float[3 * h * w];
    int plane = h * w;
    for (int p = 0; p < plane; p++) {
      v[p] = (argb[p] >> 16) & 0xff;
      v[plane + p] = (argb[p] >> 8) & 0xff;
      v[2 * plane + p] = argb[p] & 0xff;
    }
    return new Decoded(name, 3, h, w, v);
  }
}
