package org.ucospark.model;

/**
 * Online hard-regularised clustering (spec section 3; Mahon &amp; Lukasiewicz, AAAI 2024): the embedding width
 * (128), the cost scale σ in C_ik = ‖z_i − μ_k‖²/σ (100) and the encoder ({@link ModelVariant.Encoder#LENET},
 * the paper's, or {@link ModelVariant.Encoder#CNN_SMALL}).
 */
public record OhcParams(int embedding, double sigma, ModelVariant.Encoder encoder) implements java.io.Serializable {

  public static OhcParams defaults() {
    return new OhcParams(128, 100.0, ModelVariant.Encoder.LENET);
  }

  /** The encoder of configuration value {@code ohc.encoder}: lenet | cnn_small. */
  public static ModelVariant.Encoder encoder(String name) {
    return switch (name) {
      case "lenet" -> ModelVariant.Encoder.LENET;
      case "cnn_small" -> ModelVariant.Encoder.CNN_SMALL;
      default -> throw new IllegalArgumentException("unknown OHC encoder " + name);
    };
  }
}
