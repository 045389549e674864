package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The catalogue of every declared {@link ConfigKey}: the public static final {@code ConfigKey}
 * fields of the declaration classes in {@link #GROUPS}, in their order (the order of
 * reference.conf) and, within a class, in the order of declaration. A new key is one field in the
 * class of its concept plus its line in reference.conf; {@code ConfigKeysTest} checks that the two
 * agree.
 */
public final class ConfigKeys {
  /** The declaration classes, one per concept, in the order of reference.conf. */
  public static final List<Class<?>> GROUPS =
      List.of(
          RunKeys.class,
          DataKeys.class,
          OptimizerKeys.class,
          LossKeys.class,
          DecKeys.class,
          OhcKeys.class,
          EvaluationKeys.class,
          TrainKeys.class,
          SweepKeys.class,
          ReportKeys.class,
          PrepareKeys.class,
          SparkKeys.class);

  private static final Map<String, ConfigKey<?>> BY_NAME = collect();

  private ConfigKeys() {}

  /** Every declared key. */
  public static List<ConfigKey<?>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The keys whose name starts with {@code prefix} ("" for all; "loss" for {@code loss.*}). */
  public static List<ConfigKey<?>> withPrefix(String prefix) {
    return BY_NAME.values().stream().filter(k -> k.name().startsWith(prefix)).toList();
  }

  /** The keys a stage reads. */
  public static List<ConfigKey<?>> ofStage(ConfigKey.Stage stage) {
    return BY_NAME.values().stream().filter(k -> k.stage() == stage).toList();
  }

  /** The key declared under {@code name} (its full path), if any. */
  public static Optional<ConfigKey<?>> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * Whether {@code path} may be set: a declared key, or a path below a declared open object ({@code
   * spark.conf.spark.executor.memory}).
   */
  public static boolean accepts(String path) {
    if (BY_NAME.containsKey(path)) {
      return true;
    }
    for (ConfigKey<?> key : BY_NAME.values()) {
      if (key.type() == ConfigKey.Type.OBJECT && path.startsWith(key.name() + ".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The names directly below {@code parent} ("" for the top level): {@code optimizer} → beta1,
   * beta2, clip_norm, epsilon, learning_rate; sorted.
   */
  public static List<String> children(String parent) {
    String start = parent.isEmpty() ? "" : parent + ".";
    TreeSet<String> names = new TreeSet<>();
    for (String name : BY_NAME.keySet()) {
      if (name.startsWith(start)) {
        String rest = name.substring(start.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return new ArrayList<>(names);
  }

  /** The declared defaults as one configuration (what reference.conf must hold). */
  public static Config defaults() {
    Config c = ConfigFactory.empty("the declared defaults");
    for (ConfigKey<?> key : BY_NAME.values()) {
      c =
          c.withValue(
              key.name(), com.typesafe.config.ConfigValueFactory.fromAnyRef(key.hoconDefault()));
    }
    return c;
  }

  private static Map<String, ConfigKey<?>> collect() {
    Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    for (Class<?> group : GROUPS) {
      for (Field field : group.getDeclaredFields()) {
        int m = field.getModifiers();
        if (field.getType() == ConfigKey.class
            && Modifier.isStatic(m)
            && Modifier.isPublic(m)
            && Modifier.isFinal(m)) {
          ConfigKey<?> key = read(field);
          if (keys.put(key.name(), key) != null) {
            throw new IllegalStateException("config key declared twice: " + key.name());
          }
        }
      }
    }
    return keys;
  }

  private static ConfigKey<?> read(Field field) {
    try {
      return (ConfigKey<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(field + " is not readable", e);
    }
  }
}
