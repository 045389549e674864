package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;
import scala.Tuple2;

/**
 * Evaluation batches (docs/ALGORITHMS.md §4.2): drawn from the permutation of the run seed, the
 * same in local and Spark mode whatever the partitioning, so both modes report the same loss terms,
 * σ, OFM and metrics.
 */
class EvaluationPassTest extends UspsRunFixture {
  private static final int N = 960;

  @Test
  void localBatchesFollowTheSeedsPermutationNotTheIdOrder() {
    TrainingData.Local data = data(settings("ddc_usps")).collectLocal();
    ModelParams params = TrainingRun.params(settings("ddc_usps"), data(settings("ddc_usps")));
    List<EvaluationPass.Batch> batches =
        list(EvaluationPass.localBatches(data, params.input(), 7, ShufflePlan.EVALUATION, 120));
    assertEquals(8, batches.size());
    int[] order = ShufflePlan.permutation(7, ShufflePlan.EVALUATION, N);
    assertArrayEquals(Arrays.copyOfRange(order, 0, 120), batches.get(0).ids());
    assertNotEquals(
        Arrays.toString(java.util.stream.IntStream.range(0, 120).toArray()),
        Arrays.toString(batches.get(0).ids()),
        "not the id order");
    assertArrayEquals(
        order,
        batches.stream().flatMapToInt(b -> Arrays.stream(b.ids())).toArray(),
        "every example once, in the permutation's order");
    assertArrayEquals(
        batches.get(3).ids(),
        list(EvaluationPass.localBatches(data, params.input(), 7, ShufflePlan.EVALUATION, 120))
            .get(3)
            .ids(),
        "the same order at every evaluation");
    assertNotEquals(
        Arrays.toString(batches.get(0).ids()),
        Arrays.toString(
            list(EvaluationPass.localBatches(data, params.input(), 8, ShufflePlan.EVALUATION, 120))
                .get(0)
                .ids()),
        "another seed, another order");
  }

  @Test
  void sparkGroupsTheSameBatchesWhateverThePartitioning() {
    TrainingData data = data(settings("ddc_usps"));
    JavaRDD<TrainingData.Example> rows = data.rdd(spark).repartition(16);
    Broadcast<int[]> positions =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(ShufflePlan.positions(7, ShufflePlan.EVALUATION, N));
    List<Tuple2<Integer, List<TrainingData.Example>>> grouped =
        SparkBatches.group(rows, positions, 130, positions.value().length).collect();
    List<EvaluationPass.Batch> local =
        list(
            EvaluationPass.localBatches(
                data.collectLocal(),
                TrainingRun.params(settings("ddc_usps"), data).input(),
                7,
                ShufflePlan.EVALUATION,
                130));
    assertEquals(local.size(), grouped.size());
    for (Tuple2<Integer, List<TrainingData.Example>> b : grouped) {
      assertArrayEquals(
          local.get(b._1()).ids(),
          b._2().stream().mapToInt(e -> e.id).toArray(),
          "batch " + b._1());
    }
    assertEquals(
        N - 7 * 130, local.get(7).ids().length, "the last batch keeps the remaining examples");
  }

  @Test
  void sparkAndLocalEvaluationAgreeWithPartitionsSmallerThanABatch() {
    // 16 partitions of 60 rows, batch 120: before, each partition cut its own batches (all partial:
    // loss NaN), and ofm.max_batches applied per partition
    RunSettings spark16 =
        settings(
            "ddc_uco_usps",
            "data.limit=" + N,
            "train.workers=16",
            "ofm.max_batches=2",
            "loss.uco_kernel=naive");
    RunSettings local =
        settings(
            "ddc_uco_usps",
            "data.limit=" + N,
            "train.mode=local",
            "ofm.max_batches=2",
            "loss.uco_kernel=naive");
    TrainingData data = data(spark16);
    ModelParams params = TrainingRun.params(spark16, data);
    ComputationGraph network = Networks.create(params);
    EvaluationResult expected;
    try (LocalTrainer trainer = new LocalTrainer(network, params, data.collectLocal(), local)) {
      expected = trainer.evaluate(network);
    }
    EvaluationResult distributed;
    try (SparkTrainer trainer =
        new SparkTrainer(
            spark,
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            network,
            params,
            data,
            spark16,
            tmp.resolve("export").toString())) {
      distributed = trainer.evaluate(network);
    }
    assertTrue(Double.isFinite(distributed.loss()), "loss " + distributed.loss());
    assertEquals(null, distributed.failure());
    assertEquals(expected.terms().keySet(), distributed.terms().keySet());
    for (Map.Entry<String, Double> t : expected.terms().entrySet()) {
      assertEquals(t.getValue(), distributed.terms().get(t.getKey()), 1e-6, t.getKey());
    }
    assertEquals(expected.loss(), distributed.loss(), 1e-6);
    assertEquals(expected.ofm(), distributed.ofm(), 1e-6, "OFM on the same first two batches");
    assertEquals(
        Map.of("hidden", 0, "uco/0", 0, "uco/1", 0).keySet(), distributed.sigmas().keySet());
    for (Map.Entry<String, Double> s : expected.sigmas().entrySet()) {
      assertTrue(s.getValue() > 0, s.toString());
      assertEquals(
          s.getValue(), distributed.sigmas().get(s.getKey()), 1e-6 * s.getValue(), s.getKey());
    }
    assertEquals(expected.acc(), distributed.acc(), 1e-12);
    assertEquals(expected.nmi(), distributed.nmi(), 1e-12);
    assertEquals(expected.ari(), distributed.ari(), 1e-12);
    assertArrayEquals(expected.clusterCounts(), distributed.clusterCounts());
  }

  /**
   * DEC's activations (k-means features, target distribution): one loop, the same rows in both
   * modes.
   */
  @Test
  void localAndDistributedActivationsAreTheSameRowsInIdOrder() {
    RunSettings settings = settings("dec_usps", "data.limit=" + N);
    TrainingData data = data(settings);
    ModelParams params = TrainingRun.params(settings, data);
    ComputationGraph network = Networks.create(params);
    String layer = org.ucospark.model.Layers.BOTTLENECK;
    var local =
        EvaluationPass.activations(network, layer, data.collectLocal(), params.input(), 100);
    var distributed =
        EvaluationPass.activations(
            data.rdd(spark).repartition(7), new NetworkSnapshot(network, params), layer, N, 100);
    assertArrayEquals(new long[] {N, 10}, local.shape());
    assertEquals(local, distributed);
    var first =
        network
            .feedForward(
                new org.nd4j.linalg.api.ndarray.INDArray[] {
                  MiniBatches.gather(data.collectLocal().images(), new int[] {0, 1}, params.input())
                },
                false,
                false)
            .get(layer);
    assertEquals(
        first.castTo(local.dataType()).reshape(2, 10),
        local.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
            org.nd4j.linalg.indexing.NDArrayIndex.all()),
        "row i is example i");
  }

  @Test
  void sparkTrainLossIsTheMeanLossOfEveryMinibatchOfTheEpoch() {
    RunSettings s = settings("ddc_usps", "data.limit=" + N, "train.workers=2");
    TrainingData data = data(s);
    ModelParams params = TrainingRun.params(s, data);
    org.apache.spark.util.CollectionAccumulator<Double> scores =
        spark.sparkContext().collectionAccumulator("scores");
    try (SparkTrainer trainer =
        new SparkTrainer(
            spark,
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            Networks.create(params),
            params,
            data,
            s,
            tmp.resolve("export").toString())) {
      trainer.addHook(new ScoreRecorder(scores));
      double trainLoss = trainer.fitEpoch(1);
      List<Double> batchScores = scores.value();
      assertEquals(
          ShufflePlan.batches(N, 120),
          batchScores.size(),
          "every minibatch of the epoch: " + batchScores);
      assertEquals(
          batchScores.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
          trainLoss,
          1e-9,
          "the mean over the epoch's minibatches, not over each worker's last one");
      // Every term's mean over the same minibatches, beside the total (the authors' log).
      java.util.Map<String, Double> terms = trainer.epochTerms();
      assertEquals(List.of("ddc_1", "ddc_2", "ddc_3"), List.copyOf(terms.keySet()));
      assertEquals(
          trainLoss,
          terms.values().stream().mapToDouble(Double::doubleValue).sum(),
          1e-6 * Math.abs(trainLoss),
          "the terms' means add up to the mean total");
    }
  }

  @Test
  void localTrainingLogsEveryTermsMeanOverTheEpochsMinibatches() {
    RunSettings s = settings("ddc_uco_usps", "data.limit=" + N);
    TrainingData data = data(s);
    ModelParams params = TrainingRun.params(s, data);
    LocalTrainer trainer =
        new LocalTrainer(Networks.create(params), params, data.collectLocal(), s);
    double trainLoss = trainer.fitEpoch(1);
    java.util.Map<String, Double> terms = trainer.epochTerms();
    assertEquals(List.of("ddc_1", "ddc_2", "ddc_3", "uco/0", "uco/1"), List.copyOf(terms.keySet()));
    assertEquals(
        trainLoss,
        terms.values().stream().mapToDouble(Double::doubleValue).sum(),
        1e-6 * Math.abs(trainLoss));
    for (double v : terms.values()) {
      assertTrue(Double.isFinite(v) && v != 0, "a real value per term: " + terms);
    }
  }

  /** Records the score of every minibatch a worker fitted. */
  private static final class ScoreRecorder implements org.deeplearning4j.spark.api.TrainingHook {
    private final org.apache.spark.util.CollectionAccumulator<Double> scores;

    ScoreRecorder(org.apache.spark.util.CollectionAccumulator<Double> scores) {
      this.scores = scores;
    }

    @Override
    public void preUpdate(
        org.nd4j.linalg.dataset.api.DataSet d, org.deeplearning4j.nn.api.Model m) {}

    @Override
    public void postUpdate(
        org.nd4j.linalg.dataset.api.DataSet d, org.deeplearning4j.nn.api.Model m) {}

    @Override
    public void preUpdate(
        org.nd4j.linalg.dataset.api.MultiDataSet d, org.deeplearning4j.nn.api.Model m) {}

    @Override
    public void postUpdate(
        org.nd4j.linalg.dataset.api.MultiDataSet d, org.deeplearning4j.nn.api.Model m) {
      scores.add(m.score());
    }
  }

  private TrainingData data(RunSettings s) {
    return new TrainingData(new HadoopFs(spark.sparkContext().hadoopConfiguration()), usps, N);
  }

  private static <T> List<T> list(Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
