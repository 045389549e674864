package org.ucospark.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ucospark.UcoException;

/**
 * The model variants (spec sections 2–3, names of CONTRACTS.md). A variant is configuration, not a
 * copy of a network: its {@link Family} picks the network builder, its {@link Encoder} the
 * backbone, and the two flags which companion heads the builder attaches.
 */
public enum ModelVariant {
  /** DDC: cnn_small backbone, DDC head, loss ddc_1 + ddc_2 + ddc_3. */
  DDC("ddc", Family.DDC, Encoder.CNN_SMALL, false, false),
  /** DDC-UCO: DDC plus a Cauchy–Schwarz companion objective on every block output. */
  DDC_UCO("ddc_uco", Family.DDC, Encoder.CNN_SMALL, true, false),
  /** DDC-AE: DDC plus the cnn_small_transposed decoder and reconstruction MSE. */
  DDC_AE("ddc_ae", Family.DDC, Encoder.CNN_SMALL, false, true),
  /**
   * DEC: MLP autoencoder pre-training, k-means centroids, Student-t assignments trained by KL(P‖Q).
   */
  DEC("dec", Family.DEC, Encoder.MLP, false, false),
  /** IDEC: DEC plus the weighted reconstruction term during clustering. */
  IDEC("idec", Family.DEC, Encoder.MLP, false, true),
  /** DEC-UCO: DEC plus UCO (naive kernel) on the MLP's block outputs. */
  DEC_UCO("dec_uco", Family.DEC, Encoder.MLP, true, false),
  /** CDEC: DEC on the cnn_small encoder and its transposed decoder. */
  CDEC("cdec", Family.DEC, Encoder.CNN_SMALL, false, false),
  /** ICDEC: IDEC on the cnn_small encoder. */
  ICDEC("icdec", Family.DEC, Encoder.CNN_SMALL, false, true),
  /** CDEC-UCO: DEC-UCO on the cnn_small encoder (tensor kernel). */
  CDEC_UCO("cdec_uco", Family.DEC, Encoder.CNN_SMALL, true, false),
  /**
   * Online hard-regularised clustering (Mahon &amp; Lukasiewicz 2024): encoder, trainable
   * centroids, greedy hard assignment.
   */
  OHC("ohc", Family.OHC, Encoder.LENET, false, false);

  /** Which builder and training schedule a variant uses. */
  public enum Family {
    DDC,
    DEC,
    OHC
  }

  /** The backbone up to the block outputs X_1, X_2 (spec section 2). */
  public enum Encoder {
    CNN_SMALL,
    MLP,
    LENET
  }

  private final String id;
  private final Family family;
  private final Encoder encoder;
  private final boolean uco;
  private final boolean reconstruction;

  ModelVariant(String id, Family family, Encoder encoder, boolean uco, boolean reconstruction) {
    this.id = id;
    this.family = family;
    this.encoder = encoder;
    this.uco = uco;
    this.reconstruction = reconstruction;
  }

  public String id() {
    return id;
  }

  public Family family() {
    return family;
  }

  public Encoder encoder() {
    return encoder;
  }

  public boolean hasUco() {
    return uco;
  }

  /** True when the trained objective has a reconstruction term (DDC-AE, IDEC, ICDEC). */
  public boolean hasDecoder() {
    return reconstruction;
  }

  /** True when the model has a companion objective, so OFM is defined (spec section 5). */
  public boolean hasCompanion() {
    return uco || reconstruction;
  }

  public static ModelVariant parse(String name) {
    for (ModelVariant v : values()) {
      if (v.id.equals(name.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new UcoException(
        "unknown model '"
            + name
            + "' (known: "
            + Arrays.stream(values()).map(ModelVariant::id).collect(Collectors.joining(", "))
            + ")");
  }
}
