package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.StandaloneCluster;
import org.ucospark.testing.TestSpark;

/**
 * {@link DeepClustering#fit} with parameter averaging ({@code trainMode = spark}) on a Spark
 * standalone master and two workers, each a JVM of its own on 127.0.0.1 ({@link
 * StandaloneCluster}): the DataFrame of a Spark application clustered by the executors of a real
 * cluster, its fit's data and run directory in a {@code checkpointDir} every JVM sees.
 */
class DeepClusteringStandaloneTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void fitAveragesParametersOverTheExecutorsOfAStandaloneCluster() throws Exception {
    // prepared in the shared local session (the cluster's executors would start to do it), which
    // then stops: one SparkContext per JVM
    String usps = TestSpark.prepareUsps(TestSpark.session(), tmp.resolve("usps"));
    TestSpark.stopDefaultSession();
    try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
      SparkSession spark =
          SparkSession.builder()
              .config(cluster.sparkConf("deep-clustering-standalone-test"))
              .getOrCreate();
      try {
        Set<String> executors = StandaloneCluster.executorsRunningTasks(spark);
        Dataset<Row> images = spark.read().parquet(usps).where(col("id").lt(240)).orderBy("id");
        DeepClusteringModel model =
            new DeepClustering()
                .setModel("ddc")
                .setK(10)
                .setFeaturesCol("pixels")
                .setLabelCol("label")
                .setInputShape(1, 32, 32)
                .setEpochs(2)
                .setEvalInterval(1)
                .setTrainMode("spark")
                .setWorkers(2)
                .setAveragingFrequency(1)
                .setCheckpointDir(tmp.resolve("fit").toUri().toString())
                .fit(images);

        DeepClusteringSummary summary = model.summary();
        assertEquals("finished", summary.status());
        assertEquals(List.of(1, 2), summary.epochs().stream().map(e -> e.epoch()).toList());
        for (DeepClusteringSummary.Epoch e : summary.epochs()) {
          assertTrue(Double.isFinite(e.trainLoss()), "epoch " + e.epoch() + ": " + e.trainLoss());
          assertTrue(
              e.evaluation() != null && Double.isFinite(e.evaluation().loss()), e.toString());
        }
        DeepClusteringSummary.Evaluation best = summary.best();
        assertTrue(Double.isFinite(best.loss()), "best loss " + best.loss());
        assertTrue(best.acc() > 0 && best.acc() <= 1, "ACC " + best.acc());
        assertTrue(Double.isFinite(best.nmi()) && Double.isFinite(best.ari()), best.toString());
        assertEquals(240, Arrays.stream(best.clusterSizes()).sum());
        JsonNode run = JSON.readTree(summary.json()).path("summary");
        assertTrue(run.path("spark_master").asText().startsWith("spark://127.0.0.1:"), run + "");
        assertEquals(2, run.path("executors").asInt(), run.toString());
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        assertTrue(
            executors.containsAll(Set.of("0", "1")), "executors that ran tasks: " + executors);

        List<Row> rows =
            model.transform(images).select("id", "prediction", "probability").collectAsList();
        assertEquals(240, rows.size());
        Map<Long, Integer> predicted = new TreeMap<>();
        for (Row r : rows) {
          assertTrue(r.getInt(1) >= 0 && r.getInt(1) < 10, "prediction " + r.getInt(1));
          assertEquals(10, ((Vector) r.get(2)).size());
          predicted.put(r.getLong(0), r.getInt(1));
        }
        // the fit's run directory holds the model, as a run directory of train does
        DeepClusteringModel saved =
            DeepClusteringModel.load(
                tmp.resolve("fit/run").resolve(DeepClusteringModel.RUN_FOLDER).toString());
        assertEquals(predicted, DeepClusteringTest.predictions(saved.transform(images)));
      } finally {
        spark.stop();
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
      }
    }
  }
}
