package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.loss.LossParams;
import org.ucospark.model.DecNetworkBuilder;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;

/**
 * The DEC family follows the authors' protocol (config/dec/defaults.py, dec/tf_dec.py,
 * config/dec/experiments/coil100.py): pre-training at Adam 1e-3 for every variant, the variant's
 * rate in the clustering stage only; evaluation every 5 epochs; the last partial batch kept;
 * CDEC-UCO on COIL-100 with batch 200. Also the binding of {@code loss.distance_gradient}.
 */
class DecProtocolTest extends UspsRunFixture {
  static final List<String> DEC_FAMILY =
      List.of("dec", "idec", "dec_uco", "cdec", "icdec", "cdec_uco");
  static final List<String> DATASETS = List.of("mnist", "fmnist", "usps", "coil100");

  static RunSettings experiment(String name, String... overrides) {
    return RunSettings.from(
        new ConfigLoader()
            .withConfig(ConfigFiles.experiment(name))
            .withOverrides(List.of(overrides))
            .load());
  }

  static double learningRate(ComputationGraph g, String layer) {
    return ((Adam) ((BaseLayer) g.getLayer(layer).conf().getLayer()).getIUpdater())
        .getLearningRate();
  }

  ModelParams params(RunSettings s, TrainingData data) {
    return new ModelParams(
        s.variant(),
        data.shape(),
        data.classes(),
        ModelParams.HIDDEN_SIZE,
        s.loss(),
        s.reconstructionWeight(),
        s.optimizer(),
        s.seed(),
        s.dec(),
        s.ohc());
  }

  @Test
  void decIdecAndDecUcoOfOneSeedPretrainAtTheSameRateToTheSameWeights() {
    TrainingData data =
        new TrainingData(new HadoopFs(spark.sparkContext().hadoopConfiguration()), usps, 256);
    TrainingData.Local local = data.collectLocal();
    List<INDArray> pretrained = new ArrayList<>();
    for (String experiment : List.of("dec_usps", "idec_usps", "dec_uco_usps")) {
      RunSettings s =
          settings(experiment, "train.mode=local", "batch_size=128", "data.limit=256", "seed=3");
      ModelParams p = params(s, data);
      ComputationGraph autoencoder = Networks.create(p);
      assertEquals(
          1e-3,
          learningRate(autoencoder, Layers.BOTTLENECK),
          1e-15,
          experiment + " pre-trains at 1e-3");
      LocalTrainer trainer = new LocalTrainer(autoencoder, p, local, s);
      trainer.fitEpoch(1);
      pretrained.add(trainer.network().params().dup());
      // the clustering stage runs at the variant's own rate
      ComputationGraph clustering =
          DecNetworkBuilder.clusteringFrom(
              trainer.network(),
              p,
              Nd4j.rand(
                  org.nd4j.linalg.api.buffer.DataType.FLOAT, p.clusters(), p.dec().bottleneck()));
      assertEquals(
          experiment.startsWith("dec_uco") ? 1e-4 : 1e-3,
          learningRate(clustering, Layers.BOTTLENECK),
          1e-15,
          experiment + " clusters at its own rate");
    }
    assertTrue(
        pretrained.get(0).equalsWithEps(pretrained.get(1), 1e-6), "dec = idec after pre-training");
    assertTrue(
        pretrained.get(0).equalsWithEps(pretrained.get(2), 1e-6),
        "dec = dec_uco after pre-training");
    assertTrue(
        experiment("dec_uco_usps", "dec.pretrain_learning_rate=0.01").dec().pretrainLearningRate()
            == 0.01);
    UcoException e =
        assertThrows(
            UcoException.class, () -> experiment("dec_usps", "dec.pretrain_learning_rate=0"));
    assertTrue(
        e.getMessage().contains("'dec.pretrain_learning_rate' must be a positive number"),
        e.getMessage());
  }

  @Test
  void decFamilyExperimentsEvaluateEvery5EpochsAndCdecUcoOnCoil100UsesBatch200() {
    for (String model : DEC_FAMILY) {
      for (String dataset : DATASETS) {
        RunSettings s = experiment(model + "_" + dataset);
        assertEquals(5, s.evalInterval(), model + "_" + dataset);
        assertEquals(
            model.equals("cdec_uco") && dataset.equals("coil100") ? 200 : 256,
            s.batchSize(),
            model + "_" + dataset);
        assertEquals(1e-3, s.dec().pretrainLearningRate(), 1e-15);
        assertEquals(model.endsWith("_uco") ? 1e-4 : 1e-3, s.optimizer().learningRate(), 1e-15);
      }
    }
    assertEquals(4, experiment("ddc_usps").evalInterval(), "the DDC family keeps its 4");
  }

  /**
   * The clustering stage against the authors' Keras loop (tf_lib/tf_train.py, docs/PROTOCOL.md
   * section 4): they fit Keras epochs {@code step .. step + 139} from {@code step = 200 + e·140 +
   * 1}, so Keras epoch 200 never runs and 399 clustering epochs follow the 200 of pre-training; P
   * is recomputed before clustering epochs 1, 141, 281 and evaluations fall after clustering epochs
   * 4, 9, …, 399 ({@code (epoch + 1) % 5 == 0}). Ours runs the paper's 600 epochs: 400 clustering
   * epochs, P before the same clustering epochs 1, 141, 281, and the same number of evaluations
   * (80), each one clustering epoch later (5, 10, …, 400).
   */
  @Test
  void decClusteringStageRecomputesTargetsWhereTheAuthorsDoAndEvaluatesAsOften() {
    for (String model : DEC_FAMILY) {
      RunSettings s = experiment(model + "_usps");
      var dec = s.dec();
      List<Integer> updates = new ArrayList<>();
      List<Integer> evaluations = new ArrayList<>();
      for (int epoch = 1; epoch <= s.epochs(); epoch++) {
        int clustering = epoch - dec.pretrainEpochs();
        if (dec.updatesTargets(epoch)) {
          updates.add(clustering);
        }
        if (!dec.pretraining(epoch) && epoch % s.evalInterval() == 0) {
          evaluations.add(clustering);
        }
      }
      assertEquals(400, s.epochs() - dec.pretrainEpochs(), model + ": the paper's 600 − 200");
      assertEquals(List.of(1, 141, 281), updates, model + ": P as the authors' loop");
      assertEquals(80, evaluations.size(), model + ": as many evaluations as the authors'");
      assertEquals(5, evaluations.get(0));
      assertEquals(400, evaluations.get(evaluations.size() - 1));
    }
    // The authors' loop, for comparison: 399 clustering epochs, 80 evaluations from the 4th.
    List<Integer> authors = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      int step = 200 + e * 140 + 1;
      for (int kerasEpoch = step; kerasEpoch < Math.min(step + 140, 600); kerasEpoch++) {
        if ((kerasEpoch + 1) % 5 == 0) {
          authors.add(kerasEpoch - 200);
        }
      }
    }
    assertEquals(80, authors.size());
    assertEquals(4, authors.get(0));
    assertEquals(399, authors.get(authors.size() - 1));
  }

  @Test
  void lastPartialBatchIsKeptForTheDecFamilyOnlyAsAModelSetting() {
    assertTrue(experiment("dec_usps").keepPartialBatch());
    assertTrue(experiment("cdec_uco_coil100").keepPartialBatch());
    assertFalse(experiment("ddc_usps").keepPartialBatch());
    assertFalse(experiment("ohc_usps").keepPartialBatch());
    assertFalse(experiment("dec_usps", "drop_last_batch=true").keepPartialBatch());
    assertTrue(experiment("ddc_usps", "drop_last_batch=false").keepPartialBatch());
    UcoException e =
        assertThrows(UcoException.class, () -> experiment("dec_usps", "drop_last_batch=sometimes"));
    assertTrue(
        e.getMessage().contains("key 'drop_last_batch' must be auto, true or false, got sometimes"),
        e.getMessage());

    // local: 300 images in batches of 128 → 128, 128, 44 for DEC; 128, 128 for DDC
    TrainingData data =
        new TrainingData(new HadoopFs(spark.sparkContext().hadoopConfiguration()), usps, 300);
    for (String experiment : List.of("dec_usps", "ddc_usps")) {
      RunSettings s = settings(experiment, "train.mode=local", "batch_size=128", "data.limit=300");
      ModelParams p = params(s, data);
      ComputationGraph net = Networks.create(p);
      List<Long> sizes = new ArrayList<>();
      net.setListeners(
          new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, java.util.Map<String, INDArray> activations) {
              sizes.add(activations.values().iterator().next().size(0));
            }
          });
      new LocalTrainer(net, p, data.collectLocal(), s).fitEpoch(1);
      assertEquals(
          experiment.equals("dec_usps") ? List.of(128L, 128L, 44L) : List.of(128L, 128L),
          sizes,
          experiment);
    }

    // Spark: the same batches, the partial one included
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<int[]> positions = jsc.broadcast(ShufflePlan.positions(0, 1, 300));
    for (boolean keep : new boolean[] {true, false}) {
      List<MultiDataSet> batches =
          SparkTrainer.minibatches(
                  data.rdd(spark), positions, null, 128, keep, data.shape(), List.of("ddc"))
              .collect();
      List<Long> sizes = batches.stream().map(b -> b.getFeatures(0).size(0)).sorted().toList();
      assertEquals(keep ? List.of(44L, 128L, 128L) : List.of(128L, 128L), sizes);
    }
    positions.destroy();
    assertEquals(3, ShufflePlan.batches(300, 128, true));
    assertEquals(300, ShufflePlan.used(300, 128, true));
    assertEquals(
        2, ShufflePlan.batches(257, 128, true), "a partial batch of one example is dropped");
    assertArrayEquals(
        new int[] {128, 44},
        new int[] {ShufflePlan.batchLength(300, 128, 0), ShufflePlan.batchLength(300, 128, 2)});
  }

  @Test
  void distanceGradientKeyReachesTheLossParameters() {
    assertEquals(
        LossParams.DistanceGradient.EXACT, experiment("ddc_uco_usps").loss().distanceGradient());
    assertEquals(
        LossParams.DistanceGradient.AUTHORS,
        experiment("ddc_uco_usps", "loss.distance_gradient=authors").loss().distanceGradient());
    UcoException e =
        assertThrows(
            UcoException.class, () -> experiment("ddc_usps", "loss.distance_gradient=approximate"));
    assertTrue(e.getMessage().contains("key 'loss.distance_gradient'"), e.getMessage());
  }
}
