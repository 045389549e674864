package org.ucospark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.core.loader.impl.SerializedMultiDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.data.BatchAndExportMultiDataSetsFunction;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.util.ExportSupport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;

/**
 * Data-parallel training on Spark with DL4J's parameter averaging ({@code train.mode = spark}).
 *
 * <p>Each epoch the rows (read from Parquet on the executors, cached there, never collected) are
 * grouped into the epoch's minibatches by one shuffle: example {@code id} goes to batch ⌊pos(id)/B⌋
 * at slot pos(id) mod B, where pos is the epoch's permutation ({@link ShufflePlan}); positions past
 * the last full batch are dropped. {@link ParameterAveragingTrainingMaster} then lets each worker
 * fit {@code averaging_frequency} minibatches and averages parameters and Adam state (saveUpdater),
 * gradient clipping applying in each worker's step.
 *
 * <p>The epoch's training loss is the mean batch loss over every minibatch every worker fitted, as
 * in local mode ({@link Trainer#fitEpoch}): a {@link BatchLossHook} on the workers adds each
 * minibatch's score to a Spark accumulator. ({@code SparkComputationGraph.getScore()} is the
 * average of each worker's last minibatch score only, and DL4J's training stats record timings, not
 * scores.)
 *
 * <p>Cost per averaging round (docs/PERFORMANCE.md): one Spark job (the workers' fit and DL4J's
 * treeAggregate of parameters and updater state), after one broadcast of the network. The epoch's
 * batches come out of the shuffle in exactly {@code workers} partitions of ⌊b/W⌋ or ⌈b/W⌉ batches
 * (key b mod W), and DL4J's split takes the same share of every partition, so each round is already
 * balanced: {@code train.repartition = num_partitions_workers_differs} (the default) skips DL4J's
 * per-round partition count, a second job per round. The export approach writes the batches once
 * per epoch and makes the rounds itself ({@link #fitRounds}): one fit job per round (the round's
 * batch count, which DL4J would count with a job of its own, is known here: {@link
 * RoundTrainingMaster}).
 */
public final class SparkTrainer implements Trainer {
  private final JavaSparkContext jsc;
  private SparkComputationGraph sparkNetwork;
  private final ModelParams params;
  private final RunSettings settings;
  private final EvaluationPlan plan;
  private final JavaRDD<TrainingData.Example> rows;
  private final int n;
  private final int workers;
  private final boolean export;
  private final DoubleAccumulator batchLosses;
  private final TermLossAccumulator termLosses = new TermLossAccumulator();
  private Map<String, Double> epochTerms = Map.of();

  /** Hooks of {@link #addHook}: every epoch's fresh master gets them. */
  private final List<TrainingHook> hooks = new ArrayList<>();

  private final String exportDir;
  private Broadcast<TargetRows> targets;

  public SparkTrainer(
      org.apache.spark.sql.SparkSession spark,
      JavaSparkContext jsc,
      ComputationGraph network,
      ModelParams params,
      TrainingData data,
      RunSettings settings,
      String exportDir) {
    this.jsc = jsc;
    this.params = params;
    this.settings = settings;
    this.plan = EvaluationPlan.of(settings, params);
    this.n = (int) data.count();
    TrainingMasterSettings m = settings.master();
    this.workers = m.workers() > 0 ? m.workers() : jsc.defaultParallelism();
    this.rows = data.rdd(spark).repartition(workers).persist(StorageLevel.MEMORY_ONLY());
    this.export = m.export(jsc.master(), jsc.hadoopConfiguration().get("fs.defaultFS"));
    this.exportDir = exportDir;
    this.batchLosses = jsc.sc().doubleAccumulator("uco-spark minibatch losses");
    jsc.sc().register(termLosses, "uco-spark minibatch loss terms");
    this.sparkNetwork = new SparkComputationGraph(jsc, network, master(0));
  }

  /**
   * The training master of one epoch. DL4J's master draws the seeds of its random splits and
   * repartitioning from a {@code java.util.Random} seeded once ({@code rngSeed}) and advanced by
   * every fit, and counts its averaging iterations: state that no checkpoint holds, so one master
   * for the whole run made a resumed run split its epochs differently from an uninterrupted one. A
   * fresh master per epoch, seeded by (seed, epoch) like the epoch's permutation ({@link
   * ShufflePlan}), makes each epoch's partitioning a function of the epoch alone, whichever process
   * trains it.
   */
  private RoundTrainingMaster master(int epoch) {
    TrainingMasterSettings m = settings.master();
    ParameterAveragingTrainingMaster.Builder builder =
        new ParameterAveragingTrainingMaster.Builder(workers, settings.batchSize())
            .batchSizePerWorker(settings.batchSize())
            .averagingFrequency(m.averagingFrequency())
            .workerPrefetchNumBatches(0)
            .saveUpdater(true)
            .rddTrainingApproach(export ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
            .exportDirectory(exportDir)
            .storageLevel(m.sparkStorageLevel())
            .repartionData(
                switch (m.repartition()) {
                  case "never" -> Repartition.Never;
                  case "num_partitions_workers_differs" -> Repartition.NumPartitionsWorkersDiffers;
                  default -> Repartition.Always;
                })
            .rngSeed(settings.seed() * 1_000_003L + epoch);
    RoundTrainingMaster master = new RoundTrainingMaster(builder);
    master.addHook(new BatchLossHook(batchLosses, termLosses));
    master.addHook(new OffHeapHook());
    hooks.forEach(master::addHook);
    return master;
  }

  @Override
  public Map<String, Double> epochTerms() {
    return epochTerms;
  }

  @Override
  public int[] labels() {
    int[] labels = new int[n];
    for (int[] idLabel : rows.map(e -> new int[] {e.id, e.label}).collect()) {
      labels[idLabel[0]] = idLabel[1];
    }
    return labels;
  }

  @Override
  public double fitEpoch(int epoch) {
    Broadcast<int[]> positions = jsc.broadcast(ShufflePlan.positions(settings.seed(), epoch, n));
    sparkNetwork.getTrainingMaster().deleteTempFiles(jsc);
    sparkNetwork = new SparkComputationGraph(jsc, sparkNetwork.getNetwork(), master(epoch));
    JavaRDD<MultiDataSet> batches =
        minibatches(
            rows,
            positions,
            targets,
            settings.batchSize(),
            settings.keepPartialBatch(),
            params.input(),
            MiniBatches.outputs(sparkNetwork.getNetwork()));
    HadoopFs fs = new HadoopFs(jsc.hadoopConfiguration());
    Path epochExport = HadoopFs.path(exportDir + "/epoch-" + epoch);
    try {
      batchLosses.reset();
      termLosses.reset();
      if (export) {
        fs.deleteQuietly(epochExport); // a crashed earlier try of this epoch may have left some
        fitRounds(exported(batches, settings.batchSize(), epochExport.toString()));
      } else {
        sparkNetwork.fitMultiDataSet(batches);
      }
      epochTerms = termLosses.value().means();
      return batchLosses.count() > 0 ? batchLosses.avg() : Double.NaN;
    } finally {
      if (export) {
        fs.deleteQuietly(epochExport);
      }
      // DL4J persists the epoch's batches (train.storage_level) and leaves them cached: free them
      // now, not when the driver's GC happens to clean the RDD, so they never push the cached rows
      // out of executor memory.
      batches.unpersist(false);
      positions.destroy();
    }
  }

  /**
   * Writes the epoch's batches as files (DL4J's export approach) and returns their paths by
   * partition: entry p holds the paths of the batches of partition p (worker p's share), in order.
   */
  List<List<String>> exported(JavaRDD<MultiDataSet> batches, int batchSize, String dir) {
    ExportSupport.assertExportSupported(jsc);
    return batches
        .mapPartitionsWithIndex(new BatchAndExportMultiDataSetsFunction(batchSize, dir), true)
        .glom()
        .collect();
  }

  /**
   * Trains on exported batches in averaging rounds of our own making: round r gives worker p the
   * batches r·f … r·f+f−1 of its share (f = {@code averaging_frequency}), one DL4J fit per round.
   *
   * <p>Why not DL4J's own export and split ({@code fitMultiDataSet} with {@code
   * RDDTrainingApproach.Export}): it reads the paths back with {@code textFile}, whose partitions
   * follow Hadoop's byte splits of its part files, not the workers (one worker on {@code local[2]}:
   * 2 partitions), and deals each partition's paths at random over ⌊b/(W·f)⌋ rounds. A partition
   * with fewer paths than rounds leaves some round without any path on any partition, and DL4J's
   * {@code processResults} fails on that round's empty aggregate with a NullPointerException (one
   * worker, 8 batches); a worker dealt more than f paths in a round fits only f of them, so when
   * W·f does not divide b some batches were silently never fitted (3 workers, 7 batches: 6 fitted).
   * Given at most W·f paths in W partitions of at most f, DL4J makes one round of them as they are.
   */
  void fitRounds(List<List<String>> shares) {
    int f = settings.master().averagingFrequency();
    int rounds = 0;
    for (List<String> share : shares) {
      rounds = Math.max(rounds, (share.size() + f - 1) / f);
    }
    ComputationGraph network = sparkNetwork.getNetwork();
    int epochCount = network.getConfiguration().getEpochCount();
    for (int r = 0; r < rounds; r++) {
      List<List<String>> round = new ArrayList<>();
      for (List<String> share : shares) {
        round.add(
            new ArrayList<>(
                share.subList(Math.min(r * f, share.size()), Math.min(r * f + f, share.size()))));
      }
      // One slice per element: partition p of the round is exactly round.get(p).
      JavaRDD<String> paths = jsc.parallelize(round, round.size()).flatMap(List::iterator);
      ((RoundTrainingMaster) sparkNetwork.getTrainingMaster())
          .expectBatches(round.stream().mapToInt(List::size).sum());
      try {
        sparkNetwork.fitPaths(paths, new SerializedMultiDataSetLoader());
      } finally {
        paths.unpersist(false); // DL4J persists the paths it is given and leaves them cached
      }
    }
    // fitPaths counts an epoch per call: this is one epoch, as fitMultiDataSet counts it.
    network.getConfiguration().setEpochCount(epochCount + 1);
  }

  /**
   * The epoch's minibatches as an RDD of DL4J MultiDataSets (one shuffle of the cached rows): the
   * full ones and, when {@code keepPartial}, the last partial one ({@link ShufflePlan}; DL4J's
   * export approach exports full batches as they are and merges the others of a partition, so the
   * one partial batch of the epoch stays unchanged). DEC's target rows are joined to the examples
   * by id from the broadcast {@code targets}.
   */
  static JavaRDD<MultiDataSet> minibatches(
      JavaRDD<TrainingData.Example> rows,
      Broadcast<int[]> positions,
      Broadcast<TargetRows> targets,
      int batchSize,
      boolean keepPartial,
      InputShape shape,
      List<String> outputs) {
    int used = ShufflePlan.used(positions.value().length, batchSize, keepPartial);
    return SparkBatches.group(rows, positions, batchSize, used)
        .values()
        .map(
            ordered -> {
              INDArray images = MiniBatches.images(ordered, shape);
              INDArray batchTargets =
                  targets == null
                      ? null
                      : targets
                          .value()
                          .rows(ordered.stream().mapToInt(e -> e.id).toArray(), images.dataType());
              return MiniBatches.of(outputs, images, batchTargets);
            });
  }

  /**
   * Adds a hook that runs around every minibatch a worker fits, in this and every later epoch's
   * training master (tests observe the minibatch scores).
   */
  void addHook(TrainingHook hook) {
    hooks.add(hook);
    ((RoundTrainingMaster) sparkNetwork.getTrainingMaster()).addHook(hook);
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
    return EvaluationPass.activations(
        rows, new NetworkSnapshot(model, params), layer, n, settings.batchSize());
  }

  @Override
  public EvaluationResult evaluate(ComputationGraph model, int order) {
    return EvaluationPass.distributed(
        rows, new NetworkSnapshot(model, params), targets, plan, order, n);
  }

  /**
   * What parameter averaging changes against the papers' protocol (docs/PROTOCOL.md): with W
   * workers each fits 1/W of the epoch's minibatches and their parameters are averaged, so an epoch
   * takes 1/W of the sequential Adam updates of one process.
   */
  static String protocolNote(int workers) {
    return "note: parameter averaging over "
        + workers
        + " worker(s) takes 1/"
        + workers
        + " of the sequential"
        + " updates per epoch (each worker fits 1/"
        + workers
        + " of the minibatches, then parameters are averaged);"
        + " paper-faithful runs use --local or a trial-parallel sweep (docs/PROTOCOL.md)";
  }

  @Override
  public String describe() {
    return jsc.master()
        + ", "
        + workers
        + " workers, parameter averaging every "
        + settings.master().averagingFrequency()
        + " minibatch(es), "
        + (export ? "export" : "direct")
        + " approach";
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
