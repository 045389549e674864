package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import picocli.CommandLine.Option;

/** Options every command shares: config layering and verbosity. */
final class ConfigOptions {
  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config key (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Extra HOCON file layered over the defaults (any Hadoop FS URI).")
  String configFile;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /** Files read so far (a sweep resolves every trial with the same --config: read it once). */
  private final Map<String, String> files = new HashMap<>();

  /**
   * The validated configuration: reference < application < extra layers < --config < -Duco.* <
   * --set. A sweep resolves each trial with this too (its layers: the experiment, then the sweep's
   * set, axes and seed).
   */
  Config load(Config... layers) {
    HadoopFs fs = new HadoopFs();
    ConfigLoader loader =
        new ConfigLoader(
            location -> files.computeIfAbsent(location, l -> fs.readString(HadoopFs.path(l))));
    loader.withApplicationFile();
    for (Config layer : layers) {
      loader.withConfig(layer);
    }
    if (configFile != null) {
      loader.withFile(configFile);
    }
    return loader.withSystemProperties(System.getProperties()).withOverrides(overrides).load();
  }
}
