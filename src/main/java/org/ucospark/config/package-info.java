/**
 * Configuration: every key declared once ({@link org.ucospark.config.ConfigKey}, in the declaration
 * class of its concept, collected by {@link org.ucospark.config.ConfigKeys}: name, type, default,
 * doc, validator and the stage that reads it, in the manner of Spark ML's {@code Param}); the
 * layering of {@code reference.conf}, {@code conf/application.conf}, experiment files, {@code
 * --set} and {@code -Duco.*} into one validated Typesafe {@code Config} per command ({@link
 * org.ucospark.config.ConfigLoader}) with the unknown-key and type checks read from the
 * declarations; the files shipped in the jar ({@link org.ucospark.config.ConfigFiles}); redaction
 * of secrets when a configuration is printed or stored ({@link org.ucospark.config.Redaction}); and
 * the typed settings of {@code prepare} and of the Spark session. {@code reference.conf} holds
 * exactly the declared keys and defaults ({@code ConfigKeysTest}).
 *
 * <p>The lowest layer: depends on Typesafe Config and the root package only, so that every package
 * can read its keys. Never on Spark, Hadoop or DL4J: the Spark settings are plain values that
 * {@code io} applies.
 */
package org.ucospark.config;
