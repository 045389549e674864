package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.Manifest;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.Assignments;
import org.ucospark.train.RunSettings;

/**
 * {@link DeepClustering} and {@link DeepClusteringModel} against {@code train --local}: the same
 * settings give bit-identical numbers and assignments; the model transforms, saves and loads alone
 * and inside a PipelineModel.
 */
class DeepClusteringTest {
  static final int LIMIT = 480;
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static SparkSession spark;
  static String usps;
  static Path run;
  static Dataset<Row> images;
  static DeepClusteringModel fitted;

  @BeforeAll
  static void trainAndFit() {
    spark = TestSpark.session();
    usps = TestSpark.prepareUsps(spark, shared);
    run = shared.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--model",
            "ddc",
            "--data",
            usps,
            "--local",
            "--run-dir",
            run.toString(),
            "--set",
            "data.limit=" + LIMIT,
            "--set",
            "epochs=2",
            "--set",
            "eval_interval=1",
            "--set",
            "spark.master=local[2]");
    assertEquals(0, r.code(), r.err());
    // the prepared set as any Spark user would read it, in id order (the order of the examples)
    images = spark.read().parquet(usps).where(col("id").lt(LIMIT)).orderBy("id");
    fitted =
        new DeepClustering()
            .setModel("ddc")
            .setK(10)
            .setFeaturesCol("pixels")
            .setLabelCol("label")
            .setInputShape(1, 32, 32)
            .setEpochs(2)
            .setEvalInterval(1)
            .setTrainMode("local")
            .fit(images);
  }

  @Test
  void fitInOneJvmGivesTheNumbersOfTrainLocal() throws Exception {
    JsonNode summary = JSON.readTree(Files.readString(run.resolve("summary.json")));
    JsonNode fit = JSON.readTree(fitted.summary().json()).path("summary");
    for (String part : List.of("final", "best", "selection")) {
      assertEquals(summary.path(part), fit.path(part), part);
    }
    List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(rows.size(), fitted.summary().epochs().size());
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode expected = (ObjectNode) JSON.readTree(rows.get(i));
      DeepClusteringSummary.Epoch epoch = fitted.summary().epochs().get(i);
      assertEquals(expected.path("train_loss").asDouble(), epoch.trainLoss(), "epoch " + (i + 1));
      assertEquals(expected.path("loss").asDouble(), epoch.evaluation().loss());
      assertEquals(expected.path("acc").asDouble(), epoch.evaluation().acc());
    }
    assertTrue(fitted.hasSummary());
    assertEquals(LIMIT, java.util.Arrays.stream(fitted.summary().clusterSizes()).sum());
    assertEquals("finished", fitted.summary().status());
  }

  @Test
  void transformEqualsTheRunsAssignments() {
    // one partition in id order: the batches of the run's own assignments pass
    Map<Long, Row> expected = byId(spark.read().parquet(run.resolve(Assignments.BEST).toString()));
    List<Row> out =
        fitted
            .transform(images.coalesce(1))
            .select("id", "prediction", "probability", "embedding")
            .collectAsList();
    assertEquals(LIMIT, out.size());
    for (Row r : out) {
      Row e = expected.get(r.getLong(0));
      assertEquals(e.getInt(e.fieldIndex("cluster")), r.getInt(1), "id " + r.getLong(0));
      Vector p = r.getAs(2);
      assertEquals(10, p.size());
      assertEquals(e.getFloat(e.fieldIndex("confidence")), (float) p.apply(p.argmax()));
      List<Float> z = e.getList(e.fieldIndex("embedding"));
      Vector embedding = r.getAs(3);
      float[] got = new float[embedding.size()];
      for (int i = 0; i < got.length; i++) {
        got[i] = (float) embedding.apply(i);
      }
      float[] want = new float[z.size()];
      for (int i = 0; i < want.length; i++) {
        want[i] = z.get(i);
      }
      assertArrayEquals(want, got);
    }
  }

  @Test
  void theModelThatTrainWroteIntoItsRunDirectoryLoadsAndPredictsTheRunsAssignments() {
    DeepClusteringModel saved = DeepClusteringModel.load(run.resolve("model").toString());
    assertEquals("ddc", saved.modelName());
    assertEquals(10, saved.k());
    assertArrayEquals(new int[] {1, 32, 32}, saved.inputShape());
    assertEquals(fitted.summary().best().loss(), saved.summary().best().loss());
    Map<Long, Integer> expected = new TreeMap<>();
    byId(spark.read().parquet(run.resolve(Assignments.BEST).toString()))
        .forEach((id, r) -> expected.put(id, r.getInt(r.fieldIndex("cluster"))));
    assertEquals(expected, predictions(saved.transform(images.coalesce(1))));
    assertEquals(predictions(fitted.transform(images)), predictions(saved.transform(images)));
  }

  @Test
  void predictWithTheSavedModelWritesTheRunsAssignments(@TempDir Path tmp) {
    Path out = tmp.resolve("pred");
    Cli.Result r =
        Cli.run(
            "predict",
            "--model",
            run.resolve("model").toString(),
            "--data",
            usps,
            "--limit",
            String.valueOf(LIMIT),
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ACC "), r.out());
    Map<Long, Row> expected = byId(spark.read().parquet(run.resolve(Assignments.BEST).toString()));
    Map<Long, Row> got = byId(spark.read().parquet(out.toString()));
    assertEquals(expected.keySet(), got.keySet());
    for (Map.Entry<Long, Row> e : expected.entrySet()) {
      Row want = e.getValue();
      Row have = got.get(e.getKey());
      assertEquals(
          want.getInt(want.fieldIndex("cluster")), have.getInt(have.fieldIndex("cluster")));
      assertEquals(
          want.getFloat(want.fieldIndex("confidence")),
          have.getFloat(have.fieldIndex("confidence")),
          1e-6);
    }
  }

  @Test
  void transformRunsOnTheExecutorsPartitionByPartition() {
    Dataset<Row> four = images.repartition(4);
    Map<Long, Integer> one = predictions(fitted.transform(images.coalesce(1)));
    assertEquals(one, predictions(fitted.transform(four)));
  }

  @Test
  void aSavedModelLoadsWithItsParamsSummaryAndPredictions(@TempDir Path tmp) throws Exception {
    String path = tmp.resolve("model").toString();
    fitted.setPredictionCol("cluster").write().save(path);
    try {
      assertTrue(Files.isDirectory(tmp.resolve("model/metadata")));
      assertTrue(Files.isDirectory(tmp.resolve("model/data")));
      DeepClusteringModel loaded = DeepClusteringModel.load(path);
      assertEquals(fitted.uid(), loaded.uid());
      assertEquals("cluster", loaded.getPredictionCol());
      assertEquals(10, loaded.k());
      assertEquals("ddc", loaded.modelName());
      assertTrue(loaded.hasSummary());
      assertEquals(fitted.summary().json(), loaded.summary().json());
      assertEquals(
          predictions(fitted.transform(images), "cluster"),
          predictions(loaded.transform(images), "cluster"));
    } finally {
      fitted.setPredictionCol("prediction");
    }
  }

  @Test
  void aPipelineWithTheEstimatorLastFitsSavesLoadsAndPredictsTheSame(@TempDir Path tmp)
      throws Exception {
    // a SQLTransformer rescales the pixels to [-1, 1] before the network sees them
    SQLTransformer scale =
        new SQLTransformer()
            .setStatement(
                "SELECT id, label, transform(pixels, p -> p * 2 - 1) AS scaled FROM __THIS__");
    DeepClustering clustering =
        new DeepClustering()
            .setModel("ddc")
            .setK(10)
            .setFeaturesCol("scaled")
            .setInputShape(1, 32, 32)
            .setEpochs(1)
            .setTrainMode("local");
    Dataset<Row> few = images.where(col("id").lt(240));
    PipelineModel model =
        new Pipeline().setStages(new PipelineStage[] {scale, clustering}).fit(few);
    String path = tmp.resolve("pipeline").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertTrue(loaded.stages()[1] instanceof DeepClusteringModel);
    Map<Long, Integer> before = predictions(model.transform(few));
    assertEquals(240, before.size());
    assertEquals(before, predictions(loaded.transform(few)));
    // the estimator itself is saved with its Params
    clustering.write().save(tmp.resolve("estimator").toString());
    DeepClustering again = DeepClustering.load(tmp.resolve("estimator").toString());
    assertEquals(1, again.getEpochs());
    assertEquals("scaled", again.getFeaturesCol());
    assertArrayEquals(new int[] {1, 32, 32}, again.getInputShape());
  }

  /**
   * {@code train} fits the estimator of its run's configuration: every training Param is its key's
   * value there (the published settings and the command line's overrides), the columns, K and shape
   * those of the prepared data set.
   */
  @Test
  void theEstimatorOfARunHoldsTheRunsConfigurationAsItsParams() {
    RunSettings settings =
        RunSettings.from(
            new ConfigLoader()
                .withConfig(ConfigFiles.forModel("ddc_uco", "usps"))
                .withOverrides(
                    List.of(
                        "data.path=" + usps,
                        "run_dir=" + shared.resolve("unused"),
                        "epochs=7",
                        "optimizer.learning_rate=0.002",
                        "loss.uco_lambda=0.25",
                        "train.mode=local"))
                .load());
    Manifest manifest =
        PreparedDataset.open(new HadoopFs(spark.sparkContext().hadoopConfiguration()), usps)
            .manifest();
    DeepClustering estimator = DeepClustering.forRun(settings, manifest);
    assertEquals("ddc_uco", estimator.getModel());
    assertEquals(7, estimator.getEpochs());
    assertEquals(0.002, estimator.getLearningRate());
    assertEquals(0.25, estimator.getUcoLambda());
    assertEquals("local", estimator.getTrainMode());
    assertEquals(settings.batchSize(), estimator.getBatchSize());
    assertEquals(settings.seed(), estimator.getSeed());
    for (ParamKeys.Entry e : ParamKeys.ENTRIES) {
      assertEquals(
          e.key().get(settings.config()),
          estimator.getOrDefault(estimator.getParam(e.param())),
          e.param());
    }
    assertEquals(10, estimator.getK());
    assertArrayEquals(new int[] {1, 32, 32}, estimator.getInputShape());
    assertEquals("pixels", estimator.getFeaturesCol());
    assertEquals("label", estimator.getLabelCol());
  }

  static Map<Long, Row> byId(Dataset<Row> rows) {
    Map<Long, Row> out = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      out.put(r.getLong(r.fieldIndex("id")), r);
    }
    return out;
  }

  static Map<Long, Integer> predictions(Dataset<Row> rows) {
    return predictions(rows, "prediction");
  }

  static Map<Long, Integer> predictions(Dataset<Row> rows, String column) {
    Map<Long, Integer> out = new TreeMap<>();
    for (Row r : rows.select("id", column).collectAsList()) {
      out.put(r.getLong(0), r.getInt(1));
    }
    return out;
  }

  static List<Row> list(Dataset<Row> rows) {
    return new ArrayList<>(rows.collectAsList());
  }
}
