package org.ucospark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContingencyTableTest {

  @Test
  void countsNonContiguousRectangular() {
    int[] labels = {7, 7, 0, 1000, 0, 7};
    int[] pred = {3, 5, 3, 3, 42, 5};
    ContingencyTable t = ContingencyTable.of(labels, pred);
    assertArrayEquals(new int[] {0, 7, 1000}, t.classes());
    assertArrayEquals(new int[] {3, 5, 42}, t.clusters());
    assertEquals(3, t.numClasses());
    assertEquals(3, t.numClusters());
    long[][] expected = {
      {1, 0, 1},
      {1, 2, 0},
      {1, 0, 0},
    };
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expected[i], t.counts()[i]);
    }
    assertEquals(2, t.count(1, 1));
    assertEquals(0, t.count(2, 2));
    assertEquals(5, t.nonZeroCells());
    assertThrows(IndexOutOfBoundsException.class, () -> t.count(3, 0));
    assertArrayEquals(new long[] {2, 3, 1}, t.classTotals());
    assertArrayEquals(new long[] {3, 2, 1}, t.clusterTotals());
    assertEquals(6, t.total());
  }

  @Test
  void moreClustersThanClasses() {
    ContingencyTable t = ContingencyTable.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 11});
    assertEquals(2, t.numClasses());
    assertEquals(4, t.numClusters());
  }

  @Test
  void manyDistinctValuesStaySparse() {
    int n = 70_000;
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 3 * i + 1;
    }
    ContingencyTable t = ContingencyTable.of(ids, ids); // 70,000 x 70,000, would be 39 GB dense
    assertEquals(n, t.numClasses());
    assertEquals(n, t.nonZeroCells());
    assertEquals(1, t.count(n - 1, n - 1));
    assertEquals(0, t.count(n - 1, 0));
    assertEquals(n, t.total());
  }

  @Test
  void accessorsReturnCopies() {
    ContingencyTable t = ContingencyTable.of(new int[] {0, 1}, new int[] {0, 1});
    t.counts()[0][0] = 99;
    t.classTotals()[0] = 99;
    t.classes()[0] = 99;
    assertEquals(1, t.count(0, 0));
    assertEquals(1, t.classTotals()[0]);
    assertEquals(0, t.classes()[0]);
  }

  @Test
  void emptyAndInvalid() {
    ContingencyTable t = ContingencyTable.of(new int[0], new int[0]);
    assertEquals(0, t.total());
    assertEquals(0, t.numClasses());
    assertThrows(
        IllegalArgumentException.class, () -> ContingencyTable.of(new int[] {1}, new int[0]));
    assertThrows(NullPointerException.class, () -> ContingencyTable.of(null, new int[0]));
  }
}
