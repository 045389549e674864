/**
 * The Hadoop and Spark edges: every user path (file://, hdfs://, s3a://, plain local) goes through
 * {@link org.ucospark.io.HadoopFs} (atomic writes, object-store aware), raw files through Hadoop
 * ({@link org.ucospark.io.HadoopRawFiles}), single Parquet files of rows ({@link
 * org.ucospark.io.RowParquetFile}), the SparkSession of a command ({@link
 * org.ucospark.io.SparkSessions}) and the Spark plugin that configures DL4J in every executor
 * ({@link org.ucospark.io.Dl4jBackendPlugin}).
 *
 * <p>Depends on: Spark, Hadoop and Parquet, {@code data}, {@code config}, {@code nn} (only for the
 * backend settings the plugin applies), the root package. Everything above reaches the file system
 * and Spark through here.
 */
package org.ucospark.io;
