package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.ucospark.loss.LossParams;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Networks;
import org.ucospark.model.OptimizerParams;

/**
 * Networks saved by earlier builds still load: their explicit loss heads carry the removed {@code
 * gradientScale} property (always "batch", the scaling every head applies now), and their
 * reconstruction head the form {@code {"@class": …ReconstructionLoss, "weight": w}}.
 */
class SavedLossHeadsTest {
  @Test
  void aConfigurationWithTheRemovedGradientScalePropertyLoadsAsToday() {
    ModelParams p =
        new ModelParams(
            ModelVariant.DDC_UCO,
            new InputShape(1, 32, 32),
            10,
            ModelParams.HIDDEN_SIZE,
            LossParams.defaults(),
            0.1,
            new OptimizerParams(1e-4, 0.9, 0.999, 1e-7, 10.0),
            0);
    String today = Networks.configuration(p).toJson();
    String saved =
        today.replace(
            "\"distanceGradient\" : \"exact\"",
            "\"distanceGradient\" : \"exact\",\n  \"gradientScale\" : \"batch\"");
    assertTrue(saved.contains("gradientScale"), "the old property is in the saved form");
    assertEquals(today, ComputationGraphConfiguration.fromJson(saved).toJson());
  }

  @Test
  void aSavedReconstructionHeadLoadsWithItsWeight() {
    ModelParams p =
        new ModelParams(
            ModelVariant.DDC_AE,
            new InputShape(1, 32, 32),
            10,
            ModelParams.HIDDEN_SIZE,
            LossParams.defaults(),
            0.1,
            new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10.0),
            0);
    String json = Networks.configuration(p).toJson();
    assertTrue(
        json.matches(
            "(?s).*\"lossFn\" : \\{\\s*\"@class\" : \"org.ucospark.nn.ReconstructionLoss\","
                + "\\s*\"weight\" : 0.1\\s*}.*"),
        "the saved form of earlier builds");
    assertEquals(json, ComputationGraphConfiguration.fromJson(json).toJson());
  }
}
