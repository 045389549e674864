package org.ucospark.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ucospark.UcoException;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.io.HadoopFs;
import org.ucospark.io.RowParquetFile;

/**
 * The trials table of a sweep: append-only Parquet under {@code SWEEP_DIR/trials/}, one row per
 * trial attempt, schema {@link #SCHEMA} (Java mirror {@link TrialRecord}).
 *
 * <p>A trial is identified by {@code trial_id}; a retry appends a new row with a higher {@code
 * attempt}. {@link #latest} keeps, per trial, the row with the highest attempt, which is what every
 * summary is computed over. Files are never rewritten: {@link #append} writes a new Parquet file
 * under a hidden name and renames it into {@code trials/}.
 */
public final class TrialsTable {

  /** Folder of the table inside the sweep directory. */
  public static final String TRIALS = "trials";

  /** Element type of {@code history}: one struct per evaluation. */
  public static final StructType HISTORY_ELEMENT =
      new StructType(concat(List.of(field("epoch", DataTypes.IntegerType)), scoreFields("")));

  /**
   * Schema of the trials table, in this column order: the trial ({@code trial_id} … {@code
   * params}), the attempt ({@code attempt} … {@code images_per_s}), the final and the best
   * evaluation ({@code final_<metric>} for every tabulated metric of {@link MetricRegistry}, then
   * {@code final_ofm}, {@code final_loss}; the same with {@code best_}), {@code history}, the
   * pairwise OFM of both, the selecting evaluation ({@code selection_*}), {@code reevaluated},
   * {@code diverged} and a successive-halving sweep's {@code rung}, {@code criterion} and {@code
   * decision}. With the built-in metrics this is the layout of docs/FILES.md.
   */
  public static final StructType SCHEMA = new StructType(schemaFields());

  private static StructField[] schemaFields() {
    List<StructField> f = new ArrayList<>();
    for (String s : List.of("trial_id", "sweep", "dataset", "model")) {
      f.add(field(s, DataTypes.StringType));
    }
    f.add(field("seed", DataTypes.IntegerType));
    f.add(field("params", DataTypes.StringType));
    f.add(field("attempt", DataTypes.IntegerType));
    for (String s : List.of("status", "error", "executor", "started")) {
      f.add(field(s, DataTypes.StringType));
    }
    f.add(field("wall_s", DataTypes.DoubleType));
    f.add(field("epochs", DataTypes.IntegerType));
    f.add(field("images_per_s", DataTypes.DoubleType));
    f.addAll(List.of(scoreFields(TrialScores.FINAL)));
    f.addAll(List.of(scoreFields(TrialScores.BEST)));
    f.add(field("history", DataTypes.createArrayType(HISTORY_ELEMENT, true)));
    f.add(field(TrialScores.FINAL + "ofm_pairwise", DataTypes.StringType));
    f.add(field(TrialScores.BEST + "ofm_pairwise", DataTypes.StringType));
    f.addAll(List.of(scoreFields(TrialScores.SELECTION)));
    f.add(field("reevaluated", DataTypes.BooleanType));
    f.add(field("diverged", DataTypes.StringType));
    f.add(field("rung", DataTypes.IntegerType));
    f.add(field("criterion", DataTypes.DoubleType));
    f.add(field("decision", DataTypes.StringType));
    return f.toArray(new StructField[0]);
  }

  private static StructField[] scoreFields(String prefix) {
    return TrialScores.columns(prefix).stream()
        .map(n -> field(n, DataTypes.DoubleType))
        .toArray(StructField[]::new);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructField[] concat(List<StructField> a, StructField[] b) {
    List<StructField> all = new ArrayList<>(a);
    all.addAll(List.of(b));
    return all.toArray(new StructField[0]);
  }

  private TrialsTable() {}

  /**
   * @param sweepDir sweep directory URI
   * @return {@code SWEEP_DIR/trials}
   */
  public static Path trialsPath(String sweepDir) {
    return new Path(sweepDir, TRIALS);
  }

  /**
   * Reads every attempt of the sweep with {@link #SCHEMA}. A missing or empty {@code trials/}
   * folder gives an empty data frame.
   *
   * @param spark session
   * @param sweepDir sweep directory URI
   * @return all attempts
   */
  public static Dataset<Row> read(SparkSession spark, String sweepDir) {
    return recorded(spark, sweepDir)
        ? readFiles(spark, sweepDir)
        : spark.createDataFrame(List.of(), SCHEMA);
  }

  /**
   * The latest attempt of every trial ({@link #latest}) as records, on the driver. A sweep that has
   * recorded nothing yet answers without a Spark job (a first query in a fresh JVM costs a second
   * or two).
   *
   * @param spark session
   * @param sweepDir sweep directory URI
   * @return one record per trial attempted so far
   */
  public static List<TrialRecord> latestRecords(SparkSession spark, String sweepDir) {
    return recorded(spark, sweepDir) ? collect(latest(readFiles(spark, sweepDir))) : List.of();
  }

  private static Dataset<Row> readFiles(SparkSession spark, String sweepDir) {
    verifyFiles(spark, trialsPath(sweepDir));
    return spark.read().schema(SCHEMA).parquet(trialsPath(sweepDir).toString());
  }

  /**
   * Reads the Parquet footer of every data file of {@code trials/} on the driver: a damaged file (a
   * disk fault, a copy cut short) fails here with one line naming it and what to do, not later as
   * an unexpected exception deep inside a Spark job. Appends are written to a hidden name and
   * renamed, so a crash of this program never leaves a partial file there.
   */
  private static void verifyFiles(SparkSession spark, Path dir) {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus s : fs.listStatus(dir)) {
        if (!isDataFile(s)) {
          continue;
        }
        try (var reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(s, conf))) {
          reader.getFooter();
        } catch (IOException | RuntimeException e) {
          throw new UcoException(
              s.getPath()
                  + ": damaged trials file, not readable as Parquet ("
                  + HadoopFs.firstLine(e)
                  + "); move it out of "
                  + dir
                  + " and run the sweep again: the trial attempt it recorded runs again");
        }
      }
    } catch (IOException e) {
      throw new UcoException(dir + ": cannot list the trials table: " + HadoopFs.firstLine(e), e);
    }
  }

  private static boolean isDataFile(FileStatus s) {
    String n = s.getPath().getName();
    return s.isFile() && !n.startsWith("_") && !n.startsWith(".");
  }

  /** Whether {@code trials/} holds at least one data file. */
  private static boolean recorded(SparkSession spark, String sweepDir) {
    Path p = trialsPath(sweepDir);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p) && hasDataFile(fs, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasDataFile(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (isDataFile(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The latest attempt of every trial: per {@code trial_id} the row with the highest {@code
   * attempt} (ties broken by the later {@code started}).
   *
   * @param trials rows of {@link #SCHEMA}
   * @return one row per trial, same columns
   */
  public static Dataset<Row> latest(Dataset<Row> trials) {
    var w =
        Window.partitionBy(col("trial_id"))
            .orderBy(
                col("attempt").desc_nulls_last(),
                // a halving sweep's later rung, and a rung's decision after its result
                // (HalvingSweep)
                col("rung").desc_nulls_last(),
                col("decision").asc_nulls_last(),
                col("started").desc_nulls_last());
    return trials.withColumn("_rn", row_number().over(w)).where(col("_rn").equalTo(1)).drop("_rn");
  }

  /**
   * Collects rows of the table to records (driver side; the table is small).
   *
   * @param trials rows of {@link #SCHEMA}
   * @return records
   */
  public static List<TrialRecord> collect(Dataset<Row> trials) {
    List<TrialRecord> out = new ArrayList<>();
    for (Row r : trials.collectAsList()) {
      out.add(TrialRecord.fromRow(r));
    }
    return out;
  }

  /**
   * Appends attempts to the table without touching existing files: one new Parquet file, written to
   * a hidden sibling ({@code .NAME.tmp-...}, skipped by readers) and renamed to {@code
   * trials/part-UUID.snappy.parquet}, so a reader sees all of the attempts or none. Written from
   * the calling thread with {@link RowParquetFile}, not as a Spark job: a job would wait for a task
   * slot that the running trials hold. Safe against concurrent appenders (every file has its own
   * UUID).
   *
   * @param spark session (its Hadoop configuration)
   * @param sweepDir sweep directory URI
   * @param records attempts to add; nothing happens when empty
   */
  public static void append(SparkSession spark, String sweepDir, List<TrialRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>(records.size());
    for (TrialRecord r : records) {
      rows.add(r.toRow());
    }
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Path target = new Path(trialsPath(sweepDir), "part-" + UUID.randomUUID() + ".snappy.parquet");
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      fs.mkdirs(target.getParent());
      RowParquetFile.write(fs.configuration(), tmp, SCHEMA, rows);
      fs.commit(tmp, target);
    } catch (IOException e) {
      fs.deleteQuietly(tmp);
      throw new UcoException(target + ": cannot write the trials table: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      fs.deleteQuietly(tmp);
      throw e;
    }
  }
}
