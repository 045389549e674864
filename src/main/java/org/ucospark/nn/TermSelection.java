package org.ucospark.nn;

import java.util.function.Supplier;

/**
 * Restricts the gradients of the loss heads to one loss term, on the calling thread, for pairwise OFM (spec
 * section 5: the cosine between the backbone gradients ∇_θ of every pair of loss terms). While a term is
 * selected, every head still computes its score, but the gradient of every other term is multiplied by 0, so
 * one backward pass of the whole graph yields ∇_θ of that term alone. Term names are those of the spec:
 * {@code ddc_1}, {@code ddc_2}, {@code ddc_3}, {@code uco/l}, {@code reconstruct}, {@code kl}, {@code ohc}.
 * Nothing is selected outside {@link #only} (training never is): every weight is then exactly 1.
 */
public final class TermSelection {
  private static final ThreadLocal<String> SELECTED = new ThreadLocal<>();

  private TermSelection() {}

  /** Runs {@code work} with only {@code term}'s gradient flowing. */
  public static <T> T only(String term, Supplier<T> work) {
    String before = SELECTED.get();
    SELECTED.set(term);
    try {
      return work.get();
    } finally {
      SELECTED.set(before);
    }
  }

  /** The factor of {@code term}'s gradient now: 1, or 0 while another term is selected. */
  public static double weight(String term) {
    String selected = SELECTED.get();
    return selected == null || selected.equals(term) ? 1.0 : 0.0;
  }
}
