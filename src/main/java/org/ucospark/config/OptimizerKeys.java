package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

/** The {@code optimizer} block: Adam and gradient clipping (docs/PROTOCOL.md). */
public final class OptimizerKeys {
  private OptimizerKeys() {}

  public static final ConfigKey<Double> LEARNING_RATE =
      ConfigKey.real(
              "optimizer.learning_rate",
              1e-3,
              TRAIN,
              "Adam learning rate (1e-3; UCO variants 1e-4).")
          .validatedBy(Validator.positive());

  public static final ConfigKey<Double> BETA1 =
      ConfigKey.real("optimizer.beta1", 0.9, TRAIN, "Adam beta1 (Keras default).");

  public static final ConfigKey<Double> BETA2 =
      ConfigKey.real("optimizer.beta2", 0.999, TRAIN, "Adam beta2 (Keras default).");

  public static final ConfigKey<Double> EPSILON =
      ConfigKey.real("optimizer.epsilon", 1e-7, TRAIN, "Adam epsilon (Keras default).");

  public static final ConfigKey<Double> CLIP_NORM =
      ConfigKey.real(
              "optimizer.clip_norm",
              10.0,
              TRAIN,
              "Gradient clipping: L2 norm per parameter tensor (Keras clipnorm; DL4J"
                  + " ClipL2PerParamType). 0 disables.")
          .validatedBy(Validator.nonNegative());
}
