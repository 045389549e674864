package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ucospark.UcoException;

/**
 * Where the user-facing config files live: {@code $UCO_HOME/conf} when UCO_HOME is set, else {@code
 * ./conf}; the same files are packed into the jar under {@code conf/} so that spark-submit finds
 * them too.
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  public static Path confDir() {
    String home = System.getenv("UCO_HOME");
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home))
        .resolve("conf")
        .toAbsolutePath();
  }

  /**
   * The experiment file {@code conf/experiments/<name>.conf}: from the file system, else from the
   * jar.
   */
  public static Config experiment(String name) {
    if (!name.matches("[a-z0-9_]+")) {
      throw new UcoException(
          "--experiment " + name + ": expected a name like ddc_usps (letters, digits, _)");
    }
    Path file = confDir().resolve("experiments").resolve(name + ".conf");
    ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
    if (Files.isRegularFile(file)) {
      return ConfigFactory.parseFile(
          file.toFile(), options.setOriginDescription("conf/experiments/" + name + ".conf"));
    }
    var packed = ConfigFiles.class.getResource("/conf/experiments/" + name + ".conf");
    if (packed != null) {
      return ConfigFactory.parseURL(packed, options);
    }
    throw new UcoException(
        "--experiment "
            + name
            + ": no conf/experiments/"
            + name
            + ".conf (known: "
            + String.join(", ", knownExperiments())
            + ")");
  }

  /**
   * The data set whose experiment file holds a model's published settings for data sets of the
   * user's own: every model has one experiment per built-in data set and the four agree on every
   * key but the names ({@code ExperimentDefaultsTest} checks it), so any of them would do; USPS is
   * the one every model has shipped since the start.
   */
  public static final String DEFAULTS_DATASET = "usps";

  /**
   * The settings {@code model} trains with on {@code dataset}: its experiment file {@code
   * <model>_<dataset>} when there is one (the four built-in data sets), else the model's published
   * settings (the experiment {@code <model>_}{@value #DEFAULTS_DATASET}) renamed to {@code
   * experiment = <model>_<dataset>} and {@code data.dataset = <dataset>}. The network's shape and K
   * always come from the data set's manifest.
   */
  public static Config forModel(String model, String dataset) {
    if (!model.matches("[a-z0-9_]+")) {
      throw new UcoException("--model " + model + ": expected a model name like ddc or ddc_uco");
    }
    if (dataset.matches("[a-z0-9_]+") && exists(model + "_" + dataset)) {
      return experiment(model + "_" + dataset);
    }
    if (!exists(model + "_" + DEFAULTS_DATASET)) {
      throw new UcoException(
          "unknown model '"
              + model
              + "' (known: "
              + String.join(
                  ", ",
                  knownExperiments().stream()
                      .filter(n -> n.endsWith("_" + DEFAULTS_DATASET))
                      .map(n -> n.substring(0, n.length() - DEFAULTS_DATASET.length() - 1))
                      .toList())
              + ")");
    }
    String origin =
        "published settings of "
            + model
            + " (conf/experiments/"
            + model
            + "_"
            + DEFAULTS_DATASET
            + ".conf) for data set "
            + dataset;
    return experiment(model + "_" + DEFAULTS_DATASET)
        .withValue(
            "experiment",
            com.typesafe.config.ConfigValueFactory.fromAnyRef(model + "_" + dataset, origin))
        .withValue(
            "data.dataset", com.typesafe.config.ConfigValueFactory.fromAnyRef(dataset, origin));
  }

  private static boolean exists(String experiment) {
    return Files.isRegularFile(confDir().resolve("experiments").resolve(experiment + ".conf"))
        || ConfigFiles.class.getResource("/conf/experiments/" + experiment + ".conf") != null;
  }

  /** Names of the experiments in conf/experiments. */
  public static List<String> knownExperiments() {
    Set<String> names = new TreeSet<>();
    Path dir = confDir().resolve("experiments");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".conf"))
            .forEach(n -> names.add(n.substring(0, n.length() - 5)));
      } catch (java.io.IOException e) {
        // listing is only for the error message
      }
    }
    return new ArrayList<>(names);
  }
}
