package org.ucospark.model;

import com.typesafe.config.Config;
import org.ucospark.config.OhcKeys;
import org.ucospark.config.Settings;

/**
 * Online hard-regularised clustering (docs/ALGORITHMS.md §3.9; Mahon &amp; Lukasiewicz, AAAI 2024):
 * the embedding width, the cost scale σ in C_ik = ‖z_i − μ_k‖²/σ and the encoder ({@link
 * ModelVariant.Encoder#LENET}, the paper's, or {@link ModelVariant.Encoder#CNN_SMALL}). Defaults
 * and docs: the {@code ohc.*} keys of reference.conf.
 */
public record OhcParams(int embedding, double sigma, ModelVariant.Encoder encoder)
    implements java.io.Serializable {

  /** The {@code ohc.*} keys of {@code c}, checked (a bad value fails naming its key). */
  public static OhcParams from(Config c) {
    return new OhcParams(
        OhcKeys.EMBEDDING.get(c), OhcKeys.SIGMA.get(c), encoder(OhcKeys.ENCODER.get(c)));
  }

  /** The defaults of reference.conf. */
  public static OhcParams defaults() {
    return from(Settings.reference());
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
