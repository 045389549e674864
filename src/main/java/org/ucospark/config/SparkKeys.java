package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.SPARK;

/** The {@code spark} block: the Spark session of a command. */
public final class SparkKeys {
  private SparkKeys() {}

  public static final ConfigKey<String> MASTER =
      ConfigKey.string(
          "spark.master",
          "local[*]",
          SPARK,
          "Spark master when not launched by spark-submit (which sets its own).");

  public static final ConfigKey<String> APP_NAME =
      ConfigKey.string("spark.app_name", "uco-spark", SPARK, "Spark application name.");

  public static final ConfigKey<com.typesafe.config.Config> CONF =
      ConfigKey.object(
          "spark.conf",
          SPARK,
          "Extra Spark properties, e.g. spark.conf { \"spark.executor.memory\" = \"4g\" }.");
}
