/**
 * Configuration: the layering of {@code reference.conf}, {@code conf/application.conf}, experiment
 * files, {@code --set} and {@code -Duco.*} into one validated Typesafe {@code Config} per command
 * ({@link org.ucospark.config.ConfigLoader}), the unknown-key check, the files shipped in the jar
 * ({@link org.ucospark.config.ConfigFiles}), redaction of secrets when a configuration is printed
 * or stored ({@link org.ucospark.config.Redaction}), and the typed settings of {@code prepare} and
 * of the Spark session. Defaults live in {@code reference.conf} alone.
 *
 * <p>Depends on: Typesafe Config, {@code data} (the data set names a setting refers to) and the
 * root package. Never on Spark, Hadoop or DL4J: the Spark settings are plain values that {@code io}
 * applies.
 */
package org.ucospark.config;
