package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.ucospark.BuildInfo;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;
import org.ucospark.prepare.Manifest;
import org.ucospark.prepare.PreparedDataset;

/**
 * The DataFrame of a {@code fit}, written once as a prepared data set (Parquet with ids 0..N−1 in
 * the DataFrame's row order, and its {@code _manifest.json}; docs/FILES.md), so that {@code fit}
 * trains through exactly the code of {@code train}: the same {@link
 * org.ucospark.train.TrainingData}, shuffles, trainers and evaluations, hence the same numbers for
 * the same rows in the same order.
 */
final class DataFrameData {
  private DataFrameData() {}

  /** The data set name of a fit's DataFrame (its manifest's {@code name}, {@code data.dataset}). */
  static final String NAME = "dataframe";

  /**
   * Writes {@code pixels} (array&lt;float&gt;) and the integer {@code labelCol} (empty: none) of
   * {@code df} to {@code location}, replacing what is there.
   */
  static void write(
      SparkSession spark,
      HadoopFs fs,
      Dataset<Row> df,
      Column pixels,
      String labelCol,
      InputShape shape,
      int k,
      String location) {
    boolean labeled = !labelCol.isEmpty();
    Column label = labeled ? col(labelCol).cast(DataTypes.IntegerType) : lit(null).cast("int");
    JavaRDD<Row> rows =
        df.select(label, pixels)
            .javaRDD()
            .zipWithIndex()
            .map(t -> RowFactory.create(t._2(), t._1().get(0), "train", t._1().get(1)));
    Path path = HadoopFs.path(location);
    fs.deleteQuietly(path);
    Dataset<Row> table = spark.createDataFrame(rows, PreparedDataset.schema(false));
    table.write().parquet(location);
    Dataset<Row> written = spark.read().parquet(location);
    long count = written.count();
    SortedMap<Integer, Long> classCounts = new TreeMap<>();
    if (labeled) {
      for (Row r : written.where("label is not null").groupBy("label").count().collectAsList()) {
        classCounts.put(r.getInt(0), r.getLong(1));
      }
    }
    Manifest manifest =
        new Manifest(
                NAME,
                List.of(shape.channels(), shape.height(), shape.width()),
                count,
                k,
                classCounts,
                new TreeMap<>(java.util.Map.of("train", count)),
                "the DataFrame given to DeepClustering.fit, in its row order",
                List.of(),
                BuildInfo.toolVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                NAME,
                labeled,
                null,
                null)
            .withFiles(PreparedDataset.partFiles(fs, path));
    fs.writeStringAtomically(new Path(path, Manifest.FILE_NAME), manifest.toJson());
  }
}
