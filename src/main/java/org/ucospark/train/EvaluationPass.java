package org.ucospark.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;
import scala.Tuple2;

/**
 * One evaluation pass over the full data set, in fixed batches of the training batch size: on this JVM
 * ({@link #local}) or on the executors, one network per partition ({@link #distributed}). OFM is computed on
 * at most {@code ofmBatches} full batches (0 = all) in total.
 */
public final class EvaluationPass {
  private EvaluationPass() {}

  /**
   * @param targets DEC's target distribution (its [kl] term is evaluated against it), else null
   */
  public static EvaluationResult local(ComputationGraph network, ModelParams params, TrainingData.Local data,
      TargetRows targets, int batchSize, boolean ofm, int ofmBatches) {
    Evaluator evaluator = new Evaluator(network.clone(), params);
    int n = data.labels().length;
    EvaluationAccumulator acc = new EvaluationAccumulator(n);
    InputShape shape = params.input();
    int ofmLeft = ofmBatches > 0 ? ofmBatches : Integer.MAX_VALUE;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      int[] ids = new int[count];
      for (int i = 0; i < count; i++) {
        ids[i] = from + i;
      }
      INDArray images = localBatch(data, from, count, shape);
      boolean full = count == batchSize;
      boolean withOfm = ofm && full && ofmLeft > 0;
      acc.add(ids, java.util.Arrays.copyOfRange(data.labels(), from, from + count),
          evaluator.evaluate(images, targetRows(targets, ids, images), full, withOfm));
      if (withOfm) {
        ofmLeft--;
      }
    }
    return acc.result(params.clusters());
  }

  public static EvaluationResult distributed(JavaRDD<TrainingData.Example> rows, NetworkSnapshot snapshot,
      Broadcast<TargetRows> targets, int n, int batchSize, boolean ofm, int ofmBatches) {
    int partitions = rows.getNumPartitions();
    int perPartition = ofmBatches > 0 ? Math.max(1, (ofmBatches + partitions - 1) / partitions) : Integer.MAX_VALUE;
    EvaluationAccumulator merged = rows
        .mapPartitions(it -> List.of(evaluatePartition(it, snapshot,
            targets == null ? null : targets.value(), n, batchSize, ofm, perPartition)).iterator())
        .reduce(EvaluationAccumulator::merge);
    return merged.result(snapshot.params().clusters());
  }

  private static EvaluationAccumulator evaluatePartition(Iterator<TrainingData.Example> rows, NetworkSnapshot snapshot,
      TargetRows targets, int n, int batchSize, boolean ofm, int ofmBatches) {
    EvaluationAccumulator acc = new EvaluationAccumulator(n);
    if (!rows.hasNext()) {
      return acc;
    }
    Evaluator evaluator = new Evaluator(snapshot.restore(), snapshot.params());
    InputShape shape = snapshot.params().input();
    List<TrainingData.Example> batch = new ArrayList<>(batchSize);
    int ofmLeft = ofmBatches;
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize || !rows.hasNext()) {
        boolean full = batch.size() == batchSize;
        boolean withOfm = ofm && full && ofmLeft > 0;
        int[] ids = new int[batch.size()];
        int[] labels = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
          ids[i] = batch.get(i).id;
          labels[i] = batch.get(i).label;
        }
        INDArray images = MiniBatches.images(batch, shape);
        acc.add(ids, labels, evaluator.evaluate(images, targetRows(targets, ids, images), full, withOfm));
        if (withOfm) {
          ofmLeft--;
        }
        batch.clear();
      }
    }
    return acc;
  }

  private static INDArray targetRows(TargetRows targets, int[] ids, INDArray images) {
    return targets == null ? null : targets.rows(ids, images.dataType());
  }

  /**
   * The activations of {@code layer} for every example, in id order, [N, width] (inference mode): DEC's
   * bottleneck features for k-means and its soft assignments for the target distribution.
   */
  public static INDArray activations(ComputationGraph network, String layer, TrainingData.Local data, InputShape shape,
      int batchSize) {
    int n = data.labels().length;
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      INDArray images = localBatch(data, from, count, shape);
      parts.add(flat(network.feedForward(new INDArray[] {images}, false, false).get(layer)));
    }
    return Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** {@link #activations} computed on the executors, one network per partition, assembled here by id. */
  public static INDArray activations(JavaRDD<TrainingData.Example> rows, NetworkSnapshot snapshot, String layer, int n,
      int batchSize) {
    InputShape shape = snapshot.params().input();
    List<Tuple2<int[], float[][]>> parts = rows.mapPartitions(it -> {
      List<Tuple2<int[], float[][]>> out = new ArrayList<>();
      ComputationGraph network = snapshot.restore();
      List<TrainingData.Example> batch = new ArrayList<>(batchSize);
      while (it.hasNext()) {
        batch.add(it.next());
        if (batch.size() == batchSize || !it.hasNext()) {
          INDArray acts = flat(network.feedForward(new INDArray[] {MiniBatches.images(batch, shape)}, false, false)
              .get(layer));
          out.add(new Tuple2<>(batch.stream().mapToInt(e -> e.id).toArray(), acts.toFloatMatrix()));
          batch.clear();
        }
      }
      return out.iterator();
    }).collect();
    float[][] all = new float[n][];
    for (Tuple2<int[], float[][]> part : parts) {
      for (int i = 0; i < part._1().length; i++) {
        all[part._1()[i]] = part._2()[i];
      }
    }
    return Nd4j.create(all);
  }

  private static INDArray flat(INDArray acts) {
    return acts.reshape('c', acts.size(0), acts.length() / acts.size(0)).castTo(DataType.FLOAT);
  }

  /** Examples {@code from .. from + count} (ids) of a local data set as images [count, C, H, W]. */
  private static INDArray localBatch(TrainingData.Local data, int from, int count, InputShape shape) {
    return data.images().get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all()).dup('c')
        .reshape('c', count, shape.channels(), shape.height(), shape.width());
  }
}
