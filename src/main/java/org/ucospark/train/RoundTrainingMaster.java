package org.ucospark.train;

import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter-averaging master, told how many batches the next {@code fitPaths} call holds.
 *
 * <p>{@link SparkTrainer#fitRounds} makes each averaging round itself and knows the round's batch
 * paths on the driver, but DL4J's {@code executeTrainingPaths} starts by counting them with a Spark
 * job ({@code count at ParameterAveragingTrainingMaster}) before its fit job: two jobs per round,
 * where the count answers a question the driver already knows. {@link #expectBatches} hands the
 * count over for the next call only; the count then decides the same split as DL4J's own (one
 * round, given at most workers × averaging_frequency paths), so the training is unchanged and every
 * round is one Spark job (docs/PERFORMANCE.md, "What one averaging round costs"). Any other count
 * (the direct approach's, once per epoch) is DL4J's.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;

  /** The batch count of the next counted RDD, or -1 to let DL4J count. */
  private transient long expected = -1;

  RoundTrainingMaster(Builder builder) {
    super(builder);
  }

  /** The number of batch paths of the next {@code fitPaths} call (used once). */
  void expectBatches(long count) {
    expected = count;
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(
      JavaRDDLike<T, R> data) {
    long known = expected;
    expected = -1;
    return known >= 0 ? known : super.getTotalDataSetObjectCount(data);
  }
}
