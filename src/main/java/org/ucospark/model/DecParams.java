package org.ucospark.model;

/**
 * The DEC family's own settings (spec section 3, "DEC"): bottleneck width (10), Student-t degrees of freedom
 * α (1), autoencoder pre-training epochs (the paper: 200 of 600), how often the target distribution is
 * recomputed over the whole data set (every 140 fine-tuning epochs), the k-means restarts (20) and the Adam
 * learning rate of the pre-training (1e-3 for every variant, the authors' {@code pre_train_optimizer_config};
 * the variant's own rate, e.g. DEC-UCO's 1e-4, applies to the clustering stage only).
 */
public record DecParams(int bottleneck, double alpha, int pretrainEpochs, int targetUpdateInterval,
    int kmeansRestarts, double pretrainLearningRate) implements java.io.Serializable {

  public static DecParams defaults() {
    return new DecParams(10, 1.0, 200, 140, 20, 1e-3);
  }

  /** Whether {@code epoch} (1-based) belongs to the reconstruction-only pre-training. */
  public boolean pretraining(int epoch) {
    return epoch <= pretrainEpochs;
  }

  /** Whether the target distribution is recomputed before fine-tuning epoch {@code epoch} (1-based, global). */
  public boolean updatesTargets(int epoch) {
    return epoch > pretrainEpochs && (epoch - pretrainEpochs - 1) % targetUpdateInterval == 0;
  }
}
