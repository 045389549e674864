package org.ucospark.train;

import java.util.SplittableRandom;

/**
 * The order of the examples in one epoch (docs/ALGORITHMS.md §4: reshuffled every epoch) and its
 * minibatches: batch b holds positions [b·B, min((b+1)·B, used)) of the order. The last partial
 * batch is dropped (DDC family and OHC, as the authors' tf.data pipeline with drop_remainder) or
 * kept (DEC family, as Keras {@code fit} on arrays does), see {@code drop_last_batch}; a partial
 * batch of a single example is always dropped (the pairwise terms need two). A pure function of
 * (run seed, epoch, N), so local and Spark training, and a resumed run, see exactly the same
 * minibatches; no random state needs checkpointing beyond the epoch number.
 *
 * <p>Evaluation (docs/ALGORITHMS.md §4: "in batches of the training batch size drawn from a
 * shuffled order … fix the permutation by the run seed"; the authors' TF code shuffles its
 * evaluation data set) uses the permutation of the key {@link #EVALUATION}, which no training epoch
 * has (epochs are 1-based): one order per run, so every evaluation of a run, local or on Spark,
 * before or after a resume, sees the same batches. The best checkpoint is evaluated once more at
 * the end in the order of the key {@link #FINAL}.
 */
public final class ShufflePlan {
  /** The epoch key of the evaluation order (training epochs start at 1). */
  public static final int EVALUATION = 0;

  /**
   * The epoch key of the final re-evaluation of the best checkpoint (docs/PROTOCOL.md, "winner's
   * curse"): an order fixed by (seed, "final"), different from {@link #EVALUATION}, the order whose
   * evaluations selected the checkpoint, so the reported loss is not the minimum of the noisy
   * evaluations that chose it.
   */
  public static final int FINAL = -1;

  private ShufflePlan() {}

  /** A permutation of 0..n−1 (Fisher–Yates with a stream seeded by seed and epoch). */
  public static int[] permutation(long seed, int epoch, int n) {
    SplittableRandom random =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + 17);
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
    return batches(n, batchSize, false);
  }

  /**
   * Minibatches per epoch: the full ones, and the last partial one when {@code keepPartial} (and ≥
   * 2 examples).
   */
  public static int batches(long n, int batchSize, boolean keepPartial) {
    return (int) (n / batchSize) + (keepsPartial(n, batchSize, keepPartial) ? 1 : 0);
  }

  /** Examples trained per epoch: the first {@code used} positions of the epoch's order. */
  public static int used(long n, int batchSize, boolean keepPartial) {
    return (int) (keepsPartial(n, batchSize, keepPartial) ? n : n / batchSize * batchSize);
  }

  /** Size of minibatch {@code b} (0-based) of an epoch that trains {@code used} examples. */
  public static int batchLength(int used, int batchSize, int b) {
    return Math.min(batchSize, used - b * batchSize);
  }

  private static boolean keepsPartial(long n, int batchSize, boolean keepPartial) {
    return keepPartial && n % batchSize >= 2;
  }
}
