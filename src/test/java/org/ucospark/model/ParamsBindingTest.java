package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.config.Settings;

/**
 * The dec.*, ohc.* and optimizer.* keys: defaults from reference.conf alone, bound and checked by
 * their types.
 */
class ParamsBindingTest {
  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(Settings.reference()).resolve();
  }

  @Test
  void defaultsAreThoseOfReferenceConf() {
    Config r = Settings.reference();
    assertEquals(
        new DecParams(
            r.getInt("dec.bottleneck"),
            r.getDouble("dec.alpha"),
            r.getInt("dec.pretrain_epochs"),
            r.getInt("dec.target_update_interval"),
            r.getInt("dec.kmeans_restarts"),
            r.getDouble("dec.pretrain_learning_rate")),
        DecParams.defaults());
    assertEquals(
        new OhcParams(
            r.getInt("ohc.embedding"),
            r.getDouble("ohc.sigma"),
            OhcParams.encoder(r.getString("ohc.encoder"))),
        OhcParams.defaults());
    assertEquals(r.getDouble("optimizer.learning_rate"), OptimizerParams.defaults().learningRate());
  }

  @Test
  void eachTypeBindsItsKeysAndNamesABadOne() {
    assertEquals(7, DecParams.from(with("dec.bottleneck = 7")).bottleneck());
    assertEquals(
        ModelVariant.Encoder.CNN_SMALL, OhcParams.from(with("ohc.encoder = cnn_small")).encoder());
    assertEquals(0.0, OptimizerParams.from(with("optimizer.clip_norm = 0")).clipNorm());
    for (String bad :
        new String[] {
          "dec.alpha = 0",
          "dec.kmeans_restarts = 0",
          "ohc.sigma = -1",
          "ohc.encoder = resnet",
          "optimizer.learning_rate = 0",
          "optimizer.clip_norm = -1"
        }) {
      String key = bad.substring(0, bad.indexOf(' '));
      String message =
          assertThrows(
                  UcoException.class,
                  () -> {
                    Config c = with(bad);
                    DecParams.from(c);
                    OhcParams.from(c);
                    OptimizerParams.from(c);
                  })
              .getMessage();
      assertTrue(message.contains("key '" + key + "'"), message);
    }
  }
}
