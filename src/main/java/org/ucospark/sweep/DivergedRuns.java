package org.ucospark.sweep;

import java.util.Locale;

/**
 * Whether a sweep's summary counts its diverged runs ({@code sweep.diverged}; docs/PROTOCOL.md,
 * "survivorship"). {@link #INCLUDE}, the default and the authors' way: a diverged run reports its
 * best checkpoint from before the divergence and counts in mean ± std, the paired tests and the
 * choice of the best run like a finished one (metrics it never had, a divergence before the first
 * evaluation, are skipped as undefined). {@link #EXCLUDE}: only finished runs count. Either way
 * every cell says how many of its runs diverged.
 */
public enum DivergedRuns {
  INCLUDE,
  EXCLUDE;

  /**
   * @param s {@code include} or {@code exclude} (case-insensitive)
   * @return the policy
   * @throws IllegalArgumentException for anything else
   */
  public static DivergedRuns parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (DivergedRuns d : values()) {
      if (d.id().equals(v)) {
        return d;
      }
    }
    throw new IllegalArgumentException("expected include or exclude, got '" + s + "'");
  }

  /**
   * @return {@code include} or {@code exclude}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return what every table header says: "diverged runs included" or "diverged runs excluded"
   */
  public String description() {
    return "diverged runs " + id() + "d";
  }
}
