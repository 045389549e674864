/**
 * The losses of docs/ALGORITHMS.md §3 as pure ND4J functions with explicit gradients: squared
 * distances and their exact median, the Gaussian kernel (§3.1), the Cauchy–Schwarz term (§3.2), the
 * DDC terms (§3.3), UCO with the naive and tensor kernels (§3.4, §3.5) and the authors' distance
 * gradient (§3.6), the Student-t/centroid costs and DEC's target distribution (§3.8), and the
 * greedy hard assignment of online hard-regularised clustering (§3.9). {@link
 * org.ucospark.loss.LossParams} binds the {@code loss.*} keys.
 *
 * <p>Every function computes in float64 where the math needs it and is checked against the fixtures
 * of src/test/resources/fixtures and against finite differences.
 *
 * <p>Depends on: ND4J (and OpenBLAS through JavaCPP for the symmetric products), {@code config} and
 * Typesafe Config for binding its keys. Never on DL4J layers, Spark or another project package:
 * {@code nn} wraps these functions into DL4J loss heads.
 */
package org.ucospark.loss;
