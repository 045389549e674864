package org.ucospark.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.SparkSettings;
import org.ucospark.io.SparkSessions;

/**
 * One local[2] SparkSession for the whole test JVM (starting Spark costs seconds), and shared test
 * paths.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    // A test that needs another master (StandaloneClusterTest) stops this one: make a new one then.
    if (session == null || session.sparkContext().isStopped()) {
      var config =
          new ConfigLoader().withOverrides(java.util.List.of("spark.master=local[2]")).load();
      session = SparkSessions.create(SparkSettings.from(config));
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }

  /**
   * Stops this JVM's default and active sessions (the shared local one included), for a test that
   * needs a session on another master (a standalone cluster); {@link #session()} makes a new local
   * one afterwards.
   */
  public static void stopDefaultSession() {
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }

  /** The project's folder (surefire runs tests there). */
  public static Path projectDir() {
    return Path.of(System.getProperty("user.dir"));
  }

  /**
   * Prepares the USPS files shipped in data/raw into {@code dir} (real prepare job); returns the
   * data set path.
   */
  public static String prepareUsps(SparkSession spark, Path dir) {
    org.ucospark.io.HadoopFs fs =
        new org.ucospark.io.HadoopFs(spark.sparkContext().hadoopConfiguration());
    org.ucospark.config.PrepareSettings settings =
        org.ucospark.config.PrepareSettings.from(new ConfigLoader().load());
    var raw =
        org.ucospark.prepare.RawSources.locate(
            fs,
            projectDir().resolve("data/raw").toString(),
            org.ucospark.data.DatasetName.usps,
            settings,
            System.out);
    return new org.ucospark.prepare.PrepareJob(spark, fs, settings, System.out)
        .run(org.ucospark.data.DatasetName.usps, raw, org.ucospark.io.HadoopFs.path(dir.toString()))
        .path()
        .toString();
  }
}
