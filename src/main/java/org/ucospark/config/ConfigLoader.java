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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
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
 * <p>The result is checked against the declarations ({@link ConfigKeys}): a key nobody declares, or
 * a value of the wrong type, fails with one line naming the key, the file it came from and what was
 * expected. Below a key of type {@link ConfigKey.Type#OBJECT} (such as {@code spark.conf}) any key
 * may be set.
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

  /** Every key of {@code merged} against its declaration ({@link ConfigKeys}). */
  private static void validate(Config merged) {
    for (Map.Entry<String, ConfigValue> entry : merged.entrySet()) {
      String key = entry.getKey();
      String where = entry.getValue().origin().description();
      Optional<ConfigKey<?>> declared = ConfigKeys.find(key);
      if (declared.isPresent()) {
        checkType(merged, declared.get(), where);
      } else if (!ConfigKeys.children(key).isEmpty()) {
        // a block such as loss replaced by a value
        throw new UcoException(where + ": key '" + key + "' must be an object");
      } else if (!ConfigKeys.accepts(key)) {
        throw new UcoException(where + ": unknown key '" + key + "'" + suggestion(key));
      }
    }
  }

  /**
   * The value must be readable as the declared type. A key of a whole-number type ({@link
   * ConfigKey.Type#INT}, {@link ConfigKey.Type#LONG}) refuses a fractional value here, for every
   * source alike (files, --set, -Duco.*, sweep axes and set), where the typed bindings would
   * otherwise truncate it (epochs=1.5 trained one epoch and recorded 1.5).
   */
  private static void checkType(Config merged, ConfigKey<?> key, String where) {
    String name = key.name();
    ConfigValueType given = merged.getValue(name).valueType();
    try {
      switch (key.type()) {
        case INT, LONG, DOUBLE -> merged.getDouble(name);
        case BOOLEAN -> merged.getBoolean(name);
        case STRING, CHOICE -> merged.getString(name);
        case STRING_LIST -> merged.getList(name);
        case SEEDS -> {
          if (given != ConfigValueType.LIST) {
            merged.getDouble(name);
          }
        }
        case OBJECT -> merged.getConfig(name);
      }
    } catch (ConfigException.WrongType e) {
      throw new UcoException(
          where
              + ": key '"
              + name
              + "' must be "
              + key.typeExpectation()
              + ", got "
              + merged.getValue(name).render());
    }
    boolean whole = key.isWhole() || key.type() == ConfigKey.Type.SEEDS;
    if (whole && (given == ConfigValueType.NUMBER || given == ConfigValueType.STRING)) {
      double v = merged.getDouble(name);
      if (v != Math.rint(v) || Double.isInfinite(v)) {
        throw new UcoException(
            where
                + ": key '"
                + name
                + "' must be a whole number, got "
                + merged.getValue(name).unwrapped());
      }
    }
  }

  private static String suggestion(String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    String parent = parts.size() > 1 ? String.join(".", parts.subList(0, parts.size() - 1)) : "";
    List<String> known = ConfigKeys.children(parent);
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
