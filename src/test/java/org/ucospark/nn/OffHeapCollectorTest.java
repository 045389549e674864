package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class OffHeapCollectorTest {
  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
    }
    return n;
  }

  /**
   * Steps within the interval of the last collection do nothing; the first step after it collects
   * the heap (the JVM's collection count grows) and starts a new interval.
   */
  @Test
  void collectsOncePerIntervalAfterAStep() {
    long t0 = System.nanoTime();
    OffHeapCollector.lastCollectionAt(t0);
    assertFalse(OffHeapCollector.collectIfDue(t0 + 1));
    assertFalse(OffHeapCollector.collectIfDue(t0 + OffHeapCollector.INTERVAL_NANOS - 1));
    long before = collections();
    assertTrue(OffHeapCollector.collectIfDue(t0 + OffHeapCollector.INTERVAL_NANOS));
    assertTrue(collections() > before, "a collection ran");
    assertFalse(OffHeapCollector.collectIfDue(t0 + OffHeapCollector.INTERVAL_NANOS + 1));
    assertTrue(OffHeapCollector.collectIfDue(t0 + 2 * OffHeapCollector.INTERVAL_NANOS));
  }
}
