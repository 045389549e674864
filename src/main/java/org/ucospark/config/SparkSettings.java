package org.ucospark.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed view of the {@code spark} block: master when not launched by spark-submit, app name, extra properties. */
public record SparkSettings(String master, String appName, Map<String, String> conf) {
  public static SparkSettings from(Config config) {
    Map<String, String> extra = new LinkedHashMap<>();
    config.getObject("spark.conf").unwrapped().forEach((k, v) -> extra.put(k, String.valueOf(v)));
    return new SparkSettings(config.getString("spark.master"), config.getString("spark.app_name"), Map.copyOf(extra));
  }
}
