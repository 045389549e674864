package org.ucospark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;

/**
 * A model's published settings for a data set of one's own, and why those of usps stand for all
 * four.
 */
class ExperimentDefaultsTest {
  private static final List<String> MODELS =
      List.of(
          "ddc", "ddc_uco", "ddc_ae", "dec", "idec", "dec_uco", "cdec", "icdec", "cdec_uco", "ohc");

  private static Config withoutNames(Config c) {
    return c.withoutPath("experiment").withoutPath("data.dataset");
  }

  /**
   * The one published per-data-set difference: the authors' config/dec/experiments/coil100.py
   * trains CDEC-UCO on COIL-100 with batch 200 (docs/PROTOCOL.md). Every other setting of a model
   * is the same on all four.
   */
  private static Config withoutDatasetSpecifics(String experiment) {
    Config c = withoutNames(ConfigFiles.experiment(experiment));
    if (experiment.equals("cdec_uco_coil100")) {
      assertEquals(200, c.getInt("batch_size"), experiment);
      c =
          c.withoutPath("batch_size")
              .withFallback(withoutNames(ConfigFiles.experiment("cdec_uco_usps")));
    }
    return c;
  }

  @Test
  void everyModelHasTheSameSettingsOnTheFourDataSetsButTheDocumentedOne() {
    for (String model : MODELS) {
      Config usps =
          withoutNames(ConfigFiles.experiment(model + "_" + ConfigFiles.DEFAULTS_DATASET));
      for (String dataset : List.of("mnist", "fmnist", "coil100")) {
        assertEquals(
            usps.root().unwrapped(),
            withoutDatasetSpecifics(model + "_" + dataset).root().unwrapped(),
            model + "_" + dataset);
      }
    }
  }

  @Test
  void ownDataSetsGetThePublishedSettingsUnderTheirOwnName() {
    Config own = ConfigFiles.forModel("ddc_uco", "mydigits");
    assertEquals("ddc_uco_mydigits", own.getString("experiment"));
    assertEquals("mydigits", own.getString("data.dataset"));
    assertEquals(
        1e-4, own.getDouble("optimizer.learning_rate"), 0, "DDC-UCO's published learning rate");
    Config loaded = new ConfigLoader().withConfig(own).load();
    assertEquals(200, loaded.getInt("epochs"));
    assertEquals(
        "ddc_uco_mnist",
        ConfigFiles.forModel("ddc_uco", "mnist").getString("experiment"),
        "a built-in data set keeps its own experiment file");
    assertTrue(
        assertThrows(UcoException.class, () -> ConfigFiles.forModel("kmeans", "mydigits"))
            .getMessage()
            .startsWith("unknown model 'kmeans' (known: "));
  }
}
