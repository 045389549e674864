package org.ucospark.train;

import java.util.SplittableRandom;

/**
 * The order of the examples in one epoch (spec section 4: reshuffled every epoch, the last partial batch
 * dropped). A pure function of (run seed, epoch, N), so local and Spark training, and a resumed run, see
 * exactly the same minibatches; no random state needs checkpointing beyond the epoch number.
 *
 * <p>Evaluation (spec section 4: "in batches of the training batch size drawn from a shuffled order … fix the
 * permutation by the run seed"; the authors' TF code shuffles its evaluation data set) uses the permutation of
 * the key {@link #EVALUATION}, which no training epoch has (epochs are 1-based): one order per run, so every
 * evaluation of a run, local or on Spark, before or after a resume, sees the same batches.
 */
public final class ShufflePlan {
  /** The epoch key of the evaluation order (training epochs start at 1). */
  public static final int EVALUATION = 0;

  private ShufflePlan() {}

  /** A permutation of 0..n−1 (Fisher–Yates with a stream seeded by seed and epoch). */
  public static int[] permutation(long seed, int epoch, int n) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + 17);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Position of every example in the epoch's order: position[id] = index in permutation. */
  public static int[] positions(long seed, int epoch, int n) {
    int[] order = permutation(seed, epoch, n);
    int[] position = new int[n];
    for (int i = 0; i < n; i++) {
      position[order[i]] = i;
    }
    return position;
  }

  /** Full minibatches per epoch: the last partial batch is dropped. */
  public static int batches(long n, int batchSize) {
    return (int) (n / batchSize);
  }
}
