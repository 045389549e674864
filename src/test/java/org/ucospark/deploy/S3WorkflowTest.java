package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.io.HadoopFs;
import org.ucospark.io.SparkSessions;
import org.ucospark.testing.Cli;
import org.ucospark.testing.Cli.Result;
import org.ucospark.testing.MiniS3;
import org.ucospark.testing.StandaloneCluster;
import org.ucospark.testing.TestSpark;

/**
 * The product on a real S3 server (S3Proxy in its own JVM, submit/s3-server.sh) through hadoop-aws
 * (S3A, path-style), every command through {@code uco-spark}'s command line with only {@code
 * s3a://} paths: prepare, inspect, train ({@code --local}, on Spark local[2] with {@code --resume},
 * and on a standalone cluster of two worker JVMs) with {@code --config} read from S3, predict, a
 * 2-trial sweep, summarize and report. The S3 key pair goes in as {@code spark.hadoop.fs.s3a.*} (as
 * with spark-submit --conf) and must appear in no output; no temporary object may be left. Logs the
 * time of each step and the S3 requests (S3A's statistics) of a resume and a summarize
 * (docs/S3.md). Tagged {@code hadoop}: {@code mvn -Phadoop test} runs it (.ci/run does).
 */
@Tag("hadoop")
@Tag("s3")
class S3WorkflowTest {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final List<String> printed = new ArrayList<>();

  @Test
  @Timeout(2700) // minutes on a quiet machine; far more when the machine is shared
  void everyCommandRunsOnS3AndLeavesNoTemporaryObjectOrSecret() throws Exception {
    try (MiniS3 s3 = MiniS3.start()) {
      workflow(s3.uri(), s3::withSettings, s3.secretKey());
    }
    System.out.println("S3 workflow timings (s): " + seconds);
  }

  /**
   * The same steps on the local file system, for the time comparison in docs/S3.md: run with {@code
   * -Dstores.compare=true} (not a {@code uco.} name: uco-spark reads those as settings).
   */
  @Test
  @Timeout(2700)
  @EnabledIfSystemProperty(named = "stores.compare", matches = "true")
  void theSameWorkflowOnTheLocalFileSystemForComparison(@TempDir java.nio.file.Path tmp)
      throws Exception {
    workflow(tmp.toUri().toString().replaceAll("/$", ""), c -> c, null);
    System.out.println("file:// workflow timings (s): " + seconds);
  }

  /**
   * The workflow under {@code b} (no trailing slash), the sessions' configuration completed by
   * {@code store}; with a {@code secret}, asserts that no output holds it.
   */
  private void workflow(String b, UnaryOperator<SparkConf> store, String secret) throws Exception {
    TestSpark.stopDefaultSession();
    SparkSession spark =
        session(
            store.apply(
                new SparkConf(false)
                    .setMaster("local[2]")
                    .setAppName("s3-workflow-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")));
    try {
      onLocalSpark(b, spark);
    } finally {
      stop(spark);
    }
    try (StandaloneCluster cluster =
        StandaloneCluster.start(2, 1, "2g", java.time.Duration.ofMinutes(5))) {
      spark = session(store.apply(cluster.sparkConf("s3-workflow-cluster")));
      try {
        onTheCluster(b, spark);
        assertNoTemporaryObjectOrSecret(fileSystem(b, spark), b, secret, printed);
      } finally {
        stop(spark);
      }
    }
  }

  /** prepare, inspect, train --local, train on local[2], --resume, predict. */
  private void onLocalSpark(String b, SparkSession spark) throws Exception {
    FileSystem fs = fileSystem(b, spark);
    HadoopFs files = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    long t0 = System.nanoTime();
    fs.copyFromLocalFile(
        new Path(TestSpark.projectDir().resolve("data/raw/usps").toUri()),
        new Path(b + "/raw/usps"));
    seconds.put("upload raw", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    ok("prepare", "prepare", "--dataset", "usps", "--raw", b + "/raw", "--out", b + "/prepared");
    Result inspected = ok("inspect", "inspect", b + "/prepared/usps");
    assertEquals(9298, new ObjectMapper().readTree(inspected.out()).get("count").asLong());
    files.writeStringAtomically(
        HadoopFs.path(b + "/conf/tiny.conf"),
        "epochs = 1\neval_interval = 1\nbatch_size = 60\ndata.limit = 240\ntrain.workers = 2\n");
    String[] train = {
      "train",
      "--experiment",
      "ddc_usps",
      "--config",
      b + "/conf/tiny.conf",
      "--set",
      "data.path=" + b + "/prepared/usps",
      "--run-dir"
    };
    ok("train --local", with(train, b + "/runs/local", "--local"));
    assertTrue(fs.exists(new Path(b + "/runs/local/checkpoints/epoch-0001.zip")));
    String run = b + "/runs/ddc";
    ok("train local[2]", with(train, run));
    // A killed run resumes from its last checkpoint (as in HdfsClusterTest): one more epoch.
    IOStatistics before = snapshot(fs);
    ok("train --resume", with(train, run, "--resume", "--set", "epochs=2"));
    logRequests("resume", before, fs);
    assertTrue(fs.exists(new Path(run + "/checkpoints/epoch-0002.zip")));
    assertEquals(2, json(files, run + "/summary.json").at("/final/epoch").asInt());
    assertEquals(
        2, files.readString(HadoopFs.path(run + "/metrics.jsonl")).strip().split("\n").length);
    Result predicted =
        ok(
            "predict",
            "predict",
            "--run-dir",
            run,
            "--checkpoint",
            "last",
            "--data",
            b + "/prepared/usps",
            "--limit",
            "240",
            "--out",
            b + "/predicted");
    assertTrue(predicted.out().contains("ACC "), predicted.out());
    if (b.startsWith("s3a:")) {
      // The S3A committers write a JSON _SUCCESS naming themselves (FileOutputCommitter: empty).
      String success = files.readString(HadoopFs.path(b + "/predicted/_SUCCESS"));
      assertTrue(success.contains("\"committer\" : \"magic\""), success);
    }
  }

  /** train on two executors, a 2-trial sweep, summarize, report. */
  private void onTheCluster(String b, SparkSession spark) throws Exception {
    FileSystem fs = fileSystem(b, spark);
    HadoopFs files = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    ok(
        "train on cluster",
        "train",
        "--experiment",
        "ddc_usps",
        "--config",
        b + "/conf/tiny.conf",
        "--run-dir",
        b + "/runs/cluster",
        "--set",
        "data.path=" + b + "/prepared/usps");
    files.writeStringAtomically(
        HadoopFs.path(b + "/conf/sweep.conf"),
        """
        sweep {
          name = s3
          datasets = [usps]
          models = [ddc]
          seeds = 2
          set { epochs = 1, eval_interval = 1, batch_size = 60, data.limit = 240 }
          mode = trial-parallel
        }
        """);
    String sweep = b + "/sweeps/s3";
    ok(
        "sweep (2 trials)",
        "sweep",
        b + "/conf/sweep.conf",
        "--set",
        "sweep.data_root=" + b + "/prepared",
        "--out",
        sweep);
    IOStatistics before = snapshot(fs);
    ok("summarize", "summarize", sweep);
    logRequests("summarize", before, fs);
    assertTrue(files.readString(HadoopFs.path(sweep + "/summary.md")).contains("| 2 / 0 / 0 |"));
    ok("report", "report", sweep);
    assertTrue(fs.exists(new Path(sweep + "/report/index.html")));
  }

  private static SparkSession session(SparkConf conf) {
    return SparkSession.builder().config(SparkSessions.withCloudCommitters(conf)).getOrCreate();
  }

  private static void stop(SparkSession spark) {
    spark.stop();
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }

  private static FileSystem fileSystem(String b, SparkSession spark) throws Exception {
    return FileSystem.get(URI.create(b), spark.sparkContext().hadoopConfiguration());
  }

  /** {@code args} followed by {@code more}. */
  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /**
   * Every object in the bucket: none a temporary (ours, Spark's, the S3A committers'), none holding
   * the secret key; nor any line a command printed.
   */
  private static void assertNoTemporaryObjectOrSecret(
      FileSystem fs, String bucket, String secret, List<String> printed) throws Exception {
    List<String> leftovers = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    int objects = 0;
    RemoteIterator<LocatedFileStatus> all = fs.listFiles(new Path(bucket + "/"), true);
    while (all.hasNext()) {
      Path p = all.next().getPath();
      objects++;
      String s = p.toString();
      if (s.contains("_temporary")
          || s.contains("__magic")
          || s.contains(".tmp")
          || s.contains(".old-")
          || s.endsWith(".pending")
          || s.endsWith(".pendingset")) {
        leftovers.add(s);
      }
      try (InputStream in = fs.open(p)) {
        if (secret != null
            && new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(secret)) {
          leaks.add(s);
        }
      }
    }
    for (String text : printed) {
      if (secret != null && text.contains(secret)) {
        leaks.add("the output of a command");
      }
    }
    System.out.println("S3 objects after the workflow: " + objects);
    assertTrue(leftovers.isEmpty(), "temporary objects left on S3: " + leftovers);
    assertTrue(leaks.isEmpty(), "the S3 secret key was written to: " + leaks);
  }

  /** The file system's statistics now (S3A keeps them; the local file system none). */
  private static IOStatistics snapshot(FileSystem fs) {
    IOStatistics now = IOStatisticsSupport.retrieveIOStatistics(fs);
    return now == null ? null : IOStatisticsSupport.snapshotIOStatistics(now);
  }

  /** The S3 requests of one command, from the S3A file system's statistics (this JVM's only). */
  private static void logRequests(String what, IOStatistics before, FileSystem fs) {
    if (before == null) {
      return;
    }
    Map<String, Long> diff = new TreeMap<>();
    IOStatisticsSupport.retrieveIOStatistics(fs)
        .counters()
        .forEach(
            (k, v) -> {
              long d = v - before.counters().getOrDefault(k, 0L);
              if (d > 0 && (k.startsWith("object_") || k.startsWith("store_io_request"))) {
                diff.put(k, d);
              }
            });
    System.out.println("S3 requests of the " + what + " (driver JVM): " + diff);
  }

  private Result ok(String step, String... args) {
    Result r = timed(step, () -> Cli.run(args));
    System.out.print(r.out());
    System.err.print(r.err());
    printed.add(r.out());
    printed.add(r.err());
    assertEquals(0, r.code(), step + ": " + r.err());
    return r;
  }

  private <T> T timed(String step, Supplier<T> action) {
    long t0 = System.nanoTime();
    try {
      return action.get();
    } finally {
      seconds.put(step, Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
      System.out.println("workflow step '" + step + "': " + seconds.get(step) + " s");
    }
  }

  private static JsonNode json(HadoopFs files, String path) throws Exception {
    return new ObjectMapper().readTree(files.readString(HadoopFs.path(path)));
  }
}
