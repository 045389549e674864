package org.ucospark.loss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads src/test/resources/fixtures/losses.json and authors_gradient.json (same layout; row-major
 * tensors, batch first).
 */
public final class Fixtures {
  private Fixtures() {}

  public static List<JsonNode> lossCases() {
    return cases("/fixtures/losses.json");
  }

  /**
   * The cases of authors_gradient.json: terms as losses.json, gradients of the authors' distance
   * gradient.
   */
  public static List<JsonNode> authorsGradientCases() {
    return cases("/fixtures/authors_gradient.json");
  }

  /** The case's {@code distance_gradient} ("exact" when absent, as in losses.json). */
  public static LossParams.DistanceGradient distanceGradient(JsonNode c) {
    return c.has("distance_gradient")
        ? LossParams.DistanceGradient.parse(c.get("distance_gradient").asText())
        : LossParams.DistanceGradient.EXACT;
  }

  private static List<JsonNode> cases(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> out = new ArrayList<>();
      root.get("cases").forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static INDArray tensor(JsonNode n, DataType dt) {
    JsonNode s = n.get("shape");
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asLong();
    JsonNode d = n.get("data");
    double[] v = new double[d.size()];
    for (int i = 0; i < v.length; i++) v[i] = d.get(i).asDouble();
    return Nd4j.createFromArray(v).reshape('c', shape).castTo(dt);
  }

  public static List<INDArray> tensors(JsonNode arr, DataType dt) {
    List<INDArray> out = new ArrayList<>();
    arr.forEach(n -> out.add(tensor(n, dt)));
    return out;
  }

  public static String name(JsonNode c) {
    return "seed " + c.get("seed").asText() + " (" + c.get("kernel").asText() + ")";
  }

  /** max|a−b| / max(1, max|b|). */
  public static double relErr(INDArray a, INDArray b) {
    INDArray ad = a.castTo(DataType.DOUBLE);
    INDArray bd = b.castTo(DataType.DOUBLE);
    if (!java.util.Arrays.equals(ad.shape(), bd.shape()))
      throw new AssertionError(
          "shape "
              + java.util.Arrays.toString(ad.shape())
              + " vs "
              + java.util.Arrays.toString(bd.shape()));
    double num = ad.sub(bd).amaxNumber().doubleValue();
    return num / Math.max(1.0, bd.amaxNumber().doubleValue());
  }

  public static double relErr(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.abs(b));
  }
}
