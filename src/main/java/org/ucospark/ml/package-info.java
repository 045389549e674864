/**
 * The Spark ML face of uco-spark (docs/SPARK_ML.md): {@link org.ucospark.ml.DeepClustering}, an
 * {@code Estimator}, fits the tool's models on a DataFrame through the code of {@code train}, and
 * {@link org.ucospark.ml.DeepClusteringModel}, a {@code Model}, transforms DataFrames on the
 * executors and is saved and loaded like Spark's own models, inside a {@code PipelineModel} too. A
 * Spark edge: it uses Spark and the train, model and eval packages; the numerics never use it.
 */
package org.ucospark.ml;
