package org.ucospark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four data sets of docs/ALGORITHMS.md §1 and everything needed to fetch, verify and decode
 * them.
 *
 * <table>
 * <caption>Data sets</caption>
 * <tr><th>name</th><th>raw folder</th><th>C×H×W</th><th>K</th><th>N (train+test)</th><th>pixel recipe</th></tr>
 * <tr><td>mnist</td><td>mnist</td><td>1×28×28</td><td>10</td><td>70000 (60000+10000)</td><td>x/255, then (x−0.5)/0.5 ∈ [−1,1]</td></tr>
 * <tr><td>fmnist</td><td>fashion-mnist</td><td>1×28×28</td><td>10</td><td>70000 (60000+10000)</td><td>same as mnist</td></tr>
 * <tr><td>usps</td><td>usps</td><td>1×32×32</td><td>10</td><td>9298 (7291+2007)</td><td>values as distributed (∈ [−1,1]), bilinear 16→32</td></tr>
 * <tr><td>coil100</td><td>coil-100</td><td>3×64×64</td><td>100</td><td>7200 (100 objects × 72 poses)</td><td>RGB/255 ∈ [0,1], Gaussian σ 0.5, bilinear 128→64</td></tr>
 * </table>
 *
 * <p>Pinned sums are of the <em>decompressed</em> content ({@link #pinnedContent()}), so a
 * re-compressed or uncompressed copy is accepted. COIL-100 is pinned twice: the zip archive as
 * distributed ({@link #downloads()}), and each of its 7200 PNGs (resource {@code
 * uco-spark/coil100-png.sha256}, copied from the data set's {@code SHA256SUMS.png}), which is what
 * the reader checks, so an unpacked folder or a re-zipped archive is accepted.
 */
public enum DatasetName {
  mnist(
      "mnist",
      "mnist",
      1,
      28,
      28,
      10,
      70000,
      60000,
      "x/255 then (x-0.5)/0.5 -> [-1,1] (spec section 1)",
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      new String[][] {
        {
          "train-images-idx3-ubyte",
          "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
        },
        {
          "train-labels-idx1-ubyte",
          "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
        },
        {
          "t10k-images-idx3-ubyte",
          "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
        },
        {
          "t10k-labels-idx1-ubyte",
          "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
        }
      }),
  fmnist(
      "fmnist",
      "fashion-mnist",
      1,
      28,
      28,
      10,
      70000,
      60000,
      "x/255 then (x-0.5)/0.5 -> [-1,1] (spec section 1)",
      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
      new String[][] {
        {
          "train-images-idx3-ubyte",
          "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
        },
        {
          "train-labels-idx1-ubyte",
          "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
        },
        {
          "t10k-images-idx3-ubyte",
          "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
        },
        {
          "t10k-labels-idx1-ubyte",
          "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
        }
      }),
  usps(
      "usps",
      "usps",
      1,
      32,
      32,
      10,
      9298,
      7291,
      "16x16 values as distributed in [-1,1], bilinear resize 16->32 "
          + "(half-pixel centres, mirrored edges) (spec section 1)",
      "https://web.stanford.edu/~hastie/ElemStatLearn/datasets/",
      new String[][] {
        {"zip.train", "abc9f5c75b997cabe66b5d01727d5a681c69298e1641a8d37b55433a52129dc0"},
        {"zip.test", "6bde17b4f1cd68e0630cd2751d6495b5795d9165ab2dc4a0be8b7002b732f4cc"}
      }),
  coil100(
      "coil100",
      "coil-100",
      3,
      64,
      64,
      100,
      7200,
      7200,
      "RGB/255 in [0,1], Gaussian sigma 0.5 px (mirrored edges), bilinear 128->64, "
          + "no centring (spec section 1)",
      "https://www.cs.columbia.edu/CAVE/databases/SLAM_coil-20_coil-100/coil-100/coil-100.zip",
      new String[][] {
        {"coil-100.zip", "c8216ed8b0a9434e2f1900015e759608f2fa5b8eee0b8f2f3e913a43dc98ce8c"}
      });

  /**
   * Classpath resource with the SHA-256 of each COIL-100 PNG ({@code sha coil-100/objN__A.png}).
   */
  public static final String COIL100_PNG_SUMS_RESOURCE = "/uco-spark/coil100-png.sha256";

  private final String cliName;
  private final String rawFolder;
  private final int channels;
  private final int height;
  private final int width;
  private final int numClasses;
  private final int expectedCount;
  private final int trainCount;
  private final String recipe;
  private final String downloadBase;
  private final Map<String, String> pinned;

  DatasetName(
      String cliName,
      String rawFolder,
      int channels,
      int height,
      int width,
      int numClasses,
      int expectedCount,
      int trainCount,
      String recipe,
      String downloadBase,
      String[][] pinned) {
    this.cliName = cliName;
    this.rawFolder = rawFolder;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
    this.expectedCount = expectedCount;
    this.trainCount = trainCount;
    this.recipe = recipe;
    this.downloadBase = downloadBase;
    Map<String, String> m = new LinkedHashMap<>();
    for (String[] p : pinned) {
      m.put(p[0], p[1]);
    }
    this.pinned = Collections.unmodifiableMap(m);
  }

  /** Parses a command-line name ({@code mnist}, {@code fmnist}, {@code usps}, {@code coil100}). */
  public static DatasetName fromCli(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DatasetName d : values()) {
      if (d.cliName.equals(n)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown data set '" + name + "', expected one of mnist, fmnist, usps, coil100");
  }

  public String cliName() {
    return cliName;
  }

  /**
   * Folder name of the raw files ({@code mnist}, {@code fashion-mnist}, {@code usps}, {@code
   * coil-100}).
   */
  public String rawFolder() {
    return rawFolder;
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

  /** C·H·W. */
  public int pixelCount() {
    return channels * height * width;
  }

  /** Number of classes = number of clusters K. */
  public int numClasses() {
    return numClasses;
  }

  /** Number of examples, train and test together. */
  public int expectedCount() {
    return expectedCount;
  }

  /** Number of examples of the train part (all of them for coil100, which has no split). */
  public int trainCount() {
    return trainCount;
  }

  /**
   * The interval the recipe maps pixel values to, {lo, hi}: [−1, 1] for mnist, fmnist and usps, [0,
   * 1] for coil100; (x − lo)/(hi − lo) undoes it to [0, 1] for display.
   */
  public double[] pixelRange() {
    return this == coil100 ? new double[] {0, 1} : new double[] {-1, 1};
  }

  /** The pixel recipe in words. */
  public String recipe() {
    return recipe;
  }

  /**
   * Pinned SHA-256 of the decompressed raw content, keyed by decompressed file name ({@code
   * train-images-idx3-ubyte}, {@code zip.train}, …; for coil100 the archive {@code coil-100.zip}
   * itself — its PNGs are pinned by {@link #coil100PngSums()}).
   */
  public Map<String, String> pinnedContent() {
    return pinned;
  }

  /**
   * Default download locations (never contacted by the tests). MNIST, Fashion-MNIST and USPS are
   * fetched as {@code .gz}; the pinned sum is of the decompressed content.
   */
  public List<RemoteFile> downloads() {
    if (this == coil100) {
      return List.of(
          new RemoteFile(URI.create(downloadBase), "coil-100.zip", pinned.get("coil-100.zip")));
    }
    return pinned.entrySet().stream()
        .map(
            e ->
                new RemoteFile(
                    URI.create(downloadBase + e.getKey() + ".gz"),
                    e.getKey() + ".gz",
                    e.getValue()))
        .toList();
  }

  /**
   * The SHA-256 of each COIL-100 PNG keyed by base name ({@code obj1__0.png}), from the classpath
   * resource {@value #COIL100_PNG_SUMS_RESOURCE}.
   */
  public static Map<String, String> coil100PngSums() {
    return PngSums.SUMS;
  }

  /** Lazily loaded holder. */
  private static final class PngSums {
    static final Map<String, String> SUMS = load();

    private static Map<String, String> load() {
      Map<String, String> m = new LinkedHashMap<>();
      try (InputStream in = DatasetName.class.getResourceAsStream(COIL100_PNG_SUMS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "missing classpath resource " + COIL100_PNG_SUMS_RESOURCE);
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        while ((line = r.readLine()) != null) {
          line = line.trim();
          if (line.isEmpty()) {
            continue;
          }
          String[] f = line.split("\\s+", 2);
          String file = f[1].startsWith("*") ? f[1].substring(1) : f[1];
          m.put(file.substring(file.lastIndexOf('/') + 1), f[0].toLowerCase(Locale.ROOT));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Collections.unmodifiableMap(m);
    }
  }
}
