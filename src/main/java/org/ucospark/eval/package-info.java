/**
 * Clustering evaluation metrics of spec section 5 (ALGORITHMS.md, "Metrics"): ACC (Hungarian
 * matching), NMI (geometric normalisation, natural log) and ARI, with the building blocks {@link
 * org.ucospark.eval.ContingencyTable} and {@link org.ucospark.eval.Hungarian}.
 *
 * <p>Everything here is a pure function of its arguments: no state, no Spark, no ND4J. Counts are
 * kept in {@code long} and pair counts never pass through {@code int}, so sample counts far beyond
 * 70,000 are safe. The degenerate cases of NMI and ARI follow scikit-learn ({@code
 * normalized_mutual_info_score(..., average_method='geometric')}, {@code adjusted_rand_score}).
 */
package org.ucospark.eval;
