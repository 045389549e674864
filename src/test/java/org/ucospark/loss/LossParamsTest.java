package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.config.Settings;

class LossParamsTest {
  @Test
  void jsonNamesAsInSpec() throws Exception {
    ObjectMapper om = new ObjectMapper();
    LossParams p =
        om.readValue(
            "{\"rel_sigma\":0.2,\"uco_lambda\":0.05,\"kernel\":\"naive\","
                + "\"weighting\":\"exp\",\"uco_assignment_gradient\":false,\"seed\":3}",
            LossParams.class);
    assertEquals(
        new LossParams(0.2, 0.05, LossParams.KernelType.NAIVE, LossParams.Weighting.EXP, false), p);
    assertEquals(p, om.readValue(om.writeValueAsString(p), LossParams.class));
    LossParams d = om.readValue("{\"kernel\":\"tensor\"}", LossParams.class);
    assertEquals(LossParams.defaults(), d);
  }

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(Settings.reference()).resolve();
  }

  /**
   * The defaults are reference.conf's loss.* keys, and each key is bound and checked by LossParams
   * itself.
   */
  @Test
  void fromBindsTheLossKeysOfTheConfigurationAndNamesABadOne() {
    Config reference = Settings.reference();
    LossParams d = LossParams.defaults();
    assertEquals(reference.getDouble("loss.rel_sigma"), d.relSigma());
    assertEquals(reference.getDouble("loss.uco_lambda"), d.ucoLambda());
    assertEquals(LossParams.KernelType.parse(reference.getString("loss.uco_kernel")), d.kernel());
    assertEquals(
        new LossParams(
            0.3,
            0.5,
            LossParams.KernelType.NAIVE,
            LossParams.Weighting.EXP,
            false,
            LossParams.DistanceGradient.AUTHORS),
        LossParams.from(
            with(
                "loss { rel_sigma = 0.3, uco_lambda = 0.5,"
                    + " uco_kernel = naive, uco_weighting = exp, uco_assignment_gradient = false, distance_gradient = authors }")));
    assertEquals(
        "String: 1: key 'loss.rel_sigma' must be a positive number, got 0.0",
        assertThrows(UcoException.class, () -> LossParams.from(with("loss.rel_sigma = 0")))
            .getMessage());
    assertEquals(
        "String: 1: key 'loss.uco_kernel' must be one of the documented values (see reference.conf), got"
            + " gauss",
        assertThrows(UcoException.class, () -> LossParams.from(with("loss.uco_kernel = gauss")))
            .getMessage());
  }
}
