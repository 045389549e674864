package org.ucospark.model;

import java.util.List;

/**
 * Channels × height × width of the images fed to the network, and the shapes of the two cnn_small
 * block outputs X_1 and X_2 (docs/ALGORITHMS.md §2.1: no padding, stride 1, max-pooling 2×2 stride
 * 2).
 */
public record InputShape(int channels, int height, int width) implements java.io.Serializable {
  public static final int BLOCK_CHANNELS = 32;

  public static InputShape of(List<Integer> chw) {
    return new InputShape(chw.get(0), chw.get(1), chw.get(2));
  }

  public int size() {
    return channels * height * width;
  }

  /** X_1: two 5×5 convolutions: (C, H−8, W−8) with 32 channels. */
  public long[] block1() {
    return new long[] {BLOCK_CHANNELS, height - 8, width - 8};
  }

  /** X_2: pool 2, two 3×3 convolutions, pool 2: 32 × ((H−8)/2 − 4)/2. */
  public long[] block2() {
    return new long[] {BLOCK_CHANNELS, ((height - 8) / 2 - 4) / 2, ((width - 8) / 2 - 4) / 2};
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
