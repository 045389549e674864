package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed view of the {@code spark} block: master when not launched by spark-submit, app name, extra
 * properties.
 */
public record SparkSettings(String master, String appName, Map<String, String> conf) {
  public static SparkSettings from(Config config) {
    Map<String, String> extra = new LinkedHashMap<>();
    // Leaves by their full Spark name: spark.conf { "spark.executor.memory" = 4g } and the dotted
    // path a --set or -Duco. key makes (spark.conf.spark.executor.memory=4g) name the same
    // property.
    for (Map.Entry<String, ConfigValue> e : SparkKeys.CONF.get(config).entrySet()) {
      extra.put(
          String.join(".", ConfigUtil.splitPath(e.getKey())),
          String.valueOf(e.getValue().unwrapped()));
    }
    return new SparkSettings(
        SparkKeys.MASTER.get(config), SparkKeys.APP_NAME.get(config), Map.copyOf(extra));
  }
}
