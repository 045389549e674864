package org.ucospark.prepare;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.UcoException;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.CustomImages;
import org.ucospark.data.DatasetName;
import org.ucospark.data.ExampleReader;
import org.ucospark.data.RawDatasetReader;
import org.ucospark.data.RawFiles;
import org.ucospark.data.SourceFile;
import org.ucospark.io.HadoopFs;

/**
 * Turns one raw data set into a prepared Parquet data set {@code OUT/<name>} (docs/ALGORITHMS.md
 * §1): a built-in one ({@link #run(DatasetName, RawFiles, Path)}) or any {@link Plan} (a data set
 * of the user's own, {@link CustomPrepare}); rows without a label get a null label.
 *
 * <p>The driver decodes the raw files (they are small: at most 70,000 images) and writes them in
 * chunks of about {@code prepare.file_size_mb} each, one Parquet file per chunk, into a hidden
 * temporary sibling of the target. Only when every row and the manifest are written is the folder
 * renamed into place, so a crash or bad input leaves no partial output. Re-running on a complete
 * output is a no-op; an output that holds a different data set is refused.
 */
public final class PrepareJob {
  private static final Logger LOG = LoggerFactory.getLogger(PrepareJob.class);
  private final SparkSession spark;
  private final HadoopFs fs;
  private final PrepareSettings settings;
  private final PrintStream progress;

  public PrepareJob(
      SparkSession spark, HadoopFs fs, PrepareSettings settings, PrintStream progress) {
    this.spark = spark;
    this.fs = fs;
    this.settings = settings;
    this.progress = progress;
  }

  /** What happened to one data set. */
  public record Outcome(
      String name, Path path, boolean alreadyPrepared, long count, double seconds) {}

  /**
   * What to write: the data set's name, C×H×W shape, number of clusters K, its examples in id
   * order, the expected number of them (0: whatever the reader yields), and what the manifest
   * records about it.
   */
  public record Plan(
      String name,
      List<Integer> shape,
      int numClasses,
      long expectedCount,
      ExampleReader reader,
      String recipe,
      Supplier<List<SourceFile>> sources,
      String describe,
      String format,
      boolean labeled,
      List<String> labelNames) {}

  /** The plan of a built-in data set of docs/ALGORITHMS.md §1 read from its raw folder. */
  public Plan plan(DatasetName name, RawFiles raw) {
    boolean eightBit = settings.uspsEightBit() && name == DatasetName.usps;
    RawDatasetReader reader = RawDatasetReader.of(name, raw, settings.verifyChecksums(), eightBit);
    return new Plan(
        name.cliName(),
        List.of(name.channels(), name.height(), name.width()),
        name.numClasses(),
        name.expectedCount(),
        reader,
        name.recipe() + (eightBit ? PrepareSettings.USPS_EIGHT_BIT_RECIPE : ""),
        reader::sources,
        raw.describe(""),
        null,
        true,
        null);
  }

  public Outcome run(DatasetName name, RawFiles raw, Path outRoot) {
    return run(plan(name, raw), outRoot, false);
  }

  /** As {@link #run(Plan, Path, boolean)} for a built-in data set. */
  public Outcome run(DatasetName name, RawFiles raw, Path outRoot, boolean force) {
    return run(plan(name, raw), outRoot, force);
  }

  public Outcome run(Plan plan, Path outRoot) {
    return run(plan, outRoot, false);
  }

  /**
   * Prepares {@code plan} into {@code outRoot/<name>}. An existing complete output is kept (a
   * no-op) unless {@code force}, which rebuilds it and swaps it in; a damaged one (see {@link
   * PreparedDataset#verify}) is refused with a pointer to {@code --force}. Temporary folders of a
   * killed earlier run are removed first.
   */
  public Outcome run(Plan plan, Path outRoot, boolean force) {
    long start = System.nanoTime();
    Path target = new Path(outRoot, plan.name());
    removeStaleTemporaries(target);
    if (fs.exists(target) && !force) {
      Manifest existing = existingManifest(plan.name(), target);
      new PreparedDataset(target, existing).verify(fs);
      List<String> changed = differences(plan, existing);
      if (!changed.isEmpty()) {
        throw new UcoException(
            target
                + ": already prepared with another recipe ("
                + String.join("; ", changed)
                + "); add --force to rebuild it with the new one");
      }
      progress.printf(
          "%s: already prepared at %s (%d rows); nothing to do%n",
          plan.name(), target, existing.count());
      return new Outcome(plan.name(), target, true, existing.count(), 0);
    }
    if (fs.exists(target)) {
      existingManifest(
          plan.name(), target); // --force replaces only a folder that holds this data set
    }
    fs.mkdirs(outRoot);
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      Manifest manifest = writeTo(plan, tmp);
      manifest = manifest.withFiles(PreparedDataset.partFiles(fs, tmp));
      fs.writeStringAtomically(new Path(tmp, Manifest.FILE_NAME), manifest.toJson());
      if (force && fs.exists(target)) {
        fs.replace(tmp, target);
      } else {
        fs.commit(tmp, target);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.printf(
          "%s: wrote %d rows to %s in %.1f s%n", plan.name(), manifest.count(), target, seconds);
      return new Outcome(plan.name(), target, false, manifest.count(), seconds);
    } finally {
      if (fs.exists(tmp)) {
        fs.deleteQuietly(tmp);
      }
    }
  }

  /**
   * What the existing data set's manifest says differently from this plan: shape, K, labels, input
   * format, row count or pixel recipe (each "key: existing → planned"). A re-run with other options
   * must not report "nothing to do" while keeping the old data.
   */
  static List<String> differences(Plan plan, Manifest existing) {
    List<String> out = new ArrayList<>();
    differs(out, "shape", shapeText(existing.shape()), shapeText(plan.shape()));
    differs(out, "K", existing.numClasses(), plan.numClasses());
    differs(out, "format", existing.format(), plan.format());
    if (plan.format() != null) {
      differs(out, "labeled", existing.labeled(), plan.labeled());
    }
    if (plan.expectedCount() > 0) {
      differs(out, "images", existing.count(), plan.expectedCount());
    }
    differs(out, "recipe", existing.recipe(), plan.recipe());
    return out;
  }

  private static void differs(List<String> out, String key, Object existing, Object planned) {
    if (!java.util.Objects.equals(existing, planned)) {
      out.add(key + " " + existing + " → " + planned);
    }
  }

  private static String shapeText(List<Integer> shape) {
    return shape.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("x"));
  }

  /**
   * Removes {@code .<name>.tmp-*} siblings: the work of a prepare that was killed before its
   * rename.
   */
  private void removeStaleTemporaries(Path target) {
    try {
      var parent = target.getParent();
      if (!fs.exists(parent)) {
        return;
      }
      for (var status : fs.fs(parent).listStatus(parent)) {
        String file = status.getPath().getName();
        if (file.startsWith("." + target.getName() + ".tmp-")) {
          fs.deleteQuietly(status.getPath());
          LOG.warn(
              "{}: removed {}, left by a prepare that did not finish",
              target.getName(),
              status.getPath());
        }
      }
    } catch (java.io.IOException e) {
      throw new UcoException(target.getParent() + ": cannot list: " + e.getMessage(), e);
    }
  }

  private Manifest existingManifest(String name, Path target) {
    Path manifestPath = new Path(target, Manifest.FILE_NAME);
    if (!fs.exists(manifestPath)) {
      throw new UcoException(
          target
              + ": exists but is not a prepared data set (no "
              + Manifest.FILE_NAME
              + "); remove it or choose another --out");
    }
    Manifest existing = Manifest.parse(fs.readString(manifestPath), manifestPath.toString());
    if (!name.equals(existing.name())) {
      throw new UcoException(
          target
              + ": already holds data set '"
              + existing.name()
              + "', not '"
              + name
              + "'; remove it or choose another --out");
    }
    return existing;
  }

  private Manifest writeTo(Plan plan, Path tmp) {
    String name = plan.name();
    int pixels = plan.shape().stream().reduce(1, (a, b) -> a * b);
    int rowsPerFile =
        (int) Math.max(1, (long) settings.fileSizeMb() * (1 << 20) / (4L * pixels + 24));
    SortedMap<Integer, Long> classCounts = new TreeMap<>();
    SortedMap<String, Long> partCounts = new TreeMap<>();
    List<Row> chunk =
        new ArrayList<>(Math.min(rowsPerFile, (int) Math.max(1, plan.expectedCount())));
    long[] written = {0};
    String total = plan.expectedCount() > 0 ? String.format("%,d", plan.expectedCount()) : "?";
    progress.printf("%s: reading %s%n", name, plan.describe());
    plan.reader()
        .forEach(
            example -> {
              if (example.pixels().length != pixels) {
                throw new UcoException(
                    name
                        + ": example "
                        + example.id()
                        + " has "
                        + example.pixels().length
                        + " pixels, expected "
                        + pixels);
              }
              boolean labeled = example.label() != CustomImages.NO_LABEL;
              chunk.add(
                  RowFactory.create(
                      example.id(),
                      labeled ? example.label() : null,
                      example.part(),
                      example.pixels()));
              if (labeled) {
                classCounts.merge(example.label(), 1L, Long::sum);
              }
              partCounts.merge(example.part(), 1L, Long::sum);
              if (chunk.size() == rowsPerFile) {
                written[0] += flush(chunk, tmp, plan.labeled());
                progress.printf("%s: %,d / %s rows%n", name, written[0], total);
              }
            });
    written[0] += flush(chunk, tmp, plan.labeled());
    if (plan.expectedCount() > 0 && written[0] != plan.expectedCount()) {
      throw new UcoException(
          plan.describe()
              + ": read "
              + written[0]
              + " images, expected "
              + plan.expectedCount()
              + " for "
              + name);
    }
    return new Manifest(
        name,
        plan.shape(),
        written[0],
        plan.numClasses(),
        plan.labeled() ? classCounts : null,
        partCounts,
        plan.recipe(),
        plan.sources().get(),
        toolVersion(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        plan.format(),
        plan.format() == null ? null : plan.labeled(),
        plan.labelNames(),
        null);
  }

  private long flush(List<Row> chunk, Path tmp, boolean labeled) {
    if (chunk.isEmpty()) {
      return 0;
    }
    try {
      spark
          .createDataFrame(chunk, PreparedDataset.schema(labeled))
          .coalesce(1)
          .write()
          .mode(SaveMode.Append)
          .option("compression", "snappy")
          .parquet(tmp.toString());
    } catch (Exception e) { // SparkException is checked but thrown undeclared
      // a full disk or another write error inside the Spark job: one line naming the folder (run()
      // removes the temporary output)
      String io = HadoopFs.ioFailure(e);
      if (io == null) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      throw new UcoException(tmp.getParent() + ": cannot write the prepared data set: " + io, e);
    }
    long n = chunk.size();
    chunk.clear();
    return n;
  }

  static String toolVersion() {
    return org.ucospark.BuildInfo.toolVersion();
  }
}
