package org.ucospark.model;

import java.util.List;

/**
 * A model (docs/PROTOCOL.md; the names of the contracts): configuration, not a copy of a network.
 * Its {@link ModelFamily} (by name, {@link ModelFamilies#of}) picks the networks, the clustering
 * objective and the training schedule, its {@link Encoder} the backbone, and its companions the
 * {@link LossTerm}s the builder adds as companion heads. The built-in models are the constants
 * below; a {@link ModelFamily} declares which it accepts ({@link ModelFamily#variants}), and {@code
 * --model} / {@code model} take those of every registered family ({@link ModelFamilies#parse}).
 *
 * @param id the name {@code model} takes and results carry
 * @param family the {@link ModelFamily#name} of its family
 * @param encoder the backbone up to the block outputs
 * @param companions the names of its companion {@link LossTerm}s, in term order
 */
public record ModelVariant(String id, String family, Encoder encoder, List<String> companions)
    implements java.io.Serializable {
  /** The companion name of UCO ({@link UcoTerm}). */
  public static final String UCO = "uco";

  /** The companion name of the reconstruction term ({@link ReconstructionTerm}). */
  public static final String RECONSTRUCT = "reconstruct";

  /** DDC: cnn_small backbone, DDC head, loss ddc_1 + ddc_2 + ddc_3. */
  public static final ModelVariant DDC = new ModelVariant("ddc", "ddc", Encoder.CNN_SMALL);

  /** DDC-UCO: DDC plus a Cauchy–Schwarz companion objective on every block output. */
  public static final ModelVariant DDC_UCO =
      new ModelVariant("ddc_uco", "ddc", Encoder.CNN_SMALL, UCO);

  /** DDC-AE: DDC plus the cnn_small_transposed decoder and reconstruction MSE. */
  public static final ModelVariant DDC_AE =
      new ModelVariant("ddc_ae", "ddc", Encoder.CNN_SMALL, RECONSTRUCT);

  /**
   * DEC: MLP autoencoder pre-training, k-means centroids, Student-t assignments trained by KL(P‖Q).
   */
  public static final ModelVariant DEC = new ModelVariant("dec", "dec", Encoder.MLP);

  /** IDEC: DEC plus the weighted reconstruction term during clustering. */
  public static final ModelVariant IDEC = new ModelVariant("idec", "dec", Encoder.MLP, RECONSTRUCT);

  /** DEC-UCO: DEC plus UCO (naive kernel) on the MLP's block outputs. */
  public static final ModelVariant DEC_UCO = new ModelVariant("dec_uco", "dec", Encoder.MLP, UCO);

  /** CDEC: DEC on the cnn_small encoder and its transposed decoder. */
  public static final ModelVariant CDEC = new ModelVariant("cdec", "dec", Encoder.CNN_SMALL);

  /** ICDEC: IDEC on the cnn_small encoder. */
  public static final ModelVariant ICDEC =
      new ModelVariant("icdec", "dec", Encoder.CNN_SMALL, RECONSTRUCT);

  /** CDEC-UCO: DEC-UCO on the cnn_small encoder (tensor kernel). */
  public static final ModelVariant CDEC_UCO =
      new ModelVariant("cdec_uco", "dec", Encoder.CNN_SMALL, UCO);

  /**
   * Online hard-regularised clustering (Mahon &amp; Lukasiewicz 2024): encoder, trainable
   * centroids, greedy hard assignment.
   */
  public static final ModelVariant OHC = new ModelVariant("ohc", "ohc", Encoder.LENET);

  /** The backbone up to the block outputs X_1, X_2 (docs/ALGORITHMS.md §2). */
  public enum Encoder {
    CNN_SMALL,
    MLP,
    LENET
  }

  public ModelVariant {
    companions = List.copyOf(companions);
  }

  public ModelVariant(String id, String family, Encoder encoder, String... companions) {
    this(id, family, encoder, List.of(companions));
  }

  public boolean hasUco() {
    return companions.contains(UCO);
  }

  /** True when the trained objective has a reconstruction term (DDC-AE, IDEC, ICDEC). */
  public boolean hasDecoder() {
    return companions.contains(RECONSTRUCT);
  }

  /** True when the model has a companion objective, so OFM is defined (docs/ALGORITHMS.md §5.4). */
  public boolean hasCompanion() {
    return !companions.isEmpty();
  }

  /** The id: messages name a model by it. */
  @Override
  public String toString() {
    return id;
  }
}
