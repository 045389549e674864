package org.ucospark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void referenceDefaultsAreLoaded() {
    Config c = new ConfigLoader().load();
    assertEquals(120, c.getInt("batch_size"));
    assertEquals(0.15, c.getDouble("loss.rel_sigma"));
    assertEquals("local[*]", c.getString("spark.master"));
  }

  @Test
  void laterLayersWinInOrder() throws Exception {
    Path file = Files.writeString(dir.resolve("exp.conf"), "epochs = 12\nseed = 3\n");
    Properties props = new Properties();
    props.setProperty("uco.seed", "5");
    props.setProperty("java.version", "ignored: not ours");
    Config c =
        new ConfigLoader()
            .withFile(file.toString())
            .withSystemProperties(props)
            .withOverrides(List.of("epochs=2", "data.path=file:///tmp/p//usps"))
            .load();
    assertEquals(2, c.getInt("epochs"));
    assertEquals(5, c.getInt("seed"));
    assertEquals("file:///tmp/p//usps", c.getString("data.path"));
  }

  @Test
  void unknownKeyNamesKeyAndFile() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.conf"), "optimizer { lr = 0.1 }\n");
    UcoException e =
        assertThrows(UcoException.class, () -> new ConfigLoader().withFile(file.toString()).load());
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'optimizer.lr'"), e.getMessage());
    assertTrue(e.getMessage().contains("learning_rate"), "suggests known keys: " + e.getMessage());
  }

  @Test
  void wrongTypeNamesKeyAndExpectation() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> new ConfigLoader().withOverrides(List.of("epochs=many")).load());
    assertTrue(e.getMessage().contains("'epochs' must be a number"), e.getMessage());
    assertTrue(e.getMessage().contains("--set epochs"), e.getMessage());
  }

  @Test
  void openObjectsAcceptAnyKey() {
    Config c =
        new ConfigLoader().withOverrides(List.of("spark.conf.\"spark.executor.memory\"=4g")).load();
    assertEquals("4g", SparkSettings.from(c).conf().get("spark.executor.memory"));
  }

  @Test
  void malformedOverrideAndMissingFileFailClearly() {
    assertThrows(
        UcoException.class, () -> new ConfigLoader().withOverrides(List.of("epochs")).load());
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> new ConfigLoader().withFile(dir.resolve("none.conf").toString()));
    assertTrue(e.getMessage().endsWith("config file not found"), e.getMessage());
  }

  @Test
  void invalidHoconNamesTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.conf"), "epochs = {\n");
    UcoException e =
        assertThrows(UcoException.class, () -> new ConfigLoader().withFile(file.toString()));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void systemPropertiesAreAppliedOrRejectedExactlyLikeSetKeys() {
    Properties unknown = new Properties();
    unknown.setProperty("uco.epochz", "3");
    UcoException e =
        assertThrows(
            UcoException.class, () -> new ConfigLoader().withSystemProperties(unknown).load());
    assertTrue(e.getMessage().contains("-Duco.epochz: unknown key 'epochz'"), e.getMessage());
    Properties wrongType = new Properties();
    wrongType.setProperty("uco.epochs", "many");
    e =
        assertThrows(
            UcoException.class, () -> new ConfigLoader().withSystemProperties(wrongType).load());
    assertTrue(
        e.getMessage().contains("-Duco.epochs: key 'epochs' must be a number"), e.getMessage());

    Properties spark = new Properties();
    spark.setProperty("uco.spark.conf.spark.executor.memory", "3g");
    spark.setProperty("uco.spark.conf.spark.ui.enabled", "false");
    Config c = new ConfigLoader().withSystemProperties(spark).load();
    assertEquals("3g", SparkSettings.from(c).conf().get("spark.executor.memory"));
    assertEquals("false", SparkSettings.from(c).conf().get("spark.ui.enabled"));
    Config set =
        new ConfigLoader().withOverrides(List.of("spark.conf.spark.executor.memory=5g")).load();
    assertEquals(Map.of("spark.executor.memory", "5g"), SparkSettings.from(set).conf());
  }

  /**
   * The declared type decides, not how HOCON keeps reference.conf's number: 10.0 is read back as
   * the integer 10, which made the old check refuse a fractional clip norm, α or σ.
   */
  @Test
  void realValuedKeysWithWholeDefaultsAcceptFractions() {
    Config c =
        new ConfigLoader()
            .withOverrides(List.of("optimizer.clip_norm=2.5", "dec.alpha=0.5", "ohc.sigma=12.5"))
            .load();
    assertEquals(2.5, c.getDouble("optimizer.clip_norm"));
    assertEquals(0.5, c.getDouble("dec.alpha"));
    assertEquals(12.5, c.getDouble("ohc.sigma"));
  }

  /** reference.conf documents {@code sweep.seeds = [0, 3, 7]}; the loader accepts it. */
  @Test
  void seedsMayBeAListOrACount() {
    Config c = new ConfigLoader().withOverrides(List.of("sweep.seeds=[0, 3, 7]")).load();
    assertEquals(List.of(0, 3, 7), c.getIntList("sweep.seeds"));
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> new ConfigLoader().withOverrides(List.of("sweep.seeds=1.5")).load());
    assertTrue(e.getMessage().contains("'sweep.seeds' must be a whole number"), e.getMessage());
  }

  @Test
  void aBlockReplacedByAValueIsRefusedNamingIt() {
    UcoException e =
        assertThrows(
            UcoException.class, () -> new ConfigLoader().withOverrides(List.of("loss=3")).load());
    assertEquals("--set loss: key 'loss' must be an object", e.getMessage());
  }
}
