package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.TrainingListener;

/**
 * The fit modes of {@link DeepClustering} on the real USPS data: parameter averaging over the
 * executors of local[2], a fit interrupted and resumed from its {@code checkpointDir}, and the DEC
 * MLP on an ML Vector column.
 */
class DeepClusteringModesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static SparkSession spark;
  static Dataset<Row> images;

  @BeforeAll
  static void data() {
    spark = TestSpark.session();
    String usps = TestSpark.prepareUsps(spark, shared);
    images = spark.read().parquet(usps).where(col("id").lt(360)).orderBy("id");
  }

  static DeepClustering ddc(int epochs) {
    return new DeepClustering()
        .setModel("ddc")
        .setK(10)
        .setFeaturesCol("pixels")
        .setLabelCol("label")
        .setInputShape(1, 32, 32)
        .setEpochs(epochs)
        .setEvalInterval(1)
        .setCheckpointInterval(1)
        .setTrainMode("local");
  }

  @Test
  void parameterAveragingOverTheExecutorsOfLocal2() throws Exception {
    DeepClusteringModel model =
        ddc(1).setTrainMode("spark").setWorkers(2).setAveragingFrequency(1).fit(images);
    JsonNode summary = JSON.readTree(model.summary().json()).path("summary");
    assertEquals(2, summary.path("executors").asInt(), summary.toString());
    assertTrue(summary.path("trainer").asText().contains("averag"), summary.toString());
    assertEquals("finished", model.summary().status());
    assertEquals(360, model.transform(images).where(col("prediction").geq(0)).count());
  }

  @Test
  void aFitInterruptedInItsCheckpointDirResumesAndEndsWhereAnUninterruptedFitEnds(
      @TempDir Path tmp) {
    DeepClusteringModel whole =
        ddc(3).setCheckpointDir(tmp.resolve("whole").toString()).fit(images);
    String dir = tmp.resolve("killed").toString();
    DeepClustering killed =
        ddc(3)
            .setCheckpointDir(dir)
            .listen(
                new TrainingListener() {
                  @Override
                  public void epochEnded(EpochEnd end) {
                    if (end.epoch() == 2) {
                      throw new IllegalStateException("killed after epoch 2");
                    }
                  }
                });
    assertThrows(IllegalStateException.class, () -> killed.fit(images));
    DeepClusteringModel resumed = ddc(3).setCheckpointDir(dir).fit(images);
    assertEquals(3, resumed.summary().epochs().size());
    DeepClusteringSummary.Evaluation a = whole.summary().best();
    DeepClusteringSummary.Evaluation b = resumed.summary().best();
    assertEquals(a.epoch(), b.epoch());
    assertEquals(a.loss(), b.loss());
    assertEquals(a.acc(), b.acc());
    assertEquals(a.terms(), b.terms());
    assertArrayEquals(a.clusterSizes(), b.clusterSizes());
    for (int e = 0; e < 3; e++) {
      assertEquals(
          whole.summary().epochs().get(e).trainLoss(),
          resumed.summary().epochs().get(e).trainLoss(),
          "epoch " + (e + 1));
    }
    assertEquals(
        DeepClusteringTest.predictions(whole.transform(images)),
        DeepClusteringTest.predictions(resumed.transform(images)));
  }

  @Test
  void decFitsAVectorColumnFromAVectorAssembler() {
    Dataset<Row> vectors =
        new VectorAssembler()
            .setInputCols(new String[] {"v"})
            .setOutputCol("features")
            .transform(
                images.withColumn(
                    "v", org.apache.spark.ml.functions.array_to_vector(col("pixels"))));
    DeepClusteringModel model =
        new DeepClustering()
            .setModel("dec")
            .setK(10)
            .setLabelCol("label")
            .setEpochs(3)
            .setPretrainEpochs(2)
            .setKmeansRestarts(2)
            .setEvalInterval(1)
            .setTrainMode("local")
            .fit(vectors);
    assertEquals(
        List.of(1, 1, 1024),
        List.of(model.inputShape()[0], model.inputShape()[1], model.inputShape()[2]));
    Row first = model.transform(vectors).select("prediction", "probability", "embedding").first();
    Vector q = first.getAs(1);
    assertEquals(10, q.size());
    assertEquals(1.0, java.util.Arrays.stream(q.toArray()).sum(), 1e-5);
    assertEquals(10, ((Vector) first.getAs(2)).size()); // DEC's bottleneck z
    assertTrue(model.summary().best().acc() > 0.1, "ACC from the label column");
  }
}
