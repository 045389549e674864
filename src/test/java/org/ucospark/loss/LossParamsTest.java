package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LossParamsTest {
  @Test
  void jsonNamesAsInSpec() throws Exception {
    ObjectMapper om = new ObjectMapper();
    LossParams p = om.readValue("{\"rel_sigma\":0.2,\"uco_lambda\":0.05,\"kernel\":\"naive\","
        + "\"weighting\":\"exp\",\"uco_assignment_gradient\":false,\"seed\":3}", LossParams.class);
    assertEquals(new LossParams(0.2, 0.05, LossParams.KernelType.NAIVE, LossParams.Weighting.EXP, false), p);
    assertEquals(p, om.readValue(om.writeValueAsString(p), LossParams.class));
    LossParams d = om.readValue("{\"kernel\":\"tensor\"}", LossParams.class);
    assertEquals(LossParams.defaults(), d);
  }
}
