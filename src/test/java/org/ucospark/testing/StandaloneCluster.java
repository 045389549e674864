package org.ucospark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.SparkSessions;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: one master and {@code n} workers, each a
 * separate JVM on the test's classpath (Spark comes from Maven), with free ports. Use it with
 * try-with-resources; {@link #close()} kills every JVM (a shutdown hook does it too if the test JVM
 * dies first: {@link TestProcesses}).
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start(2)) {      // 2 workers, 1 core and 2 GiB each
 *   SparkConf conf = cluster.sparkConf("my-test");                    // master, executors' classpath and flags
 *   SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
 *   ...                                                               // stop spark before the cluster closes
 * }
 * }</pre>
 *
 * Only one SparkContext may run per JVM: a test that uses the cluster stops any session it finds
 * first ({@link TestSpark#session()} makes a new one afterwards).
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final TestProcesses processes =
      new TestProcesses("standalone-cluster-stop", Duration.ofSeconds(10));
  private final Path dir;
  private final int workers;
  private final int workerCores;
  private String masterUrl;
  private int webUiPort;

  private StandaloneCluster(Path dir, int workers, int workerCores) {
    this.dir = dir;
    this.workers = workers;
    this.workerCores = workerCores;
  }

  /**
   * Starts a master and {@code workers} workers with 1 core and 2 GiB each; waits until all are
   * registered.
   */
  public static StandaloneCluster start(int workers) {
    return start(workers, 1, "2g", Duration.ofSeconds(90));
  }

  /**
   * Starts the cluster; a failure to register in time closes what started and throws with the
   * master's log.
   */
  public static StandaloneCluster start(
      int workers, int workerCores, String workerMemory, Duration timeout) {
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              TestSpark.projectDir().resolve("target"), "standalone-cluster-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StandaloneCluster cluster = new StandaloneCluster(dir, workers, workerCores);
    try {
      cluster.launch(workerMemory, timeout);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** Where the JVMs' logs and the executors' work folders are. */
  public Path dir() {
    return dir;
  }

  /** The number of workers the master knows alive now (its JSON endpoint). */
  public int aliveWorkers() {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE.matcher(r.body());
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /**
   * The ids of the executors that end a task of {@code spark} from now on: a live set, filled by a
   * listener, for the tests that check that the work spread over the cluster's executors.
   */
  public static Set<String> executorsRunningTasks(SparkSession spark) {
    Set<String> executors = ConcurrentHashMap.newKeySet();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                executors.add(end.taskInfo().executorId());
              }
            });
    return executors;
  }

  /**
   * A SparkConf for a driver in this JVM: the cluster's master, one executor per worker core
   * ({@code spark.executor.cores=1}, {@code spark.cores.max} = all cores), 1 GiB executors, the
   * Java 17 flags, and the test JVM's classpath for the executors (our classes, DL4J and Spark, as
   * the test sees them); like {@link SparkSessions#create}, it lists {@code
   * org.ucospark.io.Dl4jBackendPlugin} in {@code spark.plugins}.
   */
  public SparkConf sparkConf(String appName) {
    String flags =
        SparkSessions.jvmOptions()
            + " -Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G";
    return SparkSessions.withBackendPlugin(
        new SparkConf(false)
            .setMaster(masterUrl)
            .setAppName(appName)
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.executor.cores", "1")
            .set("spark.cores.max", String.valueOf(workers * workerCores))
            .set("spark.executor.memory", "1g")
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .set("spark.executor.extraJavaOptions", flags)
            .set("spark.executorEnv.OMP_NUM_THREADS", "1")
            .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
            .set("spark.sql.shuffle.partitions", "4"));
  }

  private void launch(String workerMemory, Duration timeout) {
    try {
      // Workers start executors with SPARK_HOME/jars/* on the classpath: an empty layout suffices,
      // the executors get the test classpath through spark.executor.extraClassPath.
      Path home = Files.createDirectories(dir.resolve("spark-home"));
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("conf"));
      int port = freePort();
      webUiPort = freePort();
      masterUrl = "spark://127.0.0.1:" + port;
      processes.add(
          spawn(
              home,
              "master",
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--webui-port",
              String.valueOf(webUiPort)));
      for (int i = 1; i <= workers; i++) {
        Path work = Files.createDirectories(dir.resolve("work/worker-" + i));
        processes.add(
            spawn(
                home,
                "worker-" + i,
                "org.apache.spark.deploy.worker.Worker",
                masterUrl,
                "--host",
                "127.0.0.1",
                "--cores",
                String.valueOf(workerCores),
                "--memory",
                workerMemory,
                "--webui-port",
                "0",
                "--work-dir",
                work.toString()));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (aliveWorkers() < workers) {
        for (Process p : processes.list()) {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                "a cluster JVM exited with " + p.exitValue() + "; logs in " + dir);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              workers
                  + " workers not registered within "
                  + timeout
                  + "; master log:\n"
                  + TestProcesses.tail(dir.resolve("master.log"), 30));
        }
        Thread.sleep(500);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the standalone cluster in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the standalone cluster", e);
    }
  }

  private Process spawn(Path home, String name, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : SparkSessions.jvmOptions().split("\\s+")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.add("-Xmx384m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_CONF_DIR", home.resolve("conf").toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Kills the workers (and with them their executors), then the master. */
  @Override
  public void close() {
    processes.close();
  }
}
