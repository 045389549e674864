package org.ucospark.model;

import com.typesafe.config.Config;

/**
 * Adam and gradient clipping (spec section 4): learning rate 1e-3 (UCO variants 1e-4), β 0.9/0.999, ε 1e-7
 * (Keras), each parameter tensor's gradient clipped to L2 norm {@code clipNorm} (Keras clipnorm; DL4J
 * {@code ClipL2PerParamType}); 0 disables clipping.
 */
public record OptimizerParams(double learningRate, double beta1, double beta2, double epsilon, double clipNorm)
    implements java.io.Serializable {
  public static OptimizerParams from(Config c) {
    return new OptimizerParams(c.getDouble("optimizer.learning_rate"), c.getDouble("optimizer.beta1"),
        c.getDouble("optimizer.beta2"), c.getDouble("optimizer.epsilon"), c.getDouble("optimizer.clip_norm"));
  }

  /** The same optimiser with another learning rate. */
  public OptimizerParams withLearningRate(double lr) {
    return new OptimizerParams(lr, beta1, beta2, epsilon, clipNorm);
  }
}
