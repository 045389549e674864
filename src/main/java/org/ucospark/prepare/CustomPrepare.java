package org.ucospark.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.data.CustomImages;
import org.ucospark.data.DatasetName;
import org.ucospark.data.ImageFolderReader;
import org.ucospark.data.NpzImages;
import org.ucospark.data.PixelNormalization;
import org.ucospark.io.HadoopFs;
import org.ucospark.io.HadoopRawFiles;

/**
 * {@code prepare --format …}: a data set of the user's own (an image folder, an {@code .npz}, a
 * Parquet or CSV table) into the same Parquet + {@code _manifest.json} as the built-in sets.
 * Decoding, then {@code --channels}, {@code --resize} (the bilinear resize of the USPS/COIL-100
 * recipes) and the pixel recipe {@code --normalize}; K is the number of label values, or {@code
 * --clusters} for data without labels.
 */
public final class CustomPrepare {
  /** The input formats. */
  public static final List<String> FORMATS = List.of("image-folder", "npz", "parquet", "csv");

  private CustomPrepare() {}

  /**
   * What the command line says about the data set.
   *
   * @param channels 1 or 3, or 0 for the images' own
   * @param resize H and W, or null
   * @param clusters K, or 0 (then the number of classes)
   * @param shape C, H, W of a table's rows (tables only)
   */
  public record Options(
      String name,
      String format,
      String raw,
      int channels,
      List<Integer> resize,
      PixelNormalization normalize,
      int clusters,
      List<Integer> shape,
      String labelColumn,
      String pixelsColumn) {}

  /**
   * Checks the options that need no data, then decodes the input and returns what the prepare job
   * writes.
   */
  public static PrepareJob.Plan plan(
      SparkSession spark, HadoopFs fs, Options o, PrintStream progress) {
    checkOptions(o);
    progress.printf("%s: reading %s (%s)%n", o.name(), o.raw(), o.format());
    CustomImages images =
        switch (o.format()) {
          case "image-folder" -> imageFolder(fs, o, progress);
          case "npz" -> NpzImages.read(readAll(fs, o.raw()), o.raw());
          default ->
              TableImages.read(
                  spark, fs, o.format(), o.raw(), o.shape(), o.labelColumn(), o.pixelsColumn());
        };
    PixelNormalization.requireFinite(images, o.raw());
    if (o.channels() > 0) {
      images.setChannels(o.channels());
    }
    if (o.resize() != null) {
      images.resize(o.resize().get(0), o.resize().get(1));
    }
    o.normalize().apply(images, o.raw());
    int k;
    if (images.labeled()) {
      k = images.labelNames().size();
      if (k < 2) {
        throw new UcoException(
            o.raw()
                + ": a single class ("
                + images.labelNames().get(0)
                + "); clustering needs at"
                + " least 2 (leave the labels out and pass --clusters K for a data set without labels)");
      }
      if (o.clusters() > 0 && o.clusters() != k) {
        throw new UcoException(
            "--clusters "
                + o.clusters()
                + ": the labels of "
                + o.raw()
                + " have "
                + k
                + " classes; leave --clusters out for labeled data");
      }
    } else {
      if (o.clusters() == 0) {
        throw new UcoException(
            o.raw() + ": no labels, so --clusters K is needed (the number of clusters to find)");
      }
      k = o.clusters();
    }
    if (k > images.count()) {
      throw new UcoException(
          o.raw() + ": " + images.count() + " images, fewer than the " + k + " clusters");
    }
    String recipe =
        String.join("; ", images.notes()) + " (--normalize " + o.normalize().cliName() + ")";
    progress.printf(
        Locale.ROOT,
        "%s: %,d images of %dx%dx%d, %d %s%n",
        o.name(),
        images.count(),
        images.channels(),
        images.height(),
        images.width(),
        k,
        images.labeled() ? "classes" : "clusters (no labels)");
    return new PrepareJob.Plan(
        o.name(),
        List.of(images.channels(), images.height(), images.width()),
        k,
        images.count(),
        images,
        recipe,
        images::sources,
        o.raw(),
        o.format(),
        images.labeled(),
        images.labelNames());
  }

  /** The checks of {@code o} that need no data: name, format, shape and cluster count. */
  private static void checkOptions(Options o) {
    if (!o.name().matches("[a-z0-9][a-z0-9_-]*")) {
      throw new UcoException(
          "--dataset " + o.name() + ": expected a name of lower-case letters, digits, _ and -");
    }
    if (o.name().equals("all")) {
      throw new UcoException(
          "--dataset all: reserved (it prepares the built-in sets); choose another name");
    }
    for (DatasetName builtIn : DatasetName.values()) {
      if (builtIn.cliName().equals(o.name())) {
        throw new UcoException(
            "--dataset "
                + o.name()
                + ": reserved for the built-in "
                + o.name()
                + " recipe (prepare it without --format); choose another name for your own data");
      }
    }
    if (!FORMATS.contains(o.format())) {
      throw new UcoException(
          "--format " + o.format() + ": expected one of " + String.join(", ", FORMATS));
    }
    boolean table = o.format().equals("parquet") || o.format().equals("csv");
    if (table && o.shape() == null) {
      throw new UcoException(
          "--format " + o.format() + " needs --shape CxHxW (the layout of one row's pixels)");
    }
    if (!table && o.shape() != null) {
      throw new UcoException(
          "--shape is for --format parquet or csv; " + o.format() + " has its own shape");
    }
    if (o.clusters() == 1 || o.clusters() < 0) {
      throw new UcoException("--clusters " + o.clusters() + ": expected at least 2 clusters");
    }
  }

  private static CustomImages imageFolder(HadoopFs fs, Options o, PrintStream progress) {
    Path root = HadoopFs.path(o.raw());
    if (!fs.exists(root) || fs.isFile(root)) {
      throw new UcoException(
          o.raw() + ": no such folder (--raw of --format image-folder is a folder of images)");
    }
    ImageFolderReader.Result r =
        ImageFolderReader.read(
            new HadoopRawFiles(fs, root),
            o.channels(),
            o.resize() == null ? 0 : o.resize().get(0),
            o.resize() == null ? 0 : o.resize().get(1));
    if (r.skipped() > 0) {
      progress.printf(
          "%s: skipped %d files that are not .png, .jpg, .jpeg, .bmp or .gif images%n",
          o.name(), r.skipped());
    }
    return r.images();
  }

  private static byte[] readAll(HadoopFs fs, String location) {
    Path path = HadoopFs.path(location);
    if (!fs.isFile(path)) {
      throw new UcoException(location + ": no such file (--raw of --format npz is one .npz file)");
    }
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UcoException(location + ": cannot read: " + e.getMessage(), e);
    }
  }
}
