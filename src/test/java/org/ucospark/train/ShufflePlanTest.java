package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShufflePlanTest {
  @Test
  void permutationIsAPermutationFixedBySeedAndEpoch() {
    int[] p = ShufflePlan.permutation(3, 1, 1000);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(p, ShufflePlan.permutation(3, 1, 1000));
    assertFalse(Arrays.equals(p, ShufflePlan.permutation(3, 2, 1000)), "reshuffled every epoch");
    assertFalse(Arrays.equals(p, ShufflePlan.permutation(4, 1, 1000)), "seed matters");
  }

  @Test
  void positionsInvertThePermutation() {
    int[] order = ShufflePlan.permutation(0, 5, 97);
    int[] pos = ShufflePlan.positions(0, 5, 97);
    for (int i = 0; i < order.length; i++) {
      assertEquals(i, pos[order[i]]);
    }
  }

  @Test
  void lastPartialBatchIsDropped() {
    assertEquals(77, ShufflePlan.batches(9298, 120));
    assertEquals(2, ShufflePlan.batches(240, 120));
    assertEquals(0, ShufflePlan.batches(119, 120));
  }
}
