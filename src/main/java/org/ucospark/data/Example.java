package org.ucospark.data;

import java.util.Objects;

/**
 * One image of a data set after its pixel recipe (docs/ALGORITHMS.md §1).
 *
 * @param id position in the canonical order (train part first, then test), 0..N−1
 * @param label ground-truth class, 0..K−1 (used only for evaluation)
 * @param part {@code "train"} or {@code "test"} (the original split; clustering uses both)
 * @param pixels C×H×W values, row-major: index = (c·H + y)·W + x
 */
public record Example(long id, int label, String part, float[] pixels) {
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  public Example {
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(pixels, "pixels");
  }
}
