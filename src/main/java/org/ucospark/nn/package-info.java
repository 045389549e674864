/**
 * DL4J layers of the losses: the parameter-free loss heads whose forward and backward are the
 * functions of {@code loss} ({@link org.ucospark.nn.ExplicitLossLayer} and its DDC and UCO heads),
 * the KL, reconstruction and hard-clustering losses, the trainable centroid layer, the selection of
 * loss terms for OFM (docs/ALGORITHMS.md §5.4), batch normalisation over channels, and the
 * process-wide DL4J/ND4J backend settings ({@link org.ucospark.nn.Dl4jBackend}).
 *
 * <p>Depends on: DL4J and ND4J, {@code loss}. Never on Spark or on {@code model}: the layers know
 * nothing of the networks they are wired into.
 */
package org.ucospark.nn;
