package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigLoader;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.TrialSpec;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * The sweep command: every configuration layer of `train` reaches the trials; exit code 3 when
 * trials failed.
 */
class SweepCommandTest {
  @TempDir static Path prepared;
  @TempDir Path tmp;

  @BeforeAll
  static void prepareUsps() {
    TestSpark.prepareUsps(TestSpark.session(), prepared);
  }

  @Test
  void configFileAndSystemPropertiesReachEveryTrialAndItsIdAndFailedTrialsExitWith3()
      throws Exception {
    String sweep =
        """
        sweep {
          models = [ddc]
          seeds = 1
          axes { "loss.rel_sigma" = [0.15, -1] }
          set { batch_size = 60, data.limit = 120, ofm.max_batches = 1 }
          max_attempts = 1
          parallelism = 2
        }
        """;
    Path file = Files.writeString(tmp.resolve("layers.conf"), sweep);
    Path config =
        Files.writeString(
            tmp.resolve("extra.conf"), "epochs = 1\nsweep.data_root = \"" + prepared + "\"\n");
    Path out = tmp.resolve("out");
    System.setProperty("uco.eval_interval", "1");
    Cli.Result r;
    try {
      r =
          Cli.run(
              "sweep",
              file.toString(),
              "--config",
              config.toString(),
              "--out",
              out.toString(),
              "--set",
              "spark.master=local[2]");
    } finally {
      System.clearProperty("uco.eval_interval");
    }
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(
        r.err().strip().lines().count() == 1
            // no sweep.name in the file: named after the file, not reference.conf's "sweep"
            && r.err().contains("sweep layers: 1 of 2 trials failed"),
        r.err());

    File[] runs =
        java.util.Arrays.stream(out.resolve("runs").toFile().listFiles())
            .filter(run -> new File(run, "config.json").exists())
            .toArray(File[]::new);
    assertEquals(1, runs.length, "the trial with a valid rel_sigma ran");
    assertEquals(
        2, out.resolve("runs").toFile().listFiles().length, "the failed one left its train.log");
    JsonNode trialConfig = new ObjectMapper().readTree(new File(runs[0], "config.json"));
    assertEquals(1, trialConfig.get("epochs").asInt(), "--config reached the trial");
    assertEquals(1, trialConfig.get("eval_interval").asInt(), "-Duco. reached the trial");
    assertEquals(
        prepared.resolve("usps").toUri().getPath().replaceAll("/$", ""),
        java.net.URI.create(trialConfig.at("/data/path").asText()).getPath().replaceAll("/$", ""));

    // Without those layers the same grid point is another trial (its id covers the resolved
    // configuration).
    SweepSpec spec =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(sweep))
                .withOverrides(List.of("sweep.data_root=" + prepared))
                .load());
    List<TrialSpec> plain =
        spec.trials(
            layers -> {
              ConfigLoader loader = new ConfigLoader();
              layers.forEach(loader::withConfig);
              return loader.load();
            });
    for (TrialSpec t : plain) {
      assertNotEquals(runs[0].getName(), t.trialId());
    }
  }
}
