package org.ucospark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes a test helper started (the JVMs of {@link StandaloneCluster} and {@link
 * MiniHadoop}, {@link MiniS3}): ended by {@link #close()}, or by a shutdown hook if the test JVM
 * ends first. Ending one: SIGTERM to the process and its descendants (a worker's executors, a
 * NodeManager's containers), newest process first, then up to {@code grace} for each to exit before
 * it and its descendants are killed.
 */
final class TestProcesses implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final Duration grace;
  private final Thread hook;

  /** Registers the shutdown hook (thread {@code name}). */
  TestProcesses(String name, Duration grace) {
    this.grace = grace;
    this.hook = new Thread(this::kill, name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Adds a started process; returns it. */
  synchronized Process add(Process p) {
    processes.add(p);
    return p;
  }

  /** The processes added and not yet ended by {@link #close()}, oldest first. */
  synchronized List<Process> list() {
    return List.copyOf(processes);
  }

  /**
   * Waits until {@code p} (a server started by a submit/ script) has written {@code ready}; throws
   * with the last lines of {@code log} when it exits first or {@code timeout} passes.
   */
  static void awaitFile(Process p, Path ready, Path log, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.exists(ready)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the " + what + " server did not serve within " + timeout + ":\n" + tail(log, 40));
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the " + what + " server", e);
    }
  }

  /** Ends every process (see the class comment) and removes the shutdown hook. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already
    }
  }

  private synchronized void kill() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    processes.clear();
  }

  /** The last {@code lines} lines of a log, for an error message. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
