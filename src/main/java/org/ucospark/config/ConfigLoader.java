package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.ucospark.Settings;
import org.ucospark.UcoException;

/**
 * Builds the one validated configuration of a command, layering (later wins):
 *
 * <ol>
 *   <li>{@code reference.conf} on the classpath: every key with its default;
 *   <li>{@code conf/application.conf} (site settings; the file system copy, else the one packed in
 *       the jar);
 *   <li>the experiment file {@code conf/experiments/<name>.conf}, when a command names one;
 *   <li>{@code --config FILE} (any Hadoop FS URI);
 *   <li>system properties {@code -Duco.<key>=value};
 *   <li>{@code --set key=value} overrides, in order.
 * </ol>
 *
 * <p>The result is checked against the reference: a key the reference does not declare, or a value
 * of the wrong type, fails with one line naming the key, the file it came from and what was
 * expected. Objects that are empty in the reference (such as {@code spark.conf}) are open: any key
 * may be set below them.
 */
public final class ConfigLoader {
  private static final String SYSTEM_PREFIX = "uco.";

  private final Config reference;
  private Config layered;
  private final Function<String, String> fileReader;

  /**
   * @param fileReader reads a config file given as a Hadoop FS URI or local path (the Spark-free
   *     default reads local files; the command line passes a Hadoop-aware reader)
   */
  public ConfigLoader(Function<String, String> fileReader) {
    this.reference = loadReference();
    this.layered = ConfigFactory.empty();
    this.fileReader = fileReader;
  }

  public ConfigLoader() {
    this(ConfigLoader::readLocalFile);
  }

  /** {@link Settings#reference}. */
  public static Config loadReference() {
    return Settings.reference();
  }

  /**
   * Adds conf/application.conf from the working directory (or UCO_HOME), else the copy packed in
   * the jar.
   */
  public ConfigLoader withApplicationFile() {
    Path local = ConfigFiles.confDir().resolve("application.conf");
    if (Files.isRegularFile(local)) {
      return withFile(local.toString());
    }
    URL packed = ConfigLoader.class.getResource("/conf/application.conf");
    if (packed != null) {
      layered = ConfigFactory.parseURL(packed).withFallback(layered);
    }
    return this;
  }

  /** Adds a HOCON file (local path or Hadoop FS URI); a missing file is an error naming it. */
  public ConfigLoader withFile(String location) {
    String text = fileReader.apply(location);
    Config parsed;
    try {
      parsed =
          ConfigFactory.parseString(
              text, ConfigParseOptions.defaults().setOriginDescription(location));
    } catch (ConfigException e) {
      throw new UcoException(location + ": not valid HOCON: " + firstLine(e.getMessage()));
    }
    layered = parsed.withFallback(layered);
    return this;
  }

  /** Adds an already parsed layer (for example an experiment packed in the jar). */
  public ConfigLoader withConfig(Config config) {
    layered = config.withFallback(layered);
    return this;
  }

  /**
   * Adds {@code -Duco.<key>=value} system properties, each exactly like {@code --set <key>=value}:
   * a key the reference does not declare is rejected by {@link #load()} (naming {@code
   * -Duco.<key>}), and keys below an open object ({@code
   * -Duco.spark.conf.spark.executor.memory=4g}) are passed through.
   */
  public ConfigLoader withSystemProperties(Properties properties) {
    Config overrides = ConfigFactory.empty("system properties");
    for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      if (name.startsWith(SYSTEM_PREFIX)) {
        String key = name.substring(SYSTEM_PREFIX.length());
        try {
          overrides =
              overrides.withValue(key, parseValue(properties.getProperty(name), "-D" + name));
        } catch (ConfigException.BadPath e) {
          throw new UcoException("-D" + name + ": '" + key + "' is not a valid key path");
        }
      }
    }
    layered = overrides.withFallback(layered);
    return this;
  }

  /**
   * Adds {@code key=value} overrides; the value is HOCON when it starts with [ or { or is a quoted
   * string, else a plain string (so URLs and paths need no quoting).
   */
  public ConfigLoader withOverrides(List<String> assignments) {
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new UcoException("--set " + assignment + ": expected key=value");
      }
      String key = assignment.substring(0, eq).trim();
      String value = assignment.substring(eq + 1).trim();
      try {
        layered = layered.withValue(key, parseValue(value, "--set " + key));
      } catch (ConfigException.BadPath e) {
        throw new UcoException("--set " + assignment + ": '" + key + "' is not a valid key path");
      }
    }
    return this;
  }

  /** The merged, resolved and validated configuration. */
  public Config load() {
    Config merged;
    try {
      merged = layered.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new UcoException("configuration: " + firstLine(e.getMessage()));
    }
    validate(merged);
    return merged;
  }

  private static ConfigValue parseValue(String value, String origin) {
    boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
    if (value.startsWith("[") || value.startsWith("{") || quoted) {
      try {
        return ConfigFactory.parseString(
                "v = " + value, ConfigParseOptions.defaults().setOriginDescription(origin))
            .getValue("v");
      } catch (ConfigException e) {
        throw new UcoException(origin + ": not a valid HOCON value: " + value);
      }
    }
    return ConfigValueFactory.fromAnyRef(value, origin);
  }

  private void validate(Config merged) {
    for (Map.Entry<String, ConfigValue> entry : merged.entrySet()) {
      String key = entry.getKey();
      ConfigValue value = entry.getValue();
      String where = value.origin().description();
      if (isOpen(key)) {
        continue;
      }
      if (!reference.hasPath(key)) {
        throw new UcoException(where + ": unknown key '" + key + "'" + suggestion(key));
      }
      ConfigValue expected = reference.getValue(key);
      checkType(merged, key, expected.valueType(), where);
      checkWhole(merged, key, expected, where);
    }
  }

  /**
   * A key whose reference.conf default is a whole number (written without a decimal point) is an
   * integer key: a fractional value is refused here, for every source alike (files, --set, -Duco.*,
   * sweep axes and set), where the typed bindings would otherwise truncate it (epochs=1.5 trained
   * one epoch and recorded 1.5).
   */
  private static void checkWhole(Config merged, String key, ConfigValue expected, String where) {
    Object d = expected.unwrapped();
    ConfigValueType given = merged.getValue(key).valueType();
    if (!(d instanceof Integer || d instanceof Long)
        || given != ConfigValueType.NUMBER && given != ConfigValueType.STRING) {
      return;
    }
    double v = merged.getDouble(key);
    if (v != Math.rint(v) || Double.isInfinite(v)) {
      throw new UcoException(
          where
              + ": key '"
              + key
              + "' must be a whole number, got "
              + merged.getValue(key).unwrapped());
    }
  }

  /**
   * True when some ancestor of the key is an empty (open) object in the reference, such as
   * spark.conf.
   */
  private boolean isOpen(String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    for (int i = 1; i < parts.size(); i++) {
      String path = ConfigUtil.joinPath(parts.subList(0, i));
      if (reference.hasPath(path)
          && reference.getValue(path).valueType() == ConfigValueType.OBJECT
          && reference.getObject(path).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static void checkType(Config merged, String key, ConfigValueType type, String where) {
    try {
      switch (type) {
        case NUMBER -> merged.getDouble(key);
        case BOOLEAN -> merged.getBoolean(key);
        case LIST -> merged.getList(key);
        case STRING -> merged.getString(key);
        default -> {}
      }
    } catch (ConfigException.WrongType e) {
      String article = type == ConfigValueType.LIST ? "a list" : "a " + type.name().toLowerCase();
      throw new UcoException(
          where
              + ": key '"
              + key
              + "' must be "
              + article
              + ", got "
              + merged.getValue(key).render());
    }
  }

  private String suggestion(String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    String parent = parts.size() > 1 ? String.join(".", parts.subList(0, parts.size() - 1)) : "";
    List<String> known = new ArrayList<>();
    if (parent.isEmpty()) {
      known.addAll(reference.root().keySet());
    } else if (reference.hasPath(parent)
        && reference.getValue(parent).valueType() == ConfigValueType.OBJECT) {
      known.addAll(reference.getObject(parent).keySet());
    }
    known.sort(null);
    return known.isEmpty()
        ? ""
        : " (known keys"
            + (parent.isEmpty() ? "" : " under '" + parent + "'")
            + ": "
            + String.join(", ", known)
            + ")";
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static String readLocalFile(String location) {
    File file =
        new File(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
    if (!file.isFile()) {
      throw new UcoException(location + ": config file not found");
    }
    try (InputStream in = Files.newInputStream(file.toPath())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UcoException(location + ": cannot read config file: " + e.getMessage());
    }
  }
}
