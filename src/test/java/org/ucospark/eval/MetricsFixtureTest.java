package org.ucospark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code fixtures/metrics.json} (from the reference implementation), to 1e-9
 * absolute. Cases are discovered at run time, so a case added to the fixture is tested without code
 * changes.
 */
class MetricsFixtureTest {

  private static final double TOL = 1e-9;

  private static JsonNode readCases() throws IOException {
    try (InputStream in = MetricsFixtureTest.class.getResourceAsStream("/fixtures/metrics.json")) {
      assertNotNull(in, "fixtures/metrics.json not on the test classpath");
      JsonNode cases = new ObjectMapper().readTree(in).get("cases");
      assertNotNull(cases, "metrics.json has no 'cases'");
      return cases;
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureCase() throws IOException {
    JsonNode cases = readCases();
    assertFalse(cases.isEmpty(), "metrics.json has no cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      JsonNode node = cases.get(c);
      int[] labels = ints(node.get("labels"));
      int[] pred = ints(node.get("pred"));
      ContingencyTable table = ContingencyTable.of(labels, pred);
      String name =
          "case "
              + c
              + " (N="
              + labels.length
              + ", classes="
              + table.numClasses()
              + ", clusters="
              + table.numClusters()
              + ")";
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                double acc = node.get("acc").asDouble();
                double nmi = node.get("nmi").asDouble();
                double ari = node.get("ari").asDouble();
                assertEquals(acc, ClusteringMetrics.acc(labels, pred), TOL, "acc");
                assertEquals(nmi, ClusteringMetrics.nmi(labels, pred), TOL, "nmi");
                assertEquals(ari, ClusteringMetrics.ari(labels, pred), TOL, "ari");
                Scores scores = MetricRegistry.score(labels, pred);
                assertEquals(acc, scores.get("acc"), TOL, "scores.acc");
                assertEquals(nmi, scores.get("nmi"), TOL, "scores.nmi");
                assertEquals(ari, scores.get("ari"), TOL, "scores.ari");
              }));
    }
    return tests.stream();
  }
}
