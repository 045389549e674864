package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.SparkSettings;
import org.ucospark.io.SparkSessions;
import picocli.CommandLine.Mixin;

/**
 * A command that loads the layered configuration, runs with a SparkSession, and stops Spark at the
 * end.
 */
abstract class SparkCommand implements Callable<Integer> {
  @Mixin ConfigOptions options = new ConfigOptions();

  /**
   * Extra config layers of this command (e.g. the experiment file), applied below --config and
   * --set.
   */
  Config[] layers() {
    return new Config[0];
  }

  abstract int run(Config config, SparkSession spark) throws Exception;

  @Override
  public Integer call() throws Exception {
    Config config = options.load(layers());
    try (AutoCloseable verbosity = Verbosity.taskFailures(options.verbose)) {
      // An embedding program (or a test) may already hold a session: use it, and leave it running.
      boolean ownSession = SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = SparkSessions.create(SparkSettings.from(config));
      try {
        return run(config, spark);
      } finally {
        if (ownSession) {
          spark.stop();
        }
      }
    }
  }
}
