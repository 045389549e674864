package org.ucospark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HDFS on 127.0.0.1 for tests: Hadoop's MiniDFSCluster (hadoop-minicluster, the Hadoop
 * version of Spark's client) in a JVM of its own, started through {@code
 * submit/hadoop-minicluster.sh run DIR}. Its unshaded Hadoop server jars never meet the test's
 * classpath, which reaches it through the shaded Hadoop client, as a client of a real cluster does.
 * Use it with try-with-resources; {@link #close()} kills it (a shutdown hook too: {@link
 * TestProcesses}).
 *
 * <pre>{@code
 * try (MiniHadoop hdfs = MiniHadoop.start()) {
 *   String uri = hdfs.uri();                       // hdfs://127.0.0.1:PORT
 *   ...
 * }
 * }</pre>
 */
public final class MiniHadoop implements AutoCloseable {
  private final TestProcesses processes;
  private final Path dir;
  private final String uri;

  private MiniHadoop(TestProcesses processes, Path dir, String uri) {
    this.processes = processes;
    this.dir = dir;
    this.uri = uri;
  }

  /**
   * Starts HDFS (one NameNode, one DataNode) and waits until it serves (10 minutes at most, Maven
   * included).
   */
  public static MiniHadoop start() {
    return start(List.of(), Duration.ofMinutes(10));
  }

  /**
   * Starts it with the script's flags (e.g. {@code --yarn}); a failure to serve in time throws with
   * its log.
   */
  public static MiniHadoop start(List<String> flags, Duration timeout) {
    Path dir;
    Process p;
    // The script execs the JVM: the process is the cluster itself; it stops its servers on SIGTERM.
    TestProcesses processes = new TestProcesses("mini-hadoop-stop", Duration.ofSeconds(30));
    try {
      dir = Files.createTempDirectory(TestSpark.projectDir().resolve("target"), "mini-hadoop-");
      List<String> cmd =
          new java.util.ArrayList<>(
              List.of(
                  "bash",
                  TestSpark.projectDir().resolve("submit/hadoop-minicluster.sh").toString(),
                  "run",
                  dir.toString()));
      cmd.addAll(flags);
      p =
          processes.add(
              new ProcessBuilder(cmd)
                  .redirectErrorStream(true)
                  .redirectOutput(dir.resolve("minicluster.log").toFile())
                  .start());
    } catch (IOException e) {
      processes.close();
      throw new IllegalStateException("cannot start submit/hadoop-minicluster.sh", e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.exists(dir.resolve("ready"))) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          String log = TestProcesses.tail(dir.resolve("minicluster.log"), 40);
          processes.close();
          throw new IllegalStateException(
              "the mini HDFS did not serve within " + timeout + " (log in " + dir + "):\n" + log);
        }
        Thread.sleep(250);
      }
      return new MiniHadoop(processes, dir, Files.readString(dir.resolve("hdfs-uri")).strip());
    } catch (IOException e) {
      processes.close();
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      processes.close();
      throw new IllegalStateException("interrupted while starting the mini HDFS", e);
    }
  }

  /** {@code hdfs://127.0.0.1:PORT}: the NameNode. */
  public String uri() {
    return uri;
  }

  /**
   * The client configuration it wrote (core-site.xml, hdfs-site.xml, yarn-site.xml with --yarn).
   */
  public Path confDir() {
    return dir.resolve("conf");
  }

  @Override
  public void close() {
    processes.close();
  }
}
