package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The resize recipes reproduce scikit-image 0.19 (fixtures/resize.json) to 1e-6. */
class ImageResizeTest {
  private static final double TOL = 1e-6;

  private static JsonNode fixture() throws IOException {
    try (InputStream in = ImageResizeTest.class.getResourceAsStream("/fixtures/resize.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static double[] values(JsonNode arr) {
    double[] d = new double[arr.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = arr.get(i).asDouble();
    }
    return d;
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.abs(expected[i] - actual[i]);
      if (e > worst) {
        worst = e;
        at = i;
      }
    }
    assertTrue(worst <= TOL, what + ": max abs error " + worst + " at index " + at);
  }

  @TestFactory
  Stream<DynamicTest> uspsBilinear16To32MatchesScikitImageForEveryFixtureCase() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("usps")) {
      tests.add(
          DynamicTest.dynamicTest(
              "usps id " + c.get("id").asInt(),
              () -> {
                double[] in = values(c.get("input_16x16"));
                float[] inF = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                  inF[i] = (float) in[i];
                }
                assertClose(
                    values(c.get("output_32x32")),
                    UspsReader.recipe(inF),
                    "usps id " + c.get("id"));
              }));
    }
    assertTrue(tests.size() > 0, "fixture has usps cases");
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> coilGaussianThenBilinear128To64MatchesScikitImageForEveryFixtureCase()
      throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("coil100")) {
      String file = c.get("file").asText();
      tests.add(
          DynamicTest.dynamicTest(
              "coil100 " + file,
              () -> {
                Path zip = TestData.sharedDataset("coil-100").resolve("coil-100.zip");
                byte[] png = null;
                try (ZipFile z = new ZipFile(zip.toFile())) {
                  for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                    ZipEntry e = en.nextElement();
                    if (e.getName().equals(file) || e.getName().endsWith("/" + file)) {
                      try (InputStream in = z.getInputStream(e)) {
                        png = in.readAllBytes();
                      }
                    }
                  }
                }
                assertTrue(png != null, zip + " has no entry " + file);
                assertEquals(c.get("label").asInt(), Coil100Reader.labelOf(file));
                assertClose(
                    values(c.get("output_3x64x64")),
                    Coil100Reader.recipe(png, file),
                    "coil100 " + file);
              }));
    }
    assertTrue(tests.size() > 0, "fixture has coil100 cases");
    return tests.stream();
  }

  @Test
  void reflectMirrorsWithoutRepeatingTheEdgeSample() {
    assertEquals(1, ImageResize.reflect(-1, 5));
    assertEquals(2, ImageResize.reflect(-2, 5));
    assertEquals(3, ImageResize.reflect(5, 5));
    assertEquals(2, ImageResize.reflect(6, 5));
    assertEquals(0, ImageResize.reflect(8, 5));
    assertEquals(0, ImageResize.reflect(-3, 1));
  }

  @Test
  void gaussianKernelForSigmaHalfHasFiveNormalisedTaps() {
    double[] k = ImageResize.gaussianKernel(0.5, 4.0);
    assertEquals(5, k.length);
    assertEquals(1.0, k[0] + k[1] + k[2] + k[3] + k[4], 1e-15);
    assertEquals(Math.exp(-2) * k[2], k[1], 1e-15);
  }

  @Test
  void constantImageStaysConstantThroughBothRecipes() {
    double[] img = new double[3 * 10 * 12];
    java.util.Arrays.fill(img, 0.25);
    double[] out = ImageResize.downscale(img, 3, 10, 12, 5, 6, 0.5);
    double[] expect = new double[3 * 5 * 6];
    java.util.Arrays.fill(expect, 0.25);
    assertArrayEquals(expect, out, 1e-15);
    assertArrayEquals(
        new double[] {1.25, 1.25, 1.75, 1.75},
        ImageResize.resizeBilinear(new double[] {1, 2}, 1, 1, 2, 1, 4),
        1e-15);
  }
}
