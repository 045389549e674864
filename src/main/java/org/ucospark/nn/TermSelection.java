package org.ucospark.nn;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Restricts the gradients of the loss heads to one loss term, on the calling thread, for pairwise
 * OFM (docs/ALGORITHMS.md §5.4: the cosine between the backbone gradients ∇_θ of every pair of loss
 * terms) and simple OFM (∇_θ of the clustering terms). While terms are selected, every head still
 * computes its score, but the gradient of every other term is multiplied by 0, so one backward pass
 * of the whole graph yields ∇_θ of those terms alone. Term names are those of the spec: {@code
 * ddc_1}, {@code ddc_2}, {@code ddc_3}, {@code uco/l}, {@code reconstruct}, {@code kl}, {@code
 * ohc}. Nothing is selected outside {@link #only} (training never is): every weight is then exactly
 * 1.
 */
public final class TermSelection {
  private static final ThreadLocal<Set<String>> SELECTED = new ThreadLocal<>();

  private TermSelection() {}

  /** Runs {@code work} with only {@code term}'s gradient flowing. */
  public static <T> T only(String term, Supplier<T> work) {
    return only(Set.of(term), work);
  }

  /**
   * Runs {@code work} with only the gradients of {@code terms} flowing (simple OFM: the clustering
   * terms).
   */
  public static <T> T only(Set<String> terms, Supplier<T> work) {
    Set<String> before = SELECTED.get();
    SELECTED.set(Set.copyOf(terms));
    try {
      return work.get();
    } finally {
      SELECTED.set(before);
    }
  }

  /** The factor of {@code term}'s gradient now: 1, or 0 while other terms are selected. */
  public static double weight(String term) {
    Set<String> selected = SELECTED.get();
    return selected == null || selected.contains(term) ? 1.0 : 0.0;
  }
}
