package org.ucospark.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The Spark side of {@link ShufflePlan}: training and evaluation batches built on the executors.
 */
final class SparkBatches {
  private SparkBatches() {}

  /**
   * The rows grouped into the batches of an order (one shuffle, whatever the partitioning of {@code
   * rows}): example {@code id} goes to batch ⌊pos(id)/B⌋ at slot pos(id) mod B; keyed by batch
   * index, each batch in slot order. Only positions below {@code kept} are used: N for evaluation
   * (the last batch holds the N mod B remaining examples), {@link ShufflePlan#used} for training
   * (the partial batch dropped or kept per model).
   */
  static JavaPairRDD<Integer, List<TrainingData.Example>> group(
      JavaRDD<TrainingData.Example> rows, Broadcast<int[]> positions, int batchSize, int kept) {
    return rows.filter(e -> positions.value()[e.id] < kept)
        .mapToPair(e -> new Tuple2<>(positions.value()[e.id] / batchSize, e))
        .groupByKey(rows.getNumPartitions())
        .mapToPair(
            batch -> {
              int index = batch._1();
              TrainingData.Example[] slots =
                  new TrainingData.Example[Math.min(batchSize, kept - index * batchSize)];
              for (TrainingData.Example e : batch._2()) {
                slots[positions.value()[e.id] % batchSize] = e;
              }
              return new Tuple2<>(index, new ArrayList<>(Arrays.asList(slots)));
            });
  }
}
