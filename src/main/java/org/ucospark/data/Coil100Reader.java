package org.ucospark.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * COIL-100 reader (docs/ALGORITHMS.md §1.1: coil100): 100 objects × 72 poses, 128×128 RGB PNGs
 * named {@code objN__A.png} (N = 1..100, A = 0, 5, …, 355 degrees).
 *
 * <p>Accepted layouts of the raw folder, tried in this order: the archive {@code coil-100.zip}
 * (entries such as {@code coil-100/obj12__35.png}; directories and non-PNG entries are ignored;
 * only the base name of an entry counts), an unpacked folder {@code coil-100/objN__A.png}, or the
 * PNGs directly in the raw folder.
 *
 * <p>Pixel recipe: v = RGB/255 ∈ [0, 1] (any PNG colour model, via {@code getRGB}, i.e. sRGB), then
 * {@link ImageResize#downscale} = Gaussian σ = 0.5 px with mirrored edges followed by bilinear 128
 * → 64 (half-pixel centres): output pixel (y, x) is the average of the four smoothed input pixels
 * (2y..2y+1, 2x..2x+1). No centring. Shape 3×64×64 (R, G, B planes). Label = N − 1. Canonical
 * order: by object number, then by angle (numerically); all examples are part {@code "train"}
 * (COIL-100 has no split), ids 0..7199.
 *
 * <p>All 7200 images must be present; each PNG is checked against its pinned SHA-256 ({@link
 * DatasetName#coil100PngSums()}) when verification is on. With the archive, the compressed PNG
 * bytes (about 130 MB) are held in memory to restore the canonical order; the decoded images are
 * not.
 */
public final class Coil100Reader implements ExampleReader {
  public static final String ZIP = "coil-100.zip";
  public static final String FOLDER = "coil-100/";
  public static final int OBJECTS = 100;
  public static final int ANGLE_STEP = 5;
  public static final int POSES = 72;
  public static final int IN_SIDE = 128;
  public static final int OUT_SIDE = 64;
  private static final Pattern NAME = Pattern.compile("obj(\\d+)__(\\d+)\\.png");
  private static final int CHUNK = 64;

  private final RawFiles files;
  private final Map<String, String> pngSums;
  private final int objects;
  private final int poses;

  /**
   * @param pngSums SHA-256 per PNG base name ({@link DatasetName#coil100PngSums()}), or {@code
   *     null} to skip verification
   */
  public Coil100Reader(RawFiles files, Map<String, String> pngSums) {
    this(files, pngSums, OBJECTS, POSES);
  }

  /** For tests: a smaller grid of objects 1..objects × angles 0, 5, …, 5·(poses−1). */
  Coil100Reader(RawFiles files, Map<String, String> pngSums, int objects, int poses) {
    this.files = files;
    this.pngSums = pngSums;
    this.objects = objects;
    this.poses = poses;
  }

  /** Base names in canonical order: obj1__0.png, obj1__5.png, …, obj100__355.png. */
  public List<String> canonicalNames() {
    List<String> names = new ArrayList<>(objects * poses);
    for (int n = 1; n <= objects; n++) {
      for (int a = 0; a < poses; a++) {
        names.add("obj" + n + "__" + (a * ANGLE_STEP) + ".png");
      }
    }
    return names;
  }

  /** Label of a base name {@code objN__A.png}: N − 1. */
  public static int labelOf(String baseName) {
    Matcher m = NAME.matcher(baseName);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a COIL-100 name: " + baseName);
    }
    return Integer.parseInt(m.group(1)) - 1;
  }

  @Override
  public long forEach(Consumer<? super Example> sink) {
    List<String> names = canonicalNames();
    if (files.exists(ZIP)) {
      Map<String, byte[]> pngs = readZip(names);
      return emit(
          names, i -> pngs.remove(names.get(i)), name -> files.describe(ZIP) + "!" + name, sink);
    }
    String prefix = folderPrefix();
    return emit(
        names, i -> readFile(prefix + names.get(i)), name -> files.describe(prefix + name), sink);
  }

  private String folderPrefix() {
    if (files.exists(FOLDER + "obj1__0.png")) {
      return FOLDER;
    }
    if (files.exists("obj1__0.png")) {
      return "";
    }
    try {
      for (String f : files.list()) {
        String base = f.substring(f.lastIndexOf('/') + 1);
        if (NAME.matcher(base).matches()) {
          return f.startsWith(FOLDER) ? FOLDER : "";
        }
      }
    } catch (IOException e) {
      throw new DataFormatException(files.describe("") + ": cannot list: " + e.getMessage(), e);
    }
    throw new DataFormatException(
        files.describe(ZIP)
            + ": missing (expected "
            + ZIP
            + ", or the PNGs objN__A.png in "
            + files.describe(FOLDER)
            + " or "
            + files.describe("")
            + ")");
  }

  private byte[] readFile(String name) {
    if (!files.exists(name)) {
      throw new DataFormatException(
          files.describe(name)
              + ": missing (expected "
              + objects * poses
              + " COIL-100 images objN__A.png, N=1.."
              + objects
              + ", A=0,5,..,"
              + (poses - 1) * ANGLE_STEP
              + ")");
    }
    try (InputStream in = files.open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw RawIo.failure(files, name, e, "");
    }
  }

  private Map<String, byte[]> readZip(List<String> names) {
    Map<String, byte[]> wanted = new HashMap<>(names.size() * 2);
    for (String n : names) {
      wanted.put(n, null);
    }
    String current = "";
    try (ZipInputStream zin = new ZipInputStream(files.open(ZIP))) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        current = e.getName();
        if (e.isDirectory()) {
          continue;
        }
        String base = current.substring(current.lastIndexOf('/') + 1);
        if (wanted.containsKey(base)) {
          wanted.put(base, zin.readAllBytes());
        }
      }
    } catch (IOException ex) {
      throw RawIo.failure(files, ZIP, ex, current.isEmpty() ? "" : "at entry " + current);
    }
    for (String n : names) {
      if (wanted.get(n) == null) {
        throw new DataFormatException(
            files.describe(ZIP)
                + ": missing entry "
                + n
                + " (expected "
                + objects * poses
                + " COIL-100 images objN__A.png, N=1.."
                + objects
                + ", A=0,5,..,"
                + (poses - 1) * ANGLE_STEP
                + ")");
      }
    }
    return wanted;
  }

  private long emit(
      List<String> names,
      java.util.function.IntFunction<byte[]> bytesOf,
      java.util.function.Function<String, String> describe,
      Consumer<? super Example> sink) {
    for (int start = 0; start < names.size(); start += CHUNK) {
      int end = Math.min(names.size(), start + CHUNK);
      // Fetch sequentially (RawFiles need not be thread-safe), decode in parallel, emit in order.
      List<byte[]> chunk = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        chunk.add(bytesOf.apply(i));
      }
      final int s = start;
      List<float[]> pixels =
          IntStream.range(0, end - start)
              .parallel()
              .mapToObj(
                  j -> decode(chunk.get(j), names.get(s + j), describe.apply(names.get(s + j))))
              .toList();
      for (int j = 0; j < pixels.size(); j++) {
        String name = names.get(s + j);
        sink.accept(new Example(s + j, labelOf(name), Example.TRAIN, pixels.get(j)));
      }
    }
    return names.size();
  }

  private float[] decode(byte[] png, String baseName, String described) {
    if (pngSums != null) {
      String expected = pngSums.get(baseName);
      if (expected == null) {
        throw new DataFormatException(described + ": no pinned SHA-256 for " + baseName);
      }
      Checksums.verify(described, Checksums.sha256Hex(png), expected);
    }
    return recipe(png, described);
  }

  /**
   * Decodes one 128×128 PNG and applies the recipe (RGB/255, Gaussian σ 0.5, bilinear 128→64),
   * giving 3×64×64 values in [0, 1].
   *
   * @param described the file, for error messages
   */
  public static float[] recipe(byte[] png, String described) {
    BufferedImage img;
    try {
      img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(
          described
              + ": corrupt PNG ("
              + e.getMessage()
              + "), expected a "
              + IN_SIDE
              + "x"
              + IN_SIDE
              + " RGB image",
          e);
    }
    if (img == null) {
      throw new DataFormatException(
          described
              + ": not a readable PNG image, expected a "
              + IN_SIDE
              + "x"
              + IN_SIDE
              + " RGB image");
    }
    if (img.getWidth() != IN_SIDE || img.getHeight() != IN_SIDE) {
      throw new DataFormatException(
          described
              + ": image is "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + ", expected "
              + IN_SIDE
              + "x"
              + IN_SIDE);
    }
    int hw = IN_SIDE * IN_SIDE;
    int[] argb = img.getRGB(0, 0, IN_SIDE, IN_SIDE, null, 0, IN_SIDE);
    double[] chw = new double[3 * hw];
    for (int p = 0; p < hw; p++) {
      int c = argb[p];
      chw[p] = ((c >> 16) & 0xff) / 255.0;
      chw[hw + p] = ((c >> 8) & 0xff) / 255.0;
      chw[2 * hw + p] = (c & 0xff) / 255.0;
    }
    return ImageResize.toFloat(
        ImageResize.downscale(
            chw, 3, IN_SIDE, IN_SIDE, OUT_SIDE, OUT_SIDE, ImageResize.COIL_SIGMA));
  }
}
