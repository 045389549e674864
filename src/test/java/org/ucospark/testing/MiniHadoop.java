package org.ucospark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HDFS on 127.0.0.1 for tests: Hadoop's MiniDFSCluster (hadoop-minicluster, the Hadoop version of Spark's
 * client) in a JVM of its own, started through {@code submit/hadoop-minicluster.sh run DIR}. Its unshaded Hadoop
 * server jars never meet the test's classpath, which reaches it through the shaded Hadoop client, as a client
 * of a real cluster does. Use it with try-with-resources; {@link #close()} kills it (a shutdown hook too).
 *
 * <pre>{@code
 * try (MiniHadoop hdfs = MiniHadoop.start()) {
 *   String uri = hdfs.uri();                       // hdfs://127.0.0.1:PORT
 *   ...
 * }
 * }</pre>
 */
public final class MiniHadoop implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Thread hook;
  private final String uri;

  private MiniHadoop(Process process, Path dir, String uri) {
    this.process = process;
    this.dir = dir;
    this.uri = uri;
    this.hook = new Thread(this::kill, "mini-hadoop-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts HDFS (one NameNode, one DataNode) and waits until it serves (10 minutes at most, Maven included). */
  public static MiniHadoop start() {
    return start(List.of(), Duration.ofMinutes(10));
  }

  /** Starts it with the script's flags (e.g. {@code --yarn}); a failure to serve in time throws with its log. */
  public static MiniHadoop start(List<String> flags, Duration timeout) {
    Path dir;
    Process p;
    try {
      dir = Files.createTempDirectory(TestSpark.projectDir().resolve("target"), "mini-hadoop-");
      List<String> cmd = new java.util.ArrayList<>(List.of("bash",
          TestSpark.projectDir().resolve("submit/hadoop-minicluster.sh").toString(), "run", dir.toString()));
      cmd.addAll(flags);
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("minicluster.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start submit/hadoop-minicluster.sh", e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.exists(dir.resolve("ready"))) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          String log = tail(dir.resolve("minicluster.log"));
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException("the mini HDFS did not serve within " + timeout + " (log in " + dir + "):\n" + log);
        }
        Thread.sleep(250);
      }
      return new MiniHadoop(p, dir, Files.readString(dir.resolve("hdfs-uri")).strip());
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the mini HDFS", e);
    }
  }

  /** {@code hdfs://127.0.0.1:PORT}: the NameNode. */
  public String uri() {
    return uri;
  }

  /** The client configuration it wrote (core-site.xml, hdfs-site.xml, yarn-site.xml with --yarn). */
  public Path confDir() {
    return dir.resolve("conf");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

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
    // The script execs the JVM: the process is the cluster itself; it stops its servers on SIGTERM.
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
