/**
 * Clustering evaluation metrics (docs/ALGORITHMS.md §5): ACC (Hungarian matching, §5.1), NMI
 * (geometric normalisation, natural log, §5.2), ARI and the unadjusted Rand index (§5.3), with the
 * building blocks {@link org.ucospark.eval.ContingencyTable} and {@link
 * org.ucospark.eval.Hungarian}.
 *
 * <p>Everything here is a pure function of its arguments: no state, no Spark, no ND4J. Counts are
 * kept in {@code long} and pair counts never pass through {@code int}, so sample counts far beyond
 * 70,000 are safe. The degenerate cases of NMI and ARI follow scikit-learn ({@code
 * normalized_mutual_info_score(..., average_method='geometric')}, {@code adjusted_rand_score}).
 *
 * <p>Depends on: the JDK only (a bottom layer like {@code config}).
 */
package org.ucospark.eval;
