package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  /**
   * Exact two-sided p by enumerating all 2^m sign patterns of ranks 1..m (distinct |d|, no zeros).
   */
  private static double bruteForceP(double[] d) {
    int m = d.length;
    Integer[] idx = new Integer[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(Math.abs(d[a]), Math.abs(d[b])));
    int wPlus = 0;
    for (int r = 0; r < m; r++) {
      if (d[idx[r]] > 0) {
        wPlus += r + 1;
      }
    }
    int total = m * (m + 1) / 2;
    int w = Math.max(wPlus, total - wPlus);
    int count = 0;
    for (int mask = 0; mask < (1 << m); mask++) {
      int s = 0;
      for (int j = 0; j < m; j++) {
        if ((mask >> j & 1) == 1) {
          s += j + 1;
        }
      }
      if (s >= w) {
        count++;
      }
    }
    return Math.min(1.0, 2.0 * count / (1 << m));
  }

  @Test
  void allPositiveFiveGivesExactP() {
    PairedComparison.Stat s =
        PairedComparison.compare(new double[] {2, 3, 4, 5, 6}, new double[] {1, 1, 1, 1, 1});
    assertEquals(5, s.n());
    assertEquals(5, s.wins());
    assertEquals(3.0, s.meanDiff(), 1e-12);
    assertEquals(0.0625, s.p(), 1e-12);
  }

  @Test
  void matchesBruteForceEnumeration() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int m = 2 + rnd.nextInt(10);
      double[] a = new double[m];
      double[] b = new double[m];
      double[] d = new double[m];
      for (int i = 0; i < m; i++) {
        b[i] = rnd.nextDouble();
        d[i] = (i + 1) * 0.01 * (rnd.nextBoolean() ? 1 : -1) + rnd.nextDouble() * 1e-3;
        a[i] = b[i] + d[i];
        d[i] = a[i] - b[i];
      }
      assertEquals(bruteForceP(d), PairedComparison.compare(a, b).p(), 1e-12, Arrays.toString(d));
    }
  }

  @Test
  void undefinedCasesAreNaN() {
    assertTrue(
        Double.isNaN(PairedComparison.compare(new double[] {1}, new double[] {0}).p()), "n < 2");
    PairedComparison.Stat zero =
        PairedComparison.compare(new double[] {1, 2, 3}, new double[] {1, 2, 3});
    assertEquals(3, zero.ties());
    assertEquals(0.0, zero.meanDiff());
    assertTrue(Double.isNaN(zero.p()), "all differences zero");
    PairedComparison.Stat empty = PairedComparison.compare(new double[0], new double[0]);
    assertEquals(0, empty.n());
    assertTrue(Double.isNaN(empty.meanDiff()));
  }

  @Test
  void tiesAreDroppedAndPCappedAtOne() {
    // one tie, then +1 and -2 and +3 ... balanced W+ = W- = 3 would give 1.25 uncapped
    PairedComparison.Stat s =
        PairedComparison.compare(new double[] {5, 1, 0, 3}, new double[] {5, 0, 2, 0});
    assertEquals(4, s.n());
    assertEquals(1, s.ties());
    assertEquals(2, s.wins());
    assertEquals(1, s.losses());
    assertEquals(bruteForceP(new double[] {1, -2, 3}), s.p(), 1e-12);
    PairedComparison.Stat bal =
        PairedComparison.compare(new double[] {1, 2, 0}, new double[] {0, 0, 3});
    assertEquals(1.0, bal.p(), 1e-12);
  }

  @Test
  void largeSampleUsesNormalApproximation() {
    int m = 40;
    double[] a = new double[m];
    double[] b = new double[m];
    for (int i = 0; i < m; i++) {
      a[i] = i + 1.5;
      b[i] = i < 35 ? 0 : 2 * i + 5;
    }
    double p = PairedComparison.compare(a, b).p();
    assertTrue(p > 0 && p < 0.01, "p = " + p);
  }

  @Test
  void nonFinitePairsAreSkipped() {
    PairedComparison.Stat s =
        PairedComparison.compare(new double[] {Double.NaN, 2, 3}, new double[] {1, 1, 1});
    assertEquals(2, s.n());
    assertEquals(1.5, s.meanDiff(), 1e-12);
  }

  @Test
  void statsAndCsv() {
    assertEquals(2.0, Stats.mean(new double[] {1, Double.NaN, 3}), 1e-12);
    assertEquals(Math.sqrt(2), Stats.sampleStd(new double[] {1, Double.NaN, 3}), 1e-12);
    assertTrue(Double.isNaN(Stats.sampleStd(new double[] {1})));
    assertTrue(Double.isNaN(Stats.mean(new double[] {Double.NaN})));
    StringBuilder sb = new StringBuilder();
    Csv.line(sb, "a,b", "say \"hi\"", null, Double.NaN, 1.5, 3, "x\ny");
    assertEquals("\"a,b\",\"say \"\"hi\"\"\",,,1.5,3,\"x\ny\"\n", sb.toString());
    assertEquals("0.830 ± 0.016 (0.850)", SummaryTables.cell(0.83, 0.0158, 0.85));
    assertEquals("0.500 ± – (0.500)", SummaryTables.cell(0.5, Double.NaN, 0.5));
    assertEquals("–", SummaryTables.cell(Double.NaN, Double.NaN, Double.NaN));
  }
}
