package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

import java.util.List;

/** The {@code ohc} block: online hard-regularised clustering. */
public final class OhcKeys {
  private OhcKeys() {}

  public static final ConfigKey<Integer> EMBEDDING =
      ConfigKey.integer("ohc.embedding", 128, TRAIN, "Width of the embedding z.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Double> SIGMA =
      ConfigKey.real("ohc.sigma", 100.0, TRAIN, "Cost scale: C_ik = |z_i - mu_k|^2 / sigma.")
          .validatedBy(Validator.positive());

  public static final ConfigKey<String> ENCODER =
      ConfigKey.choice(
          "ohc.encoder",
          "lenet",
          List.of("lenet", "cnn_small"),
          TRAIN,
          "Encoder: lenet (the paper's small LeNet) | cnn_small.");
}
