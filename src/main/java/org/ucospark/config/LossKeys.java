package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

import java.util.List;

/** The {@code loss} block: the DDC and UCO loss terms (docs/PROTOCOL.md). */
public final class LossKeys {
  private LossKeys() {}

  public static final ConfigKey<Double> REL_SIGMA =
      ConfigKey.real(
              "loss.rel_sigma", 0.15, TRAIN, "Kernel bandwidth: sigma = rel_sigma * median(D).")
          .validatedBy(Validator.positive());

  public static final ConfigKey<Double> UCO_LAMBDA =
      ConfigKey.real("loss.uco_lambda", 0.01, TRAIN, "UCO weight lambda.")
          .validatedBy(Validator.nonNegative());

  public static final ConfigKey<String> UCO_KERNEL =
      ConfigKey.choice(
          "loss.uco_kernel", "tensor", List.of("tensor", "naive"), TRAIN, "UCO kernel.");

  public static final ConfigKey<String> UCO_WEIGHTING =
      ConfigKey.choice(
          "loss.uco_weighting",
          "constant",
          List.of("constant", "linear", "exp"),
          TRAIN,
          "UCO layer weights w_l.");

  public static final ConfigKey<Boolean> UCO_ASSIGNMENT_GRADIENT =
      ConfigKey.bool(
          "loss.uco_assignment_gradient",
          true,
          TRAIN,
          "Let UCO gradients flow into the assignments (the paper: true).");

  public static final ConfigKey<String> DISTANCE_GRADIENT =
      ConfigKey.choice(
          "loss.distance_gradient",
          "exact",
          List.of("exact", "authors"),
          TRAIN,
          "How squared-distance matrices of vectors are differentiated: exact (the true gradient)"
              + " | authors (the hand-written gradient of the authors' TensorFlow code, exact only"
              + " for a symmetric G; the published numbers were trained with it).");

  public static final ConfigKey<Double> RECONSTRUCTION_WEIGHT =
      ConfigKey.real(
              "loss.reconstruction_weight",
              0.1,
              TRAIN,
              "Weight of the reconstruction term (DDC-AE: 0.1; IDEC/ICDEC: 10; DEC pre-training"
                  + " always uses 1).")
          .validatedBy(Validator.nonNegative());
}
