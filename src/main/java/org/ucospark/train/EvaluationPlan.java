package org.ucospark.train;

import java.io.Serializable;
import org.ucospark.model.ModelParams;

/**
 * How a run evaluates, fixed for the whole run and the same for the local and the Spark trainer:
 * the seed that orders the evaluation batches ({@link ShufflePlan}), the batch size, whether OFM is
 * computed, on how many batches (0 = every full batch) and whether pairwise (docs/PROTOCOL.md
 * section 4). Serializable: the distributed pass ships it to the executors.
 *
 * @param seed the run seed
 * @param batchSize the training batch size, also the evaluation's
 * @param ofm whether to compute OFM ({@link #of})
 * @param ofmBatches OFM on the first this many batches of the order, 0 = all
 * @param pairwise whether to compute the cosine of every pair of loss terms too
 */
public record EvaluationPlan(
    long seed, int batchSize, boolean ofm, int ofmBatches, boolean pairwise)
    implements Serializable {

  /**
   * The plan of a run: OFM when {@code ofm.enabled} and the model has a companion objective
   * (simple) or at least two loss terms (pairwise).
   */
  public static EvaluationPlan of(RunSettings settings, ModelParams params) {
    return new EvaluationPlan(
        settings.seed(),
        settings.batchSize(),
        settings.ofmEnabled() && (params.variant().hasCompanion() || settings.ofmPairwise()),
        settings.ofmMaxBatches(),
        settings.ofmPairwise());
  }

  /** Whether batch {@code index} with {@code size} examples computes OFM. */
  boolean ofmOn(int index, int size) {
    return ofm && size == batchSize && (ofmBatches == 0 || index < ofmBatches);
  }
}
