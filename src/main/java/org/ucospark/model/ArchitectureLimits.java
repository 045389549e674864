package org.ucospark.model;

import org.ucospark.UcoException;

/**
 * What a network needs of its data set, checked before anything is built so that a data set of the
 * user's own that cannot work fails with one line saying what to do (instead of a DL4J shape error
 * deep in training).
 *
 * <ul>
 *   <li>cnn_small (docs/ALGORITHMS.md §2.1, unpadded): X_1 is (H−8)×(W−8) and X_2 ⌊(⌊(H−8)/2⌋−4)/2⌋
 *       per side, so both blocks exist only from 20×20 on (16×16 gives an empty X_2); its
 *       transposed decoder (DDC-AE, CDEC, ICDEC, CDEC-UCO) returns 4·X_2 + 16 per side, which is
 *       the input size only when H and W are multiples of 4;
 *   <li>LeNet (OHC): ⌊(⌊(H−4)/2⌋−4)/2⌋ ≥ 1, i.e. at least 16×16;
 *   <li>the MLP encoder takes any size;
 *   <li>K ≥ 2 clusters, at most one per example, and at least one full batch of examples.
 * </ul>
 */
public final class ArchitectureLimits {
  /** Smallest side of cnn_small's two blocks. */
  public static final int CNN_SMALL_MIN = 20;

  /** Smallest side of the LeNet encoder. */
  public static final int LENET_MIN = 16;

  private ArchitectureLimits() {}

  /**
   * @param where the data set's location, for the message
   * @throws UcoException one line that names the data set and what to do
   */
  public static void check(ModelParams p, long examples, int batchSize, String where) {
    InputShape in = p.input();
    String model = p.variant().id();
    int clusters = p.clusters();
    if (clusters < 2) {
      throw new UcoException(
          where
              + ": K = "
              + clusters
              + " cluster; clustering needs at least 2 (prepare it again"
              + " with --clusters K)");
    }
    if (clusters > examples) {
      throw new UcoException(
          where
              + ": "
              + examples
              + " examples for K = "
              + clusters
              + " clusters; use more data"
              + " or fewer clusters (prepare --clusters K, or a larger data.limit)");
    }
    if (examples < batchSize) {
      throw new UcoException(
          "batch_size "
              + batchSize
              + " is larger than the data set ("
              + examples
              + " rows at "
              + where
              + "); set --set batch_size="
              + Math.max(2, examples)
              + " or less");
    }
    ModelFamily family = ModelFamilies.of(p.variant());
    ModelVariant.Encoder encoder = family.encoder(p);
    int side = Math.min(in.height(), in.width());
    String size = in.height() + "x" + in.width();
    if (encoder == ModelVariant.Encoder.CNN_SMALL) {
      if (side < CNN_SMALL_MIN) {
        throw new UcoException(
            where
                + ": "
                + size
                + " images are too small for cnn_small ("
                + model
                + "), whose two"
                + " blocks need at least "
                + CNN_SMALL_MIN
                + "x"
                + CNN_SMALL_MIN
                + "; prepare it again with --resize 32x32");
      }
      if (family.decodes(p.variant()) && (in.height() % 4 != 0 || in.width() % 4 != 0)) {
        throw new UcoException(
            where
                + ": "
                + size
                + " images: the cnn_small decoder of "
                + model
                + " rebuilds only"
                + " sides that are multiples of 4; prepare it again with --resize "
                + round4(in.height())
                + "x"
                + round4(in.width()));
      }
    } else if (encoder == ModelVariant.Encoder.LENET && side < LENET_MIN) {
      throw new UcoException(
          where
              + ": "
              + size
              + " images are too small for the LeNet encoder of "
              + model
              + ", which needs at least "
              + LENET_MIN
              + "x"
              + LENET_MIN
              + "; prepare it again with --resize 32x32");
    }
  }

  private static int round4(int side) {
    return Math.max(CNN_SMALL_MIN, (side + 3) / 4 * 4);
  }
}
