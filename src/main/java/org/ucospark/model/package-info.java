/**
 * The models: the variants and their families ({@link org.ucospark.model.ModelVariant}), the
 * network builders of docs/ALGORITHMS.md §2 as DL4J {@code ComputationGraph}s behind {@link
 * org.ucospark.model.Networks} (DDC family, DEC family in two stages, OHC), the limits an input
 * shape must meet, each model's {@link org.ucospark.model.Objective} (every named loss term of §3
 * with its inputs and scale, and the backbone parameters θ of OFM) from which {@link
 * org.ucospark.model.LossHeads} writes the loss heads, the settings of each family and of the
 * optimiser (§4.1), paired initialisation by run seed and DEC's k-means centroids (§4.6).
 *
 * <p>Depends on: DL4J and ND4J, {@code nn}, {@code loss}, {@code config} and Typesafe Config for
 * binding its keys, {@code data} (the no-label marker), {@code eval} (the metrics of the k-means
 * log), the root package. Never on Spark: a network is built the same way on the driver and in an
 * executor.
 */
package org.ucospark.model;
