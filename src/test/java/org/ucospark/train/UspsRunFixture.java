package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.TestSpark;

/**
 * Real training runs on the shipped USPS, prepared once per test class, on the shared local[2]
 * session.
 */
abstract class UspsRunFixture {
  @TempDir static Path shared;
  static SparkSession spark;
  static String usps;

  @TempDir Path tmp;

  @BeforeAll
  static void prepareUsps() {
    spark = TestSpark.session();
    usps = TestSpark.prepareUsps(spark, shared);
  }

  /**
   * The experiment's settings on the prepared USPS, run directory {@code tmp/run} unless
   * overridden.
   */
  RunSettings settings(String experiment, String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of("data.path=" + usps, "run_dir=" + tmp.resolve("run"), "spark.master=local[2]"));
    all.addAll(List.of(overrides));
    return RunSettings.from(
        new ConfigLoader()
            .withConfig(ConfigFiles.experiment(experiment))
            .withOverrides(all)
            .load());
  }

  RunOutcome train(RunSettings settings, boolean resume) {
    return new TrainingRun(
            spark, new HadoopFs(spark.sparkContext().hadoopConfiguration()), settings, System.out)
        .run(resume);
  }

  /** ddc on 480 USPS images in one JVM, into run directory {@code runDir}, with more overrides. */
  RunSettings localDdc480(String runDir, String... more) {
    List<String> overrides =
        new ArrayList<>(
            List.of("train.mode=local", "data.limit=480", "run_dir=" + tmp.resolve(runDir)));
    overrides.addAll(List.of(more));
    return settings("ddc_usps", overrides.toArray(String[]::new));
  }

  /**
   * Runs until the end of epoch {@code crashEpoch} (its checkpoint written), then fails as a crash
   * would.
   */
  IllegalStateException crashAfterEpoch(RunSettings settings, int crashEpoch) {
    return assertThrows(
        IllegalStateException.class,
        () ->
            new TrainingRun(
                    spark,
                    new HadoopFs(spark.sparkContext().hadoopConfiguration()),
                    settings,
                    System.out)
                .afterEpoch(
                    epoch -> {
                      if (epoch == crashEpoch) {
                        throw new IllegalStateException("simulated crash after epoch " + epoch);
                      }
                    })
                .run(false));
  }

  /** The metric rows of a run as JSON. */
  static List<JsonNode> rows(RunOutcome out) {
    List<JsonNode> rows = new ArrayList<>();
    try {
      for (String line : out.metricRows()) {
        rows.add(new ObjectMapper().readTree(line));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
