package org.ucospark.sweep;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The driver-side pool of a sweep's runners (the grid's and the halving one). */
final class TrialPool {
  private TrialPool() {}

  /**
   * A pool that submits up to {@code parallelism} trials at once (each a Spark job of one task):
   * daemon threads named {@code name}, so that a failed sweep never keeps the JVM alive.
   */
  static ExecutorService daemon(int parallelism, String name) {
    return Executors.newFixedThreadPool(
        Math.max(1, parallelism),
        r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
