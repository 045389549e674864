/**
 * uco-spark: deep clustering (DDC, DDC-UCO, autoencoder baselines) on Spark with Deeplearning4j.
 *
 * <p>Packages: {@code data} (raw readers and pixel recipes), {@code io} (Hadoop file system edges),
 * {@code config} (typed configuration), {@code loss} (numerics of spec section 3), {@code eval}
 * (metrics of spec section 5), {@code nn} (DL4J layers of the losses), {@code model} (network
 * builders, section 2, and the model's objective), {@code prepare}, {@code train}, {@code sweep},
 * {@code bench}, {@code report}, {@code cli}. The root package ({@link org.ucospark.UcoException},
 * {@link org.ucospark.BuildInfo}) and the lowest layer, {@code config} (every configuration key
 * declared once: {@link org.ucospark.config.ConfigKeys}), are usable from every layer; the layer
 * order is in docs/CODE.md and checked by {@code LayeringTest}.
 */
package org.ucospark;
