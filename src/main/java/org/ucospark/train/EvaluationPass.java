package org.ucospark.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ucospark.model.DdcModelParams;
import org.ucospark.model.InputShape;

/**
 * One evaluation pass over the full data set, in fixed batches of the training batch size: on this JVM
 * ({@link #local}) or on the executors, one network per partition ({@link #distributed}). OFM is computed on
 * at most {@code ofmBatches} full batches (0 = all) in total.
 */
public final class EvaluationPass {
  private EvaluationPass() {}

  public static EvaluationResult local(ComputationGraph network, DdcModelParams params, TrainingData.Local data,
      int batchSize, boolean ofm, int ofmBatches) {
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
      INDArray images = data.images().get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all()).dup('c')
          .reshape('c', count, shape.channels(), shape.height(), shape.width());
      boolean full = count == batchSize;
      boolean withOfm = ofm && full && ofmLeft > 0;
      acc.add(ids, java.util.Arrays.copyOfRange(data.labels(), from, from + count),
          evaluator.evaluate(images, full, withOfm));
      if (withOfm) {
        ofmLeft--;
      }
    }
    return acc.result(params.clusters());
  }

  public static EvaluationResult distributed(JavaRDD<TrainingData.Example> rows, NetworkSnapshot snapshot, int n,
      int batchSize, boolean ofm, int ofmBatches) {
    int partitions = rows.getNumPartitions();
    int perPartition = ofmBatches > 0 ? Math.max(1, (ofmBatches + partitions - 1) / partitions) : Integer.MAX_VALUE;
    EvaluationAccumulator merged = rows
        .mapPartitions(it -> List.of(evaluatePartition(it, snapshot, n, batchSize, ofm, perPartition)).iterator())
        .reduce(EvaluationAccumulator::merge);
    return merged.result(snapshot.params().clusters());
  }

  private static EvaluationAccumulator evaluatePartition(Iterator<TrainingData.Example> rows, NetworkSnapshot snapshot,
      int n, int batchSize, boolean ofm, int ofmBatches) {
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
        acc.add(ids, labels, evaluator.evaluate(images, full, withOfm));
        if (withOfm) {
          ofmLeft--;
        }
        batch.clear();
      }
    }
    return acc;
  }
}
