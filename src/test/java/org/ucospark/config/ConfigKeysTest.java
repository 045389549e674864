package org.ucospark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;

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

  @Test
  void aValidatorRejectsWithTheKeyTheOriginAndTheExpectation() {
    UcoException e =
        assertThrows(
            UcoException.class, () -> DecKeys.BOTTLENECK.get(config("dec.bottleneck = 0")));
    assertEquals("String: 1: key 'dec.bottleneck' must be at least 1, got 0", e.getMessage());
    e = assertThrows(UcoException.class, () -> TrainKeys.MODE.get(config("train.mode = yarn")));
    assertEquals("String: 1: key 'train.mode' must be spark or local, got yarn", e.getMessage());
    e = assertThrows(UcoException.class, () -> SweepKeys.MODELS.get(config("sweep.models = []")));
    assertTrue(e.getMessage().startsWith("String: 1: key 'sweep.models' must name at least one"));
    assertFalse(LossKeys.REL_SIGMA.isValid(0.0));
    assertTrue(LossKeys.REL_SIGMA.isValid(0.2));
    assertEquals("a positive number", LossKeys.REL_SIGMA.validator().expected());
  }

  @Test
  void valuesAreReadTypedAndChoicesTrimmedInLowerCase() {
    Config c = config("epochs = 7, train.mode = \" LOCAL \", sweep.seeds = [0, 3, 7]");
    assertEquals(7, RunKeys.EPOCHS.get(c));
    assertEquals("local", TrainKeys.MODE.get(c));
    assertEquals(List.of(0, 3, 7), SweepKeys.SEEDS.get(c));
    assertEquals(List.of(0, 1, 2), SweepKeys.SEEDS.get(config("sweep.seeds = 3")));
    assertEquals("4g", SparkKeys.CONF.get(config("spark.conf { a = 4g }")).getString("a"));
  }

  @Test
  void defaultsAreTypedAndAgreeWithTheReference() {
    assertEquals(0.15, LossKeys.REL_SIGMA.defaultValue());
    assertEquals(200, RunKeys.EPOCHS.defaultValue());
    assertEquals(0L, RunKeys.SEED.defaultValue());
    assertEquals(List.of(0), SweepKeys.SEEDS.defaultValue());
    assertEquals("1.0E-7", OptimizerKeys.EPSILON.defaultText());
    Config declared = ConfigKeys.defaults();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertEquals(key.get(Settings.reference()), key.get(declared), key.name());
    }
  }

  @Test
  void keysAreListedByPrefixAndStageInDeclarationOrder() {
    assertEquals(
        List.of(
            "optimizer.learning_rate",
            "optimizer.beta1",
            "optimizer.beta2",
            "optimizer.epsilon",
            "optimizer.clip_norm"),
        ConfigKeys.withPrefix("optimizer.").stream().map(ConfigKey::name).toList());
    assertEquals("experiment", ConfigKeys.all().get(0).name());
    assertTrue(
        ConfigKeys.ofStage(ConfigKey.Stage.PREPARE).stream()
            .allMatch(k -> k.name().startsWith("prepare.")));
    assertEquals(
        List.of("beta1", "beta2", "clip_norm", "epsilon", "learning_rate"),
        ConfigKeys.children("optimizer"));
    assertTrue(ConfigKeys.accepts("spark.conf.spark.executor.memory"));
    assertFalse(ConfigKeys.accepts("optimizer.lr"));
  }

  @Test
  void theMarkdownTableHasOneRowPerKey() {
    String table = KeyTable.markdown(ConfigKeys.all());
    assertEquals(ConfigKeys.all().size() + 2, table.lines().count());
    assertTrue(
        table.contains(
            "| `loss.uco_kernel` | choice | `tensor` | tensor or naive | train | UCO kernel. |"),
        table);
  }
}
