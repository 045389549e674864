package org.ucospark.model;

import com.typesafe.config.Config;
import org.ucospark.config.DecKeys;
import org.ucospark.config.Settings;

/**
 * The DEC family's own settings (docs/ALGORITHMS.md §3.8, "DEC"): bottleneck width, Student-t
 * degrees of freedom α, autoencoder pre-training epochs, how often the target distribution is
 * recomputed over the whole data set, the k-means restarts and the Adam learning rate of the
 * pre-training (the same for every variant, the authors' {@code pre_train_optimizer_config}; the
 * variant's own rate, e.g. DEC-UCO's 1e-4, applies to the clustering stage only). Defaults and
 * docs: the {@code dec.*} keys of reference.conf.
 */
public record DecParams(
    int bottleneck,
    double alpha,
    int pretrainEpochs,
    int targetUpdateInterval,
    int kmeansRestarts,
    double pretrainLearningRate)
    implements java.io.Serializable {

  /** The {@code dec.*} keys of {@code c}, checked (a bad value fails naming its key). */
  public static DecParams from(Config c) {
    return new DecParams(
        DecKeys.BOTTLENECK.get(c),
        DecKeys.ALPHA.get(c),
        DecKeys.PRETRAIN_EPOCHS.get(c),
        DecKeys.TARGET_UPDATE_INTERVAL.get(c),
        DecKeys.KMEANS_RESTARTS.get(c),
        DecKeys.PRETRAIN_LEARNING_RATE.get(c));
  }

  /** The defaults of reference.conf. */
  public static DecParams defaults() {
    return from(Settings.reference());
  }

  /** Whether {@code epoch} (1-based) belongs to the reconstruction-only pre-training. */
  public boolean pretraining(int epoch) {
    return epoch <= pretrainEpochs;
  }

  /**
   * Whether the target distribution is recomputed before fine-tuning epoch {@code epoch} (1-based,
   * global).
   */
  public boolean updatesTargets(int epoch) {
    return epoch > pretrainEpochs && (epoch - pretrainEpochs - 1) % targetUpdateInterval == 0;
  }
}
