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
 * A data set written by {@code prepare}: Parquet with {@code id} (long), {@code label} (int), {@code part}
 * (string) and {@code pixels} (array&lt;float&gt;, C×H×W row-major), and its {@code _manifest.json}. The label
 * is null in every row of a data set without labels ({@link Manifest#hasLabels()}).
 */
public record PreparedDataset(Path path, Manifest manifest) {

  public static final StructType SCHEMA = schema(true);

  /** The schema; {@code label} is nullable for a data set without labels (every label null). */
  public static StructType schema(boolean labeled) {
    return new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("label", DataTypes.IntegerType, !labeled),
        DataTypes.createStructField("part", DataTypes.StringType, false),
        DataTypes.createStructField("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
    });
  }

  /** Opens a prepared data set, failing with one line when the folder or its manifest is missing. */
  public static PreparedDataset open(HadoopFs fs, String location) {
    Path path = HadoopFs.path(location);
    if (!fs.exists(path)) {
      throw new UcoException(location + ": no such prepared data set (run `uco-spark prepare` first)");
    }
    Path manifestPath = new Path(path, Manifest.FILE_NAME);
    if (!fs.exists(manifestPath)) {
      throw new UcoException(location + ": not a prepared data set (no " + Manifest.FILE_NAME + ")");
    }
    return new PreparedDataset(path, Manifest.parse(fs.readString(manifestPath), manifestPath.toString()));
  }

  /** The rows, ordered by id when {@code limit} > 0 (the first {@code limit} ids), else as stored. */
  public Dataset<Row> read(SparkSession spark, long limit) {
    Dataset<Row> rows = spark.read().schema(schema(manifest.hasLabels())).parquet(path.toString());
    return limit > 0 ? rows.where(col("id").lt(limit)) : rows;
  }
}
