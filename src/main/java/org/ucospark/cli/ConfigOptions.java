package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import picocli.CommandLine.Option;

/** Options every command shares: config layering and verbosity. */
final class ConfigOptions {
  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Extra HOCON file layered over the defaults (any Hadoop FS URI).")
  String configFile;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /** The validated configuration: reference < application < extra layers < --config < -Duco.* < --set. */
  Config load(Config... layers) {
    HadoopFs fs = new HadoopFs();
    ConfigLoader loader = new ConfigLoader(location -> fs.readString(HadoopFs.path(location)));
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
