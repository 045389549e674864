package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.data.PixelNormalization;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.CustomPrepare;
import org.ucospark.prepare.PrepareJob;
import org.ucospark.prepare.RawSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description =
        "Read raw MNIST, Fashion-MNIST, USPS or COIL-100 files, apply the pixel recipe of docs/ALGORITHMS.md §1.1 "
            + "and write OUT/<name> as Parquet with a _manifest.json; with --format, a data set of your own "
            + "(an image folder, an .npz, a Parquet or CSV table).")
final class PrepareCommand extends SparkCommand {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description =
          "mnist, fmnist, usps, coil100 or all; with --format the name of your data set (not a built-in one).")
  String dataset;

  @Option(
      names = "--raw",
      required = true,
      paramLabel = "PATH",
      description =
          "Folder with one sub-folder per data set (mnist/, fashion-mnist/, usps/, coil-100/); with --format "
              + "the image folder, the .npz file or the table; any Hadoop FS URI.")
  String raw;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Your own data: image-folder (class sub-folders, or a flat folder without labels), npz (x and "
              + "optional y), parquet or csv (pixels in an array column or in columns, optional label column).")
  String format;

  @Option(
      names = "--shape",
      paramLabel = "CxHxW",
      description = "Layout of a table row's pixels (parquet, csv).")
  String shape;

  @Option(
      names = "--resize",
      paramLabel = "HxW",
      description = "Bilinear resize of every image (as for USPS/COIL-100).")
  String resize;

  @Option(
      names = "--normalize",
      paramLabel = "RECIPE",
      defaultValue = "minus1-1",
      description =
          "Pixel recipe: minus1-1 (default), zero-one, standardize (per channel) or none.")
  String normalize;

  @Option(
      names = "--channels",
      paramLabel = "1|3",
      defaultValue = "0",
      description = "1 (greyscale) or 3 (RGB); default: the images' own.")
  int channels;

  @Option(
      names = "--clusters",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "Number of clusters K for data without labels (default: the number of classes).")
  int clusters;

  @Option(
      names = "--label-column",
      paramLabel = "NAME",
      description = "Label column of a table (default: label, if present).")
  String labelColumn;

  @Option(
      names = "--pixels-column",
      paramLabel = "NAME",
      description = "Array column of a table's pixels (default: the only array column).")
  String pixelsColumn;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder; any Hadoop FS URI.")
  String out;

  @Option(
      names = "--force",
      description = "Rebuild OUT/<name> even when it exists (e.g. damaged: a part file lost).")
  boolean force;

  private static DatasetName parse(String name) {
    try {
      return DatasetName.fromCli(name);
    } catch (IllegalArgumentException e) {
      throw new UcoException(
          "--dataset: " + e.getMessage() + " or all (for your own data add --format)");
    }
  }

  /** "32x32" (or 32×32) → [32, 32]; {@code parts} numbers, each positive. */
  static List<Integer> dimensions(String option, String text, int parts) {
    String[] f = text.trim().toLowerCase(java.util.Locale.ROOT).split("[x×]");
    List<Integer> out = new ArrayList<>();
    try {
      for (String p : f) {
        out.add(Integer.parseInt(p.trim()));
      }
    } catch (NumberFormatException e) {
      out.clear();
    }
    if (out.size() != parts || out.stream().anyMatch(v -> v <= 0)) {
      throw new UcoException(
          option
              + " "
              + text
              + ": expected "
              + (parts == 2 ? "HxW, e.g. 32x32" : "CxHxW, e.g. 1x28x28")
              + " (positive numbers)");
    }
    return out;
  }

  private int runCustom(Config config, SparkSession spark) {
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new UcoException("--channels " + channels + ": expected 1 or 3");
    }
    PixelNormalization recipe;
    try {
      recipe = PixelNormalization.parse(normalize);
    } catch (IllegalArgumentException e) {
      throw new UcoException("--normalize: " + e.getMessage());
    }
    List<Integer> shapeDims = shape == null ? null : dimensions("--shape", shape, 3);
    if (shapeDims != null && shapeDims.get(0) != 1 && shapeDims.get(0) != 3) {
      throw new UcoException("--shape " + shape + ": expected 1 or 3 channels");
    }
    CustomPrepare.Options o =
        new CustomPrepare.Options(
            dataset,
            format,
            raw,
            channels,
            resize == null ? null : dimensions("--resize", resize, 2),
            recipe,
            clusters,
            shapeDims,
            labelColumn,
            pixelsColumn);
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareJob job = new PrepareJob(spark, fs, PrepareSettings.from(config), System.out);
    PrepareJob.Outcome o2 =
        job.run(CustomPrepare.plan(spark, fs, o, System.out), HadoopFs.path(out), force);
    print(List.of(o2));
    return 0;
  }

  @Override
  int run(Config config, SparkSession spark) {
    if (format != null) {
      return runCustom(config, spark);
    }
    if (shape != null
        || resize != null
        || channels != 0
        || clusters != 0
        || labelColumn != null
        || pixelsColumn != null
        || !"minus1-1".equals(normalize)) {
      throw new UcoException(
          "--shape, --resize, --normalize, --channels, --clusters, --label-column and "
              + "--pixels-column are for your own data (with --format); the built-in data sets have fixed recipes");
    }
    List<DatasetName> names =
        "all".equals(dataset) ? List.of(DatasetName.values()) : List.of(parse(dataset));
    PrepareSettings settings = PrepareSettings.from(config);
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareJob job = new PrepareJob(spark, fs, settings, System.out);
    List<PrepareJob.Outcome> outcomes = new ArrayList<>();
    for (DatasetName name : names) {
      var files = RawSources.locate(fs, raw, name, settings, System.out);
      outcomes.add(job.run(name, files, HadoopFs.path(out), force));
    }
    print(outcomes);
    return 0;
  }

  private static void print(List<PrepareJob.Outcome> outcomes) {
    System.out.printf("%-8s %10s  %s%n", "dataset", "rows", "path");
    for (PrepareJob.Outcome o : outcomes) {
      System.out.printf(
          "%-8s %,10d  %s%s%n",
          o.name(),
          o.count(),
          o.path(),
          o.alreadyPrepared() ? " (already prepared)" : String.format(" (%.1f s)", o.seconds()));
    }
  }
}
