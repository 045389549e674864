package org.ucospark.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;
import scala.Tuple2;

/**
 * Data-parallel training on Spark with DL4J's parameter averaging ({@code train.mode = spark}).
 *
 * <p>Each epoch the rows (read from Parquet on the executors, cached there, never collected) are grouped into
 * the epoch's minibatches by one shuffle: example {@code id} goes to batch ⌊pos(id)/B⌋ at slot pos(id) mod B,
 * where pos is the epoch's permutation ({@link ShufflePlan}); positions past the last full batch are dropped.
 * {@link ParameterAveragingTrainingMaster} then lets each worker fit {@code averaging_frequency} minibatches
 * and averages parameters and Adam state (saveUpdater), gradient clipping applying in each worker's step.
 *
 * <p>Cost per averaging round (docs/PERFORMANCE.md): one Spark job (the workers' fit and DL4J's treeAggregate of
 * parameters and updater state), after one broadcast of the network. The epoch's batches come out of the
 * shuffle in exactly {@code workers} partitions of ⌊b/W⌋ or ⌈b/W⌉ batches (key b mod W), and DL4J's split
 * takes the same share of every partition, so each round is already balanced: {@code train.repartition =
 * num_partitions_workers_differs} (the default) skips DL4J's per-round partition count, a second job per round.
 */
public final class SparkTrainer implements Trainer {
  private final JavaSparkContext jsc;
  private final SparkComputationGraph sparkNetwork;
  private final ModelParams params;
  private final RunSettings settings;
  private final JavaRDD<TrainingData.Example> rows;
  private final int n;
  private final int workers;
  private final boolean export;
  private Broadcast<TargetRows> targets;

  public SparkTrainer(org.apache.spark.sql.SparkSession spark, JavaSparkContext jsc, ComputationGraph network, ModelParams params, TrainingData data,
      RunSettings settings, String exportDir) {
    this.jsc = jsc;
    this.params = params;
    this.settings = settings;
    this.n = (int) data.count();
    TrainingMasterSettings m = settings.master();
    this.workers = m.workers() > 0 ? m.workers() : jsc.defaultParallelism();
    this.rows = data.rdd(spark).repartition(workers).persist(StorageLevel.MEMORY_ONLY());
    this.export = m.export(jsc.master(), jsc.hadoopConfiguration().get("fs.defaultFS"));
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, settings.batchSize())
        .batchSizePerWorker(settings.batchSize())
        .averagingFrequency(m.averagingFrequency())
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .rddTrainingApproach(export ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
        .exportDirectory(exportDir)
        .storageLevel(m.sparkStorageLevel())
        .repartionData(switch (m.repartition()) {
          case "never" -> Repartition.Never;
          case "num_partitions_workers_differs" -> Repartition.NumPartitionsWorkersDiffers;
          default -> Repartition.Always;
        })
        .rngSeed(settings.seed())
        .build();
    this.sparkNetwork = new SparkComputationGraph(jsc, network, master);
  }

  @Override
  public double fitEpoch(int epoch) {
    Broadcast<int[]> positions = jsc.broadcast(ShufflePlan.positions(settings.seed(), epoch, n));
    JavaRDD<MultiDataSet> batches = minibatches(rows, positions, targets, settings.batchSize(), params.input(),
        MiniBatches.outputs(sparkNetwork.getNetwork()));
    try {
      sparkNetwork.fitMultiDataSet(batches);
      return sparkNetwork.getScore();
    } finally {
      // DL4J persists the epoch's batches (train.storage_level) and leaves them cached: free them now, not when
      // the driver's GC happens to clean the RDD, so they never push the cached rows out of executor memory.
      batches.unpersist(false);
      positions.destroy();
    }
  }

  /**
   * The epoch's full minibatches as an RDD of DL4J MultiDataSets (one shuffle of the cached rows); DEC's target
   * rows are joined to the examples by id from the broadcast {@code targets}.
   */
  static JavaRDD<MultiDataSet> minibatches(JavaRDD<TrainingData.Example> rows, Broadcast<int[]> positions,
      Broadcast<TargetRows> targets, int batchSize, InputShape shape, List<String> outputs) {
    int full = ShufflePlan.batches(positions.value().length, batchSize) * batchSize;
    return rows
        .filter(e -> positions.value()[e.id] < full)
        .mapToPair(e -> new Tuple2<>(positions.value()[e.id] / batchSize, e))
        .groupByKey(rows.getNumPartitions())
        .map(batch -> {
          TrainingData.Example[] slots = new TrainingData.Example[batchSize];
          for (TrainingData.Example e : batch._2()) {
            slots[positions.value()[e.id] % batchSize] = e;
          }
          List<TrainingData.Example> ordered = new ArrayList<>(List.of(slots));
          INDArray images = MiniBatches.images(ordered, shape);
          INDArray batchTargets = targets == null ? null
              : targets.value().rows(ordered.stream().mapToInt(e -> e.id).toArray(), images.dataType());
          return MiniBatches.of(outputs, images, batchTargets);
        });
  }

  @Override
  public ComputationGraph network() {
    return sparkNetwork.getNetwork();
  }

  @Override
  public void setNetwork(ComputationGraph network) {
    sparkNetwork.setNetwork(network);
  }

  @Override
  public void setTargets(TargetRows p) {
    if (targets != null) {
      targets.destroy();
    }
    targets = p == null ? null : jsc.broadcast(p);
  }

  @Override
  public INDArray activations(ComputationGraph model, String layer) {
    return EvaluationPass.activations(rows, new NetworkSnapshot(model, params), layer, n, settings.batchSize());
  }

  @Override
  public EvaluationResult evaluate(ComputationGraph model) {
    return EvaluationPass.distributed(rows, new NetworkSnapshot(model, params), targets, n, settings.batchSize(),
        settings.ofmEnabled() && params.variant().hasCompanion(), settings.ofmMaxBatches());
  }

  @Override
  public String describe() {
    return jsc.master() + ", " + workers + " workers, parameter averaging every "
        + settings.master().averagingFrequency() + " minibatch(es), " + (export ? "export" : "direct") + " approach";
  }

  @Override
  public int workers() {
    return workers;
  }

  @Override
  public void close() {
    rows.unpersist(false);
    if (targets != null) {
      targets.destroy();
    }
    sparkNetwork.getTrainingMaster().deleteTempFiles(jsc);
  }
}
