/**
 * uco-spark: deep clustering (DDC, DDC-UCO, autoencoder baselines) on Spark with Deeplearning4j.
 *
 * <p>Packages: {@code data} (raw readers and pixel recipes), {@code io} (Hadoop file system edges),
 * {@code config} (typed configuration), {@code loss} (numerics of spec section 3), {@code eval}
 * (metrics of spec section 5), {@code nn} (network builders, section 2), {@code train}, {@code sweep},
 * {@code report}, {@code cli}.
 */
package org.ucospark;
