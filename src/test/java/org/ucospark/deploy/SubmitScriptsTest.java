package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ucospark.io.SparkSessions;
import org.ucospark.testing.TestSpark;

/**
 * The submit/ scripts parse (bash -n) and their --dry-run prints the exact spark-submit command.
 */
class SubmitScriptsTest {
  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(TestSpark.projectDir().toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("SPARK_MASTER");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("submit", ".out");
    Path err = Files.createTempFile("submit", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script did not finish");
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "local.sh",
        "standalone.sh",
        "yarn.sh",
        "k8s.sh",
        "standalone-cluster.sh",
        "standalone-smoke.sh",
        "lib/common.sh",
        "uco-spark",
        "bench-trial-parallel.sh",
        "hadoop-minicluster.sh",
        "yarn-smoke.sh",
        "chaos-sweep.sh",
        "bench-scaling.sh"
      })
  void scriptsParse(String script) throws Exception {
    Result r = run(Map.of(), "bash", "-n", "submit/" + script);
    assertEquals(0, r.code(), r.err());
  }

  /** Every script in submit/ (the launcher included), found by listing the folder. */
  static List<String> scripts() throws IOException {
    try (var files = Files.list(TestSpark.projectDir().resolve("submit"))) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".sh") || n.equals("uco-spark"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void everyScriptTakesHelpAndPrintsItsUsage(String script) throws Exception {
    for (String flag : List.of("--help", "-h")) {
      Result r = run(Map.of(), "submit/" + script, flag);
      assertEquals(0, r.code(), script + " " + flag + ": " + r.err() + r.out());
      assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("usage"), r.out());
      assertEquals("", r.err(), script + " " + flag);
    }
  }

  @Test
  void chaosSweepRejectsBadArgumentsWithOneLine() throws Exception {
    Result r = run(Map.of(), "submit/chaos-sweep.sh", "--epochs", "two");
    assertEquals(2, r.code());
    assertEquals("chaos-sweep: --epochs needs a positive integer", r.err().trim());
    r = run(Map.of(), "submit/chaos-sweep.sh", "--fast");
    assertEquals(2, r.code());
    assertEquals(
        "chaos-sweep: unknown argument '--fast' (usage: submit/chaos-sweep.sh [--epochs N] [--keep DIR] [--halving])",
        r.err().trim());
  }

  @Test
  void benchTrialParallelRejectsBadArgumentsWithOneLine() throws Exception {
    Result r = run(Map.of(), "submit/bench-trial-parallel.sh", "conf/sweeps/nope.conf");
    assertEquals(2, r.code());
    assertEquals("bench-trial-parallel: conf/sweeps/nope.conf: no such sweep file", r.err().trim());
    r =
        run(
            Map.of(),
            "submit/bench-trial-parallel.sh",
            "conf/sweeps/bench-trial-parallel.conf",
            "two");
    assertEquals(2, r.code());
    assertEquals(
        "bench-trial-parallel: ROUNDS must be a positive integer, got 'two'", r.err().trim());
  }

  @Test
  void benchScalingRejectsBadArgumentsWithOneLine() throws Exception {
    Result r = run(Map.of(), "submit/bench-scaling.sh", "two");
    assertEquals(2, r.code());
    assertEquals("bench-scaling: IMAGES must be a positive integer, got 'two'", r.err().trim());
    r = run(Map.of(), "submit/bench-scaling.sh", "960", "1 x");
    assertEquals(2, r.code());
    assertEquals("bench-scaling: FREQUENCIES must be positive integers, got 'x'", r.err().trim());
    r = run(Map.of("UCO_BENCH_MODELS", "ddc nope"), "submit/bench-scaling.sh");
    assertEquals(2, r.code());
    assertEquals(
        "bench-scaling: UCO_BENCH_MODELS: no experiment conf/experiments/nope_usps.conf",
        r.err().trim());
  }

  /** Arguments of a dry run, as bash splits the printed line (it is printed with printf %q). */
  static List<String> dryRun(Map<String, String> env, String script, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("submit/" + script, "--dry-run"));
    cmd.addAll(List.of(args));
    Result r = run(env, cmd.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Result split =
        run(
            Map.of(),
            "bash",
            "-c",
            "eval \"printf '%s\\n' " + r.out().trim().replace("\"", "\\\"") + "\"");
    assertEquals(0, split.code(), split.err());
    return List.of(split.out().split("\n"));
  }

  static void assertPair(List<String> args, String flag, String value) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(flag) && args.get(i + 1).equals(value)) {
        return;
      }
    }
    throw new AssertionError(flag + " " + value + " not in " + args);
  }

  static void assertCommon(List<String> args, String cores) {
    assertPair(args, "--class", "org.ucospark.cli.Main");
    assertPair(args, "--conf", "spark.executorEnv.OMP_NUM_THREADS=" + cores);
    assertPair(args, "--conf", "spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator");
    assertPair(args, "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer");
    String jvm = SparkSessions.jvmOptions();
    assertTrue(
        args.stream()
            .anyMatch(
                a ->
                    a.startsWith(
                            "spark.executor.extraJavaOptions="
                                + jvm
                                + " -Dorg.bytedeco.javacpp.maxbytes=")
                        && a.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=")),
        "executor flags in " + args);
    assertTrue(
        args.stream().anyMatch(a -> a.startsWith("spark.driver.extraJavaOptions=" + jvm)),
        "driver flags in " + args);
  }

  @Test
  void yarnWithoutSparkHomeRunsMavenSparkWithTheClusterConfigFirst() throws Exception {
    // No distribution: SparkSubmit from Maven's Spark jars (spark-yarn among them), and
    // HADOOP_CONF_DIR on the classpath before them, as bin/spark-class puts it (the YARN client
    // finds its ResourceManager there).
    List<String> args =
        dryRun(
            Map.of("HADOOP_CONF_DIR", "/etc/hadoop/conf"), "yarn.sh", "inspect", "hdfs:///p/usps");
    assertTrue(args.get(0).endsWith("java"), args.toString());
    String cp = args.get(args.indexOf("-cp") + 1);
    assertTrue(cp.startsWith("/etc/hadoop/conf:"), cp);
    assertTrue(cp.contains("spark-yarn_2.12"), cp);
    assertEquals("org.apache.spark.deploy.SparkSubmit", args.get(args.indexOf("-cp") + 2));
    assertPair(args, "--master", "yarn");
  }

  @Test
  void yarnDryRun() throws Exception {
    List<String> args =
        dryRun(
            Map.of(
                "SPARK_HOME",
                "/opt/spark",
                "YARN_QUEUE",
                "research",
                "UCO_EXECUTORS",
                "6",
                "UCO_EXECUTOR_CORES",
                "3",
                "UCO_EXECUTOR_MEMORY",
                "8g",
                "UCO_EXECUTOR_OVERHEAD",
                "6g"),
            "yarn.sh",
            "train",
            "--experiment",
            "ddc_mnist",
            "--set",
            "data.path=hdfs:///data/mnist");
    assertEquals("/opt/spark/bin/spark-submit", args.get(0));
    assertPair(args, "--master", "yarn");
    assertPair(args, "--deploy-mode", "cluster");
    assertPair(args, "--queue", "research");
    assertPair(args, "--num-executors", "6");
    assertPair(args, "--conf", "spark.executor.memoryOverhead=6g");
    assertPair(args, "--conf", "spark.executor.memory=8g");
    assertPair(args, "--conf", "spark.executor.cores=3");
    // The cluster-mode driver's off-heap ND4J arrays (javacpp maxbytes, 4g by default) fit its
    // container.
    assertPair(args, "--conf", "spark.driver.memoryOverhead=4g");
    assertCommon(args, "3");
    assertTrue(
        args.stream()
            .anyMatch(
                a ->
                    a.contains(
                        "-Dorg.bytedeco.javacpp.maxbytes=6144m -Dorg.bytedeco.javacpp.maxphysicalbytes=14336m")),
        args.toString());
    int jar =
        args.indexOf(
            args.stream()
                .filter(a -> a.matches(".*/target/uco-spark-.*-spark\\.jar"))
                .findFirst()
                .orElseThrow());
    assertEquals(
        List.of("train", "--experiment", "ddc_mnist", "--set", "data.path=hdfs:///data/mnist"),
        args.subList(jar + 1, args.size()));
  }

  @Test
  void kubernetesDryRun() throws Exception {
    List<String> args =
        dryRun(
            Map.of(
                "SPARK_HOME",
                "/opt/spark",
                "SPARK_MASTER",
                "k8s://https://k8s.example:6443",
                "K8S_IMAGE",
                "registry.example/uco-spark:0.1.0",
                "K8S_NAMESPACE",
                "research"),
            "k8s.sh",
            "sweep",
            "conf/sweeps/smoke.conf",
            "--out",
            "s3a://bucket/sweeps/smoke");
    assertPair(args, "--master", "k8s://https://k8s.example:6443");
    assertPair(args, "--deploy-mode", "cluster");
    assertPair(args, "--conf", "spark.kubernetes.container.image=registry.example/uco-spark:0.1.0");
    assertPair(args, "--conf", "spark.kubernetes.namespace=research");
    assertPair(args, "--conf", "spark.executor.instances=4");
    assertPair(args, "--conf", "spark.executor.memoryOverhead=6g");
    assertCommon(args, "4");
    int jar = args.indexOf("local:///opt/uco-spark/uco-spark.jar");
    assertTrue(jar > 0, args.toString());
    assertEquals(
        List.of("sweep", "conf/sweeps/smoke.conf", "--out", "s3a://bucket/sweeps/smoke"),
        args.subList(jar + 1, args.size()));
  }

  @Test
  void kubernetesNeedsMasterAndImage() throws Exception {
    Result r = run(Map.of("SPARK_HOME", "/opt/spark"), "submit/k8s.sh", "--dry-run", "train");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("SPARK_MASTER=k8s://"), r.err());
  }

  @Test
  void standaloneDryRunFallsBackToSparkSubmitClass() throws Exception {
    List<String> args =
        dryRun(
            Map.of("SPARK_MASTER", "spark://head.example:7077", "UCO_DRY_RUN", "1"),
            "standalone.sh",
            "--executors",
            "3",
            "--conf",
            "spark.eventLog.enabled=true",
            "inspect",
            "/data/usps");
    assertTrue(args.get(0).endsWith("java"), args.get(0));
    assertTrue(args.contains("org.apache.spark.deploy.SparkSubmit"), args.toString());
    assertPair(args, "--master", "spark://head.example:7077");
    assertPair(args, "--deploy-mode", "client");
    assertPair(args, "--conf", "spark.cores.max=3");
    assertPair(args, "--conf", "spark.eventLog.enabled=true");
    assertCommon(args, "1");
    assertEquals(List.of("inspect", "/data/usps"), args.subList(args.size() - 2, args.size()));
  }

  @Test
  void ucoJavaOptsReachTheDriverUnderSparkSubmit() throws Exception {
    List<String> args =
        dryRun(
            Map.of(
                "SPARK_HOME", "/opt/spark",
                "SPARK_MASTER", "spark://head.example:7077",
                "UCO_JAVA_OPTS", "-Duco.epochs=5"),
            "standalone.sh",
            "train",
            "--experiment",
            "ddc_usps");
    String driver = args.get(args.indexOf("--driver-java-options") + 1);
    assertTrue(driver.endsWith(" -Duco.epochs=5"), driver);
    assertTrue(
        args.stream()
            .anyMatch(
                a ->
                    a.startsWith("spark.driver.extraJavaOptions=")
                        && a.endsWith(" -Duco.epochs=5")),
        args.toString());
    assertTrue(
        args.stream()
            .filter(a -> a.startsWith("spark.executor.extraJavaOptions="))
            .noneMatch(a -> a.contains("-Duco.")),
        "the executors get the trial's configuration from the driver, not from -D");
  }

  @Test
  void localDryRun() throws Exception {
    Result r =
        run(Map.of("UCO_LOCAL_MASTER", "local[2]"), "submit/local.sh", "--dry-run", "inspect", "x");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("-Duco.spark.master=local\\[2\\]")
            && r.out().contains("submit/uco-spark inspect x"),
        r.out());
  }
}
