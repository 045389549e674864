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
 * Where the user-facing config files live: {@code $UCO_HOME/conf} when UCO_HOME is set, else {@code ./conf};
 * the same files are packed into the jar under {@code conf/} so that spark-submit finds them too.
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  public static Path confDir() {
    String home = System.getenv("UCO_HOME");
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).resolve("conf").toAbsolutePath();
  }

  /** The experiment file {@code conf/experiments/<name>.conf}: from the file system, else from the jar. */
  public static Config experiment(String name) {
    if (!name.matches("[a-z0-9_]+")) {
      throw new UcoException("--experiment " + name + ": expected a name like ddc_usps (letters, digits, _)");
    }
    Path file = confDir().resolve("experiments").resolve(name + ".conf");
    ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
    if (Files.isRegularFile(file)) {
      return ConfigFactory.parseFile(file.toFile(), options.setOriginDescription("conf/experiments/" + name + ".conf"));
    }
    var packed = ConfigFiles.class.getResource("/conf/experiments/" + name + ".conf");
    if (packed != null) {
      return ConfigFactory.parseURL(packed, options);
    }
    throw new UcoException("--experiment " + name + ": no conf/experiments/" + name + ".conf (known: "
        + String.join(", ", knownExperiments()) + ")");
  }

  /** Names of the experiments in conf/experiments. */
  public static List<String> knownExperiments() {
    Set<String> names = new TreeSet<>();
    Path dir = confDir().resolve("experiments");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
            .forEach(n -> names.add(n.substring(0, n.length() - 5)));
      } catch (java.io.IOException e) {
        // listing is only for the error message
      }
    }
    return new ArrayList<>(names);
  }
}
