package org.ucospark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The declarations ({@link ConfigKeys}) and reference.conf agree both ways; each key reads right.
 */
class ConfigKeysTest {
  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(Settings.reference()).resolve();
  }

  @Test
  void everyLeafOfReferenceConfIsDeclaredWithTheSameDefault() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> leaf : Settings.reference().entrySet()) {
      String name = leaf.getKey();
      var key = ConfigKeys.find(name);
      if (key.isEmpty()) {
        wrong.add(name + ": not declared");
      } else if (!sameDefault(key.get(), leaf.getValue())) {
        wrong.add(
            name
                + ": reference.conf "
                + leaf.getValue().render()
                + ", declared "
                + key.get().defaultText());
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void everyDeclarationIsInReferenceConfWithItsType() {
    Config reference = Settings.reference();
    List<String> wrong = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      if (!reference.hasPath(key.name())) {
        if (!(key.type() == ConfigKey.Type.OBJECT
            && reference.root().atPath(key.name()) != null
            && isEmptyObject(reference, key.name()))) {
          wrong.add(key.name() + ": missing from reference.conf");
        }
      } else if (!sameDefault(key, reference.getValue(key.name()))) {
        wrong.add(key.name() + ": another default in reference.conf");
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static final List<String> LINES = referenceLines();

  private static List<String> referenceLines() {
    try (var in = ConfigKeysTest.class.getResourceAsStream("/reference.conf")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The value as written on its line of reference.conf (HOCON reads 10.0 as the integer 10). */
  private static String writtenText(ConfigValue value) {
    String line = LINES.get(value.origin().lineNumber() - 1);
    return line.substring(line.indexOf('=') + 1).trim();
  }

  private static boolean isEmptyObject(Config reference, String name) {
    try {
      return reference.getValue(name).valueType() == ConfigValueType.OBJECT
          && reference.getObject(name).isEmpty();
    } catch (com.typesafe.config.ConfigException e) {
      return false;
    }
  }

  /**
   * The same value, and for numbers the same kind as written: a whole-number key's default without
   * a decimal point or exponent, a real-valued key's with one (HOCON itself keeps 10.0 as an
   * integer, so the text tells).
   */
  private static boolean sameDefault(ConfigKey<?> key, ConfigValue reference) {
    Object declared = key.hoconDefault();
    Object value = reference.unwrapped();
    boolean decimal = writtenText(reference).matches(".*[.eE].*");
    return switch (key.type()) {
      case INT, LONG, SEEDS ->
          value instanceof Number n && !decimal && n.longValue() == ((Number) declared).longValue();
      case DOUBLE ->
          value instanceof Number n
              && decimal
              && n.doubleValue() == ((Number) declared).doubleValue();
      default -> value.equals(declared);
    };
  }
}
