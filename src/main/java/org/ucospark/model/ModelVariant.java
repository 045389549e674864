package org.ucospark.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ucospark.UcoException;

/**
 * The model variants built on the DDC network (spec sections 2–3). A variant is configuration, not a copy of
 * the network: it says which loss heads the shared builder attaches.
 */
public enum ModelVariant {
  /** DDC: cnn_small backbone, DDC head, loss ddc_1 + ddc_2 + ddc_3. */
  DDC("ddc", false, false),
  /** DDC-UCO: DDC plus a Cauchy–Schwarz companion objective on every block output. */
  DDC_UCO("ddc_uco", true, false),
  /** DDC-AE: DDC plus the cnn_small_transposed decoder and reconstruction MSE. */
  DDC_AE("ddc_ae", false, true);

  private final String id;
  private final boolean uco;
  private final boolean decoder;

  ModelVariant(String id, boolean uco, boolean decoder) {
    this.id = id;
    this.uco = uco;
    this.decoder = decoder;
  }

  public String id() {
    return id;
  }

  public boolean hasUco() {
    return uco;
  }

  public boolean hasDecoder() {
    return decoder;
  }

  /** True when the model has a companion objective, so OFM is defined (spec section 5). */
  public boolean hasCompanion() {
    return uco || decoder;
  }

  public static ModelVariant parse(String name) {
    for (ModelVariant v : values()) {
      if (v.id.equals(name.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new UcoException("unknown model '" + name + "' (known: "
        + Arrays.stream(values()).map(ModelVariant::id).collect(Collectors.joining(", ")) + ")");
  }
}
