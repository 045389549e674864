package org.ucospark.model;

import com.typesafe.config.Config;
import org.ucospark.Settings;

/**
 * The DEC family's own settings (spec section 3, "DEC"): bottleneck width, Student-t degrees of
 * freedom α, autoencoder pre-training epochs, how often the target distribution is recomputed over
 * the whole data set, the k-means restarts and the Adam learning rate of the pre-training (the same
 * for every variant, the authors' {@code pre_train_optimizer_config}; the variant's own rate, e.g.
 * DEC-UCO's 1e-4, applies to the clustering stage only). Defaults and docs: the {@code dec.*} keys
 * of reference.conf.
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
        Settings.atLeast(c, "dec.bottleneck", 1),
        Settings.positive(c, "dec.alpha"),
        (int) Settings.nonNegative(c, "dec.pretrain_epochs"),
        Settings.atLeast(c, "dec.target_update_interval", 1),
        Settings.atLeast(c, "dec.kmeans_restarts", 1),
        Settings.positive(c, "dec.pretrain_learning_rate"));
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
