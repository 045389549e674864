package org.ucospark.model;

import com.typesafe.config.Config;
import org.ucospark.config.OptimizerKeys;
import org.ucospark.config.Settings;

/**
 * Adam and gradient clipping (docs/ALGORITHMS.md §4.1): learning rate, β1, β2, ε (Keras), each
 * parameter tensor's gradient clipped to L2 norm {@code clipNorm} (Keras clipnorm; DL4J {@code
 * ClipL2PerParamType}); 0 disables clipping. Defaults and docs: the {@code optimizer.*} keys of
 * reference.conf.
 */
public record OptimizerParams(
    double learningRate, double beta1, double beta2, double epsilon, double clipNorm)
    implements java.io.Serializable {
  /**
   * The {@code optimizer.*} keys of {@code c}, checked: {@code learning_rate} &gt; 0, {@code
   * clip_norm} ≥ 0 (a bad value fails naming its key).
   */
  public static OptimizerParams from(Config c) {
    return new OptimizerParams(
        OptimizerKeys.LEARNING_RATE.get(c),
        OptimizerKeys.BETA1.get(c),
        OptimizerKeys.BETA2.get(c),
        OptimizerKeys.EPSILON.get(c),
        OptimizerKeys.CLIP_NORM.get(c));
  }

  /** The defaults of reference.conf. */
  public static OptimizerParams defaults() {
    return from(Settings.reference());
  }

  /** The same optimiser with another learning rate. */
  public OptimizerParams withLearningRate(double lr) {
    return new OptimizerParams(lr, beta1, beta2, epsilon, clipNorm);
  }
}
