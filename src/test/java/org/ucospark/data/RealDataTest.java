package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The four real data sets decode to the documented counts, classes, shapes and value ranges. */
class RealDataTest {

  /** Counts, labels, parts, ids, shapes and value range of a streamed data set. */
  private static final class Stats {
    final DatasetName d;
    long n;
    long train;
    final long[] classCounts;
    final long[] trainClassCounts;
    double sum;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    float[] first;

    Stats(DatasetName d) {
      this.d = d;
      classCounts = new long[d.numClasses()];
      trainClassCounts = new long[d.numClasses()];
    }

    void add(Example e) {
      assertEquals(n, e.id(), "ids are 0..N-1 in order");
      assertEquals(d.pixelCount(), e.pixels().length, "C*H*W");
      boolean isTrain = n < d.trainCount();
      assertEquals(isTrain ? Example.TRAIN : Example.TEST, e.part(), "train part first, then test");
      if (n == 0) {
        first = e.pixels();
      }
      n++;
      classCounts[e.label()]++;
      if (isTrain) {
        train++;
        trainClassCounts[e.label()]++;
      }
      for (float v : e.pixels()) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }

    double mean() {
      return sum / ((double) n * d.pixelCount());
    }
  }

  private static Stats read(DatasetName d, Path dir) {
    Stats s = new Stats(d);
    long n = RawDatasetReader.of(d, new LocalRawFiles(dir), true).forEach(s::add);
    assertEquals(d.expectedCount(), n);
    assertEquals(d.expectedCount(), s.n);
    return s;
  }

  @Test
  void uspsShippedInTheRepoGives9298ImagesIn32x32WithinMinusOneToOne() throws Exception {
    Path dir = Path.of(System.getProperty("user.dir"), "data", "raw", "usps");
    assertTrue(Files.isDirectory(dir), dir + " is shipped with the repository");
    Stats s = read(DatasetName.usps, dir);
    assertEquals(9298, s.n);
    assertEquals(7291, s.train);
    assertArrayEquals(
        new long[] {1553, 1269, 929, 824, 852, 716, 834, 792, 708, 821}, s.classCounts);
    assertArrayEquals(
        new long[] {1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644}, s.trainClassCounts);
    assertTrue(s.min >= -1f && s.max <= 1f, "values in [-1,1]: " + s.min + ".." + s.max);
    assertEquals(-1f, s.min);
  }

  @Test
  void mnistGives70000NormalisedImagesWithTheKnownTrainingClassCounts() {
    Stats s = read(DatasetName.mnist, TestData.sharedDataset("mnist"));
    assertEquals(60000, s.train);
    assertArrayEquals(
        new long[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
        s.trainClassCounts);
    assertEquals(2 * 0.1307 - 1, s.mean(), 1e-3);
    assertEquals(-1f, s.min);
    assertEquals(1f, s.max);
  }

  @Test
  void fashionMnistGives70000ImagesWith7000PerClass() {
    Stats s = read(DatasetName.fmnist, TestData.sharedDataset("fashion-mnist"));
    long[] expected = new long[10];
    java.util.Arrays.fill(expected, 7000);
    assertArrayEquals(expected, s.classCounts);
    assertEquals(60000, s.train);
    assertTrue(s.min >= -1f && s.max <= 1f);
  }

  @Test
  void coil100ZipGives7200ImagesOf3x64x64With72PerObjectInCanonicalOrder() {
    Path dir = TestData.sharedDataset("coil-100");
    Stats s = new Stats(DatasetName.coil100);
    long n =
        RawDatasetReader.of(DatasetName.coil100, new LocalRawFiles(dir), true)
            .forEach(
                e -> {
                  s.add(e);
                  // label = object - 1, 72 consecutive poses per object
                  assertEquals(e.id() / 72, e.label(), "canonical order by object then angle");
                });
    assertEquals(7200, n);
    long[] expected = new long[100];
    java.util.Arrays.fill(expected, 72);
    assertArrayEquals(expected, s.classCounts);
    assertTrue(s.min >= 0f && s.max <= 1f, "values in [0,1]: " + s.min + ".." + s.max);
  }
}
