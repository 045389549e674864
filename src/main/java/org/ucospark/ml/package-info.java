/**
 * The Spark ML face of uco-spark (docs/SPARK_ML.md): {@link org.ucospark.ml.DeepClustering}, an
 * {@code Estimator} whose {@code fit} trains any registered model on a DataFrame through the same
 * {@code TrainingRun} as the {@code train} command (one JVM, or parameter averaging over the
 * executors), and {@link org.ucospark.ml.DeepClusteringModel}, the {@code Model} whose {@code
 * transform} adds the cluster, the soft assignment and the embedding on the executors, saved and
 * loaded in Spark ML's persistence layout (also inside a {@code PipelineModel}). Its training
 * {@code Param}s are the configuration keys' own declarations ({@link org.ucospark.ml.ParamKeys}):
 * one doc, default and validator for both.
 *
 * <p>Depends on: Spark SQL and MLlib, {@code train}, {@code model}, {@code prepare}, {@code io},
 * {@code config}, the root package. A Spark edge in the layer of {@code sweep} and {@code bench}:
 * nothing below it uses it; the command line does ({@code train} and {@code quickstart} fit through
 * {@code DeepClustering.train}, which writes {@code RUN_DIR/model}; {@code predict --model}).
 */
package org.ucospark.ml;
