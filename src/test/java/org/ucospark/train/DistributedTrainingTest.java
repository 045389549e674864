package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.cli.Main;
import org.ucospark.loss.LossParams;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Networks;
import org.ucospark.model.OptimizerParams;
import org.ucospark.testing.StandaloneCluster;
import org.ucospark.testing.TestSpark;

/**
 * The "distributed" in the product: a Spark standalone master and two workers as separate JVMs on
 * 127.0.0.1, and {@code uco-spark train} (the same entry point as spark-submit's) training ddc on
 * real USPS with parameter averaging over both executors.
 */
class DistributedTrainingTest {
  @TempDir Path tmp;

  @Test
  @Timeout(600)
  void ddcTrainsWithParameterAveragingOnTwoExecutors() throws Exception {
    TestSpark.stopDefaultSession();
    try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
      SparkSession spark =
          SparkSession.builder()
              .config(cluster.sparkConf("distributed-training-test"))
              .getOrCreate();
      try {
        Set<String> executors = StandaloneCluster.executorsRunningTasks(spark);
        String usps = TestSpark.prepareUsps(spark, tmp.resolve("prepared"));

        Path run = tmp.resolve("run");
        int code =
            Main.run(
                "train",
                "--experiment",
                "ddc_usps",
                "--run-dir",
                run.toString(),
                "--set",
                "data.path=" + usps,
                "--set",
                "data.limit=960",
                "--set",
                "epochs=2",
                "--set",
                "eval_interval=1",
                "--set",
                "train.workers=2");
        assertEquals(0, code);

        assertTrue(
            executors.stream().filter(id -> !id.equals("driver")).count() >= 2,
            "both executors ran tasks: " + executors);
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertTrue(summary.get("spark_master").asText().startsWith("spark://127.0.0.1:"));
        assertEquals(2, summary.get("executors").asInt());
        List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
        double first = new ObjectMapper().readTree(rows.get(0)).get("loss").asDouble();
        double last = new ObjectMapper().readTree(rows.get(rows.size() - 1)).get("loss").asDouble();
        assertTrue(last < first, "loss went down: " + first + " -> " + last);

        ComputationGraph trained =
            ModelSerializer.restoreComputationGraph(
                run.resolve("checkpoints/epoch-0002.zip").toFile(), false);
        ComputationGraph initial =
            Networks.create(
                new ModelParams(
                    ModelVariant.DDC,
                    new InputShape(1, 32, 32),
                    10,
                    100,
                    LossParams.defaults(),
                    0.1,
                    new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
                    0));
        INDArray averaged = trained.params();
        assertTrue(
            averaged
                        .isInfinite()
                        .castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
                        .sumNumber()
                        .intValue()
                    == 0
                && averaged
                        .isNaN()
                        .castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
                        .sumNumber()
                        .intValue()
                    == 0,
            "finite parameters");
        assertNotEquals(initial.params(), averaged, "the averaged parameters moved");
      } finally {
        spark.stop();
      }
    }
  }
}
