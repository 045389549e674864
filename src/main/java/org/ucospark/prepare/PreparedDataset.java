package org.ucospark.prepare;

import static org.apache.spark.sql.functions.col;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * A data set written by {@code prepare}: Parquet with {@code id} (long), {@code label} (int),
 * {@code part} (string) and {@code pixels} (array&lt;float&gt;, C×H×W row-major), and its {@code
 * _manifest.json}. The label is null in every row of a data set without labels ({@link
 * Manifest#hasLabels()}).
 */
public record PreparedDataset(Path path, Manifest manifest) {

  public static final StructType SCHEMA = schema(true);

  /** The schema; {@code label} is nullable for a data set without labels (every label null). */
  public static StructType schema(boolean labeled) {
    return new StructType(
        new StructField[] {
          DataTypes.createStructField("id", DataTypes.LongType, false),
          DataTypes.createStructField("label", DataTypes.IntegerType, !labeled),
          DataTypes.createStructField("part", DataTypes.StringType, false),
          DataTypes.createStructField(
              "pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        });
  }

  /**
   * Opens a prepared data set, failing with one line when the folder or its manifest is missing.
   */
  public static PreparedDataset open(HadoopFs fs, String location) {
    Path path = HadoopFs.path(location);
    if (!fs.exists(path)) {
      throw new UcoException(
          location + ": no such prepared data set (run `uco-spark prepare` first)");
    }
    Path manifestPath = new Path(path, Manifest.FILE_NAME);
    if (!fs.exists(manifestPath)) {
      throw new UcoException(
          location + ": not a prepared data set (no " + Manifest.FILE_NAME + ")");
    }
    PreparedDataset data =
        new PreparedDataset(
            path, Manifest.parse(fs.readString(manifestPath), manifestPath.toString()));
    data.verify(fs);
    return data;
  }

  /**
   * The Parquet part files of a folder (hidden and _ files skipped, as Spark does) with their sizes
   * in bytes.
   */
  public static java.util.SortedMap<String, Long> partFiles(HadoopFs fs, Path folder) {
    java.util.SortedMap<String, Long> files = new java.util.TreeMap<>();
    try {
      for (var status : fs.fs(folder).listStatus(folder)) {
        String name = status.getPath().getName();
        if (status.isFile()
            && !name.startsWith(".")
            && !name.startsWith("_")
            && name.endsWith(".parquet")) {
          files.put(name, status.getLen());
        }
      }
    } catch (java.io.IOException e) {
      throw new UcoException(folder + ": cannot list: " + e.getMessage(), e);
    }
    return files;
  }

  /**
   * Checks the folder against its manifest: at least one Parquet part file, and (manifests that
   * list them) exactly the listed files with their sizes. A damaged data set fails with one line
   * naming the file and what to do, before anything reads it.
   */
  public void verify(HadoopFs fs) {
    java.util.SortedMap<String, Long> found = partFiles(fs, path);
    String redo = "; rebuild it with `uco-spark prepare --force`";
    if (found.isEmpty()) {
      throw new UcoException(path + ": damaged prepared data set: no Parquet part files" + redo);
    }
    if (manifest.files() == null) {
      return;
    }
    for (var e : manifest.files().entrySet()) {
      Long size = found.get(e.getKey());
      if (size == null) {
        throw new UcoException(
            new Path(path, e.getKey())
                + ": damaged prepared data set: part file missing ("
                + Manifest.FILE_NAME
                + " lists "
                + manifest.files().size()
                + ")"
                + redo);
      }
      if (size.longValue() != e.getValue()) {
        throw new UcoException(
            new Path(path, e.getKey())
                + ": damaged prepared data set: "
                + size
                + " bytes, "
                + Manifest.FILE_NAME
                + " says "
                + e.getValue()
                + redo);
      }
    }
    for (String extra : found.keySet()) {
      if (!manifest.files().containsKey(extra)) {
        throw new UcoException(
            new Path(path, extra)
                + ": damaged prepared data set: a part file "
                + Manifest.FILE_NAME
                + " does not list"
                + redo);
      }
    }
  }

  /**
   * The one-line error of a damaged prepared data set: {@code where} (the folder or a part file),
   * what is wrong, and how to rebuild it.
   */
  public static UcoException damaged(Object where, String what) {
    return new UcoException(
        where
            + ": damaged prepared data set: "
            + what
            + "; rebuild it with `uco-spark prepare --force`");
  }

  private static final java.util.regex.Pattern READING =
      java.util.regex.Pattern.compile(
          "(?:reading file|Checksum error:) (\\S+?)(?:\\. Details| at \\d)");

  /**
   * The error of a failed read of damaged Parquet, in a Spark job or not, as one line naming the
   * file, or null when {@code e} is no such failure. A part file whose bytes no longer match its
   * {@code .crc} fails with Hadoop's ChecksumException; without the {@code .crc} the same damage
   * fails with a ParquetDecodingException (a page that does not decode): both are the same damage,
   * and both name the file in Spark's "Encountered error while reading file" or in the checksum
   * message. Of a prepared data set (a {@code _manifest.json} beside the file), the line says to
   * rebuild it.
   */
  public static UcoException damagedRead(Throwable e, HadoopFs fs) {
    String cause = null;
    String mentioned = null; // a task's failure as the driver reports it: in the message only
    String file = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (cause == null
          && (t instanceof org.apache.hadoop.fs.ChecksumException
              || t instanceof org.apache.parquet.io.ParquetDecodingException)) {
        cause = t.getClass().getSimpleName() + ": " + HadoopFs.firstLine(t);
      }
      if (mentioned == null && message.contains("ChecksumException")) {
        mentioned = "checksum error";
      } else if (mentioned == null
          && (message.contains("ParquetDecodingException")
              || message.contains("could not read page"))) {
        // Spark's vectorized reader reports the page as an IOException, not a
        // ParquetDecodingException
        mentioned = "a Parquet page does not decode";
      }
      java.util.regex.Matcher m = READING.matcher(message);
      if (file == null && m.find()) {
        file = m.group(1);
      }
    }
    cause = cause != null ? cause : mentioned;
    if (cause == null || file == null) {
      return null;
    }
    Path path = new Path(file);
    String what = "its contents do not decode (" + cause + ")";
    return path.getParent() != null && fs.exists(new Path(path.getParent(), Manifest.FILE_NAME))
        ? damaged(path, what)
        : new UcoException(path + ": damaged Parquet file: " + what);
  }

  /**
   * The rows, ordered by id when {@code limit} > 0 (the first {@code limit} ids), else as stored.
   */
  public Dataset<Row> read(SparkSession spark, long limit) {
    Dataset<Row> rows = spark.read().schema(schema(manifest.hasLabels())).parquet(path.toString());
    return limit > 0 ? rows.where(col("id").lt(limit)) : rows;
  }
}
