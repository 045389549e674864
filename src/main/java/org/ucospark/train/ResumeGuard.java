package org.ucospark.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ucospark.UcoException;

/**
 * What may change when a run is resumed. A run records its resolved configuration in {@code
 * <run_dir>/config.json} when it starts; {@code --resume} compares the configuration of the
 * resuming command with it and refuses every difference outside {@link #MAY_CHANGE}, naming the
 * keys, so that a run is never continued (and its summary overwritten) under another experiment,
 * model, data set or hyperparameter. Values are compared by meaning: {@code 12} (a number from a
 * file) equals {@code "12"} (a string from {@code --set}).
 */
public final class ResumeGuard {
  /**
   * Keys (or prefixes ending in '.') that may differ on resume: the epoch budget, where and how
   * often the run writes, and where and how it executes (the same split as the sweep's trial id,
   * which leaves out {@code train}, {@code spark}, {@code run_dir} and {@code sweep}). Listed in
   * reference.conf and README.
   */
  public static final List<String> MAY_CHANGE =
      List.of("epochs", "checkpoint_interval", "run_dir", "train.", "spark.", "sweep.");

  private ResumeGuard() {}

  /**
   * The keys whose values differ between the recorded and the current configuration, with both
   * values.
   */
  public static List<String> differences(Config recorded, Config current) {
    Map<String, String> was = flatten(recorded);
    Map<String, String> now = flatten(current);
    TreeSet<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(now.keySet());
    List<String> differ = new ArrayList<>();
    for (String key : keys) {
      if (mayChange(key)) {
        continue;
      }
      String a = was.get(key);
      String b = now.get(key);
      if (a == null || !a.equals(b)) {
        differ.add(
            "'"
                + key
                + "' (run: "
                + (a == null ? "absent" : a)
                + ", now: "
                + (b == null ? "absent" : b)
                + ")");
      }
    }
    return differ;
  }

  /**
   * Fails with one line naming the differing keys when {@code current} may not resume a run
   * recorded as {@code recordedJson}.
   */
  public static void check(String location, String recordedJson, Config current) {
    Config recorded;
    try {
      recorded =
          ConfigFactory.parseString(
              recordedJson, ConfigParseOptions.defaults().setOriginDescription(location));
    } catch (ConfigException e) {
      throw new UcoException(
          location
              + ": the run's recorded configuration is not valid JSON; remove the run"
              + " directory or choose another --run-dir");
    }
    List<String> differ = differences(recorded, current);
    if (!differ.isEmpty()) {
      throw new UcoException(
          location
              + ": --resume with a configuration that differs from the run's in "
              + String.join(", ", differ)
              + "; only "
              + String.join(
                  ", ", MAY_CHANGE.stream().map(k -> k.endsWith(".") ? k + "*" : k).toList())
              + " may change on resume (or choose another --run-dir)");
    }
  }

  static boolean mayChange(String key) {
    for (String allowed : MAY_CHANGE) {
      if (allowed.endsWith(".") ? key.startsWith(allowed) : key.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> flatten(Config config) {
    Map<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      // entrySet quotes path elements that contain dots (spark.conf."spark.x"); unquote for the
      // message
      flat.put(
          String.join(".", ConfigUtil.splitPath(e.getKey())), normal(e.getValue().unwrapped()));
    }
    return flat;
  }

  /**
   * A canonical text of a value: numbers (and numeric strings) by value, lists element by element.
   */
  private static String normal(Object value) {
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      list.forEach(v -> items.add(normal(v)));
      return "[" + String.join(", ", items) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, String> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), normal(v)));
      return sorted.toString();
    }
    String text = String.valueOf(value);
    try {
      return new BigDecimal(text.trim()).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
