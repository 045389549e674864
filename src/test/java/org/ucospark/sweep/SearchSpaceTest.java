package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;

/**
 * Search spaces: distributions drawn at random or from the Sobol sequence, and what grid refuses.
 */
class SearchSpaceTest {
  static final String SPACE =
      """
      sweep {
        models = [ddc_uco]
        search = %s
        samples = 8
        sampling_seed = %d
        axes {
          optimizer.learning_rate { loguniform = [1e-4, 1e-2] }
          "loss.uco_lambda" { uniform = [0.0, 0.5] }
          batch_size { int = [50, 60] }
          loss { uco_kernel { choice = [tensor, naive] } }
        }
      }
      """;

  static SweepSpec spec(String search, long seed) {
    return SweepSpec.from(
        new ConfigLoader()
            .withConfig(ConfigFactory.parseString(String.format(SPACE, search, seed)))
            .load());
  }

  @Test
  void drawnPointsLieInTheirDistributionsAndAreReproducible() {
    for (String search : List.of("random", "sobol")) {
      List<Map<String, ConfigValue>> points = spec(search, 3).gridPoints();
      assertEquals(8, points.size());
      assertEquals(points.toString(), spec(search, 3).gridPoints().toString(), "same seed");
      assertNotEquals(points.toString(), spec(search, 4).gridPoints().toString(), "another seed");
      for (Map<String, ConfigValue> p : points) {
        double lr = ((Number) p.get("optimizer.learning_rate").unwrapped()).doubleValue();
        double lambda = ((Number) p.get("loss.uco_lambda").unwrapped()).doubleValue();
        Object batch = p.get("batch_size").unwrapped();
        assertTrue(lr >= 1e-4 && lr <= 1e-2, "loguniform " + lr);
        assertTrue(lambda >= 0 && lambda <= 0.5, "uniform " + lambda);
        assertTrue(batch instanceof Integer b && b >= 50 && b <= 60, "int " + batch);
        assertTrue(List.of("tensor", "naive").contains(p.get("loss.uco_kernel").unwrapped()));
      }
    }
  }

  @Test
  void sobolPointsAreTheSobolSequenceFromIndexOnePlusTheSeed() {
    List<Map<String, ConfigValue>> points = spec("sobol", 7).gridPoints();
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(4);
    sobol.skipTo(8);
    for (Map<String, ConfigValue> p : points) {
      double[] u = sobol.nextVector();
      // one dimension per axis in key order: batch_size, loss.uco_kernel, loss.uco_lambda, lr
      double lambda = ((Number) p.get("loss.uco_lambda").unwrapped()).doubleValue();
      assertEquals(0.5 * u[2], lambda, 1e-6);
      assertEquals(50 + (int) Math.floor(u[0] * 11), p.get("batch_size").unwrapped());
      assertEquals(u[1] < 0.5 ? "tensor" : "naive", p.get("loss.uco_kernel").unwrapped());
      double lr = ((Number) p.get("optimizer.learning_rate").unwrapped()).doubleValue();
      assertEquals(Math.exp(Math.log(1e-4) + u[3] * Math.log(100)), lr, lr * 1e-5);
    }
  }

  @Test
  void theTrialIdCoversTheDrawnValues() {
    List<TrialSpec> trials =
        spec("sobol", 0)
            .trials(
                layers -> {
                  ConfigLoader loader = new ConfigLoader();
                  layers.forEach(loader::withConfig);
                  return loader.load();
                });
    assertEquals(8, trials.size());
    assertEquals(8, trials.stream().map(TrialSpec::trialId).distinct().count());
    assertTrue(trials.get(0).params().contains("optimizer.learning_rate"), trials.get(0).params());
    assertTrue(trials.get(0).config().contains(trials.get(0).params().split("[:,]")[1]));
  }

  @Test
  void aDistributionUnderGridIsOneClearError() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                SweepSpec.from(
                    new ConfigLoader()
                        .withConfig(
                            ConfigFactory.parseString(
                                "sweep { axes { \"loss.uco_lambda\" { loguniform = [1e-3, 1e-1] }"
                                    + " } }"))
                        .load()));
    assertTrue(
        e.getMessage().contains("axis 'sweep.axes.loss.uco_lambda' is a distribution (loguniform)")
            && e.getMessage().contains("sweep.search = random or sobol"),
        e.getMessage());
    e =
        assertThrows(
            UcoException.class,
            () ->
                SweepSpec.from(
                    new ConfigLoader()
                        .withConfig(
                            ConfigFactory.parseString(
                                "sweep { search = random, samples = 2, axes { \"loss.uco_lambda\""
                                    + " { loguniform = [0, 1] } } }"))
                        .load()));
    assertTrue(e.getMessage().contains("low > 0"), e.getMessage());
    e =
        assertThrows(
            UcoException.class,
            () ->
                SweepSpec.from(
                    new ConfigLoader()
                        .withConfig(ConfigFactory.parseString("sweep { samples = 5 }"))
                        .load()));
    assertTrue(
        e.getMessage().contains("'sweep.samples' must be 0 with sweep.search = grid"),
        e.getMessage());
  }
}
