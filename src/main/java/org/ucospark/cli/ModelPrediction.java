package org.ucospark.cli;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.ml.DeepClusteringModel;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.train.Assignments;
import org.ucospark.train.Predictor;

/**
 * {@code predict --model}: a saved Spark ML {@link DeepClusteringModel} applied to a prepared data
 * set through its own {@code transform}, written in the layout of a run's assignments ({@link
 * Assignments}: id, label, cluster, confidence = the largest soft assignment, embedding).
 */
final class ModelPrediction {
  private ModelPrediction() {}

  static Predictor.Result predict(
      SparkSession spark, HadoopFs fs, String location, String dataPath, long limit, String out) {
    PreparedDataset data = PreparedDataset.open(fs, dataPath);
    Path target = HadoopFs.path(out);
    if (fs.exists(target)) {
      throw new UcoException(out + ": already exists; choose another --out");
    }
    if (!fs.exists(new Path(HadoopFs.path(location), "metadata"))) {
      throw new UcoException(
          location + ": not a saved Spark ML model (no metadata/; `train` writes RUN_DIR/model)");
    }
    DeepClusteringModel model = DeepClusteringModel.load(location);
    int[] shape = data.manifest().shape().stream().mapToInt(Integer::intValue).toArray();
    if (!Arrays.equals(shape, model.inputShape())) {
      throw new UcoException(
          dataPath
              + ": images are "
              + data.manifest().shape()
              + " but the model of "
              + location
              + " takes "
              + Arrays.toString(model.inputShape()));
    }
    if (model.modelName().equals("ohc")) {
      throw new UcoException(
          location + ": an ohc model has no soft assignments; use predict --run-dir for its run");
    }
    Dataset<Row> rows =
        model
            .copy(org.apache.spark.ml.param.ParamMap.empty())
            .setFeaturesCol("pixels")
            .setPredictionCol("cluster")
            .setProbabilityCol("probability")
            .setEmbeddingCol("embedding")
            .transform(data.read(spark, limit));
    Column confidence = array_max(vector_to_array(col("probability"), "float32"));
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      rows.select(
              col("id"),
              col("label"),
              col("cluster"),
              confidence.as("confidence"),
              vector_to_array(col("embedding"), "float32").as("embedding"))
          .write()
          .parquet(tmp.toString());
      fs.replace(tmp, target);
    } catch (RuntimeException e) {
      fs.deleteQuietly(tmp);
      throw e;
    }
    return Predictor.scored(spark, target);
  }
}
