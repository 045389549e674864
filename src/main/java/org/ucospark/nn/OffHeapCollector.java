package org.ucospark.nn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a training JVM's resident memory flat by collecting the Java heap at most once per {@link
 * #INTERVAL_NANOS}, called after every training step and after every batch of an evaluation or
 * assignment pass (an epoch's evaluation of 100,000 images made 833 batches of activations as
 * garbage between two steps: the JVM grew past 13 GB, 2026-12-06, docs/PERFORMANCE.md).
 *
 * <p>Why: ND4J frees the native memory of an array allocated outside a workspace only when the Java
 * object owning it is collected (its {@code DeallocatorService}). Every step creates dozens of such
 * arrays inside ND4J and DL4J themselves (each op's scalar and dimension arguments, batch-norm and
 * bias bookkeeping): small on the Java heap, so the garbage collector sees no reason to run, and on
 * a large heap the ones promoted to the old generation wait for a concurrent cycle that starts only
 * at 45 % occupancy. Meanwhile glibc cannot return the native blocks around them. Measured (ddc,
 * batch 120, 1,000 steps; docs/PERFORMANCE.md, issue 18): RSS grew from 589 MiB after step 100 to
 * 1,391 MiB after step 1,000 without collections; with this collector 475 → 518 MiB (ddc_ae +6 %,
 * ddc_uco +1 %). ND4J's own remedy, its periodic collection ({@code
 * MemoryManager.togglePeriodicGc}), is disabled by design in the CPU backend; this is the same
 * remedy, placed after whole steps so that it never interrupts one.
 *
 * <p>One clock per JVM: trials training in parallel in one executor share it, so the JVM collects
 * once per interval whatever the number of networks it trains. A JVM started with {@code
 * -XX:+DisableExplicitGC} makes it a no-op.
 */
public final class OffHeapCollector {
  /** At most one collection per 5 s: about 1 % of the time for a full collection of 45–62 ms. */
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final AtomicLong LAST = new AtomicLong(System.nanoTime());

  private OffHeapCollector() {}

  /**
   * Call after a training step or an evaluation batch: collects if the interval has passed since
   * the last collection.
   */
  public static void afterStep() {
    collectIfDue(System.nanoTime());
  }

  /**
   * Collects, and returns true, if {@code now} is an interval or more after the last collection.
   */
  static boolean collectIfDue(long now) {
    long last = LAST.get();
    if (now - last >= INTERVAL_NANOS && LAST.compareAndSet(last, now)) {
      System.gc();
      return true;
    }
    return false;
  }

  /** Test hook: the time of the last collection. */
  static void lastCollectionAt(long nanos) {
    LAST.set(nanos);
  }
}
