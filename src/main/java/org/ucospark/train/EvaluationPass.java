package org.ucospark.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;
import org.ucospark.nn.OffHeapCollector;
import scala.Tuple2;

/**
 * One evaluation pass over the full data set (docs/ALGORITHMS.md §4.2), on this JVM ({@link
 * #local}) or on the executors ({@link #distributed}), with one batch loop ({@link #evaluate}) for
 * both; likewise the activations DEC needs ({@link #activations}), where only the source of the
 * batches differs between the modes.
 *
 * <p>Batches: the examples in the run's evaluation order ({@link ShufflePlan#EVALUATION}, fixed by
 * the seed; {@link ShufflePlan#FINAL} for the re-evaluation of the best checkpoint), cut into
 * batches of the training batch size, the last one partial (predictions only). The authors shuffle
 * their evaluation batches; in id order a COIL-100 batch of 120 would hold two or three of its 100
 * objects. On Spark the rows are grouped into these batches by one shuffle ({@link
 * SparkBatches#group}), independently of how the data set is partitioned, so both modes evaluate
 * the same batches and report the same numbers.
 *
 * <p>OFM is computed on the first {@code ofmBatches} batches of the order (0 = every full batch): a
 * bound on the whole evaluation, as {@code ofm.max_batches} documents, whatever the number of
 * partitions; with {@code pairwise}, the cosine of every pair of loss terms too ({@link
 * Evaluator}).
 */
public final class EvaluationPass {
  private EvaluationPass() {}

  /**
   * One batch: its index in the evaluation order, the examples' ids and labels (null for
   * activations), their images [B, C, H, W].
   */
  record Batch(int index, int[] ids, int[] labels, INDArray images) {}

  /**
   * @param targets DEC's target distribution (its [kl] term is evaluated against it), else null
   * @param plan the run's evaluation settings
   * @param order the order's key ({@link ShufflePlan#EVALUATION} or {@link ShufflePlan#FINAL})
   */
  public static EvaluationResult local(
      ComputationGraph network,
      ModelParams params,
      TrainingData.Local data,
      TargetRows targets,
      EvaluationPlan plan,
      int order) {
    int n = data.labels().length;
    Iterator<Batch> batches =
        localBatches(data, params.input(), plan.seed(), order, plan.batchSize());
    return evaluate(
            new Evaluator(network.clone(), params, plan.pairwise()), batches, targets, n, plan)
        .result(params.clusters());
  }

  /** The evaluation batches of a local data set, in the order {@code key} of the run seed. */
  static Iterator<Batch> localBatches(
      TrainingData.Local data, InputShape shape, long seed, int key, int batchSize) {
    int n = data.labels().length;
    int[] order = ShufflePlan.permutation(seed, key, n);
    return java.util.stream.IntStream.range(0, (n + batchSize - 1) / batchSize)
        .mapToObj(
            b -> {
              int[] ids =
                  Arrays.copyOfRange(order, b * batchSize, Math.min(n, (b + 1) * batchSize));
              int[] labels = new int[ids.length];
              for (int i = 0; i < ids.length; i++) {
                labels[i] = data.labels()[ids[i]];
              }
              return new Batch(b, ids, labels, MiniBatches.gather(data.images(), ids, shape));
            })
        .iterator();
  }

  public static EvaluationResult distributed(
      JavaRDD<TrainingData.Example> rows,
      NetworkSnapshot snapshot,
      Broadcast<TargetRows> targets,
      EvaluationPlan plan,
      int order,
      int n) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<int[]> positions = jsc.broadcast(ShufflePlan.positions(plan.seed(), order, n));
    try {
      InputShape shape = snapshot.params().input();
      EvaluationAccumulator merged =
          SparkBatches.group(rows, positions, plan.batchSize(), n)
              .mapPartitions(
                  it -> {
                    if (!it.hasNext()) {
                      return List.of(new EvaluationAccumulator(n)).iterator();
                    }
                    Iterator<Batch> batches = map(it, b -> batch(b._1(), b._2(), shape));
                    return List.of(
                            evaluate(
                                new Evaluator(
                                    snapshot.restore(), snapshot.params(), plan.pairwise()),
                                batches,
                                targets == null ? null : targets.value(),
                                n,
                                plan))
                        .iterator();
                  })
              .reduce(EvaluationAccumulator::merge);
      return merged.result(snapshot.params().clusters());
    } finally {
      positions.destroy();
    }
  }

  /**
   * The batch loop of both passes: loss terms, σ and OFM on full batches (OFM on batches whose
   * index is below {@code ofmBatches}, 0 = all), predictions on every batch.
   */
  static EvaluationAccumulator evaluate(
      Evaluator evaluator,
      Iterator<Batch> batches,
      TargetRows targets,
      int n,
      EvaluationPlan plan) {
    EvaluationAccumulator acc = new EvaluationAccumulator(n);
    while (batches.hasNext()) {
      Batch b = batches.next();
      boolean full = b.ids().length == plan.batchSize();
      boolean withOfm = plan.ofmOn(b.index(), b.ids().length);
      acc.add(
          b.index(),
          b.ids(),
          b.labels(),
          evaluator.evaluate(b.images(), targetRows(targets, b.ids(), b.images()), full, withOfm));
      OffHeapCollector.afterStep();
    }
    return acc;
  }

  private static INDArray targetRows(TargetRows targets, int[] ids, INDArray images) {
    return targets == null ? null : targets.rows(ids, images.dataType());
  }

  /**
   * The activations of {@code layer} for every example, in id order, [N, width] (inference mode):
   * DEC's bottleneck features for k-means and its soft assignments for the target distribution.
   */
  public static INDArray activations(
      ComputationGraph network,
      String layer,
      TrainingData.Local data,
      InputShape shape,
      int batchSize) {
    int n = data.labels().length;
    Iterator<Batch> batches =
        java.util.stream.IntStream.range(0, (n + batchSize - 1) / batchSize)
            .mapToObj(
                b -> {
                  int from = b * batchSize;
                  int count = Math.min(batchSize, n - from);
                  return new Batch(
                      b,
                      java.util.stream.IntStream.range(from, from + count).toArray(),
                      null,
                      localBatch(data, from, count, shape));
                })
            .iterator();
    return byId(n, activations(network, layer, batches));
  }

  /**
   * {@link #activations} computed on the executors, one network per partition, assembled here by
   * id.
   */
  public static INDArray activations(
      JavaRDD<TrainingData.Example> rows,
      NetworkSnapshot snapshot,
      String layer,
      int n,
      int batchSize) {
    InputShape shape = snapshot.params().input();
    return byId(
        n,
        rows.mapPartitions(
                it ->
                    activations(
                            snapshot.restore(),
                            layer,
                            map(
                                chunks(it, batchSize),
                                rowsOfBatch -> batch(-1, rowsOfBatch, shape)))
                        .iterator())
            .collect());
  }

  /** The activation loop of both: each batch's ids with its rows of {@code layer}. */
  private static List<Tuple2<int[], float[][]>> activations(
      ComputationGraph network, String layer, Iterator<Batch> batches) {
    List<Tuple2<int[], float[][]>> out = new ArrayList<>();
    while (batches.hasNext()) {
      Batch b = batches.next();
      INDArray acts =
          flat(network.feedForward(new INDArray[] {b.images()}, false, false).get(layer));
      out.add(new Tuple2<>(b.ids(), acts.toFloatMatrix()));
      OffHeapCollector.afterStep();
    }
    return out;
  }

  /** Rows given with their ids as one array [n, width] in id order. */
  private static INDArray byId(int n, List<Tuple2<int[], float[][]>> parts) {
    float[][] all = new float[n][];
    for (Tuple2<int[], float[][]> part : parts) {
      for (int i = 0; i < part._1().length; i++) {
        all[part._1()[i]] = part._2()[i];
      }
    }
    return Nd4j.create(all);
  }

  /** One batch of rows (ids, labels, images) as a {@link Batch} with index {@code index}. */
  private static Batch batch(int index, List<TrainingData.Example> rows, InputShape shape) {
    return new Batch(
        index,
        rows.stream().mapToInt(e -> e.id).toArray(),
        rows.stream().mapToInt(e -> e.label).toArray(),
        MiniBatches.images(rows, shape));
  }

  /** The rows of a partition in consecutive chunks of {@code size} (the last one shorter). */
  private static Iterator<List<TrainingData.Example>> chunks(
      Iterator<TrainingData.Example> rows, int size) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public List<TrainingData.Example> next() {
        List<TrainingData.Example> chunk = new ArrayList<>(size);
        while (chunk.size() < size && rows.hasNext()) {
          chunk.add(rows.next());
        }
        return chunk;
      }
    };
  }

  /** {@code items} with {@code f} applied to each, lazily. */
  private static <A, B> Iterator<B> map(Iterator<A> items, java.util.function.Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public B next() {
        return f.apply(items.next());
      }
    };
  }

  private static INDArray flat(INDArray acts) {
    return acts.reshape('c', acts.size(0), acts.length() / acts.size(0)).castTo(DataType.FLOAT);
  }

  /** Examples {@code from .. from + count} (ids) of a local data set as images [count, C, H, W]. */
  private static INDArray localBatch(
      TrainingData.Local data, int from, int count, InputShape shape) {
    return data.images()
        .get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all())
        .dup('c')
        .reshape('c', count, shape.channels(), shape.height(), shape.width());
  }
}
