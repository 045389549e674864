package org.ucospark.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.SparkSettings;

/**
 * Creates the SparkSession of a command. Under spark-submit the master and deploy settings come
 * from the submitter; locally the {@code spark.master} key applies ({@code local[*]} by default).
 * Kryo is registered with ND4J's registrator, executors get the same Java 17 flags as the driver
 * (from the one list in the pom, packed as {@code uco-spark/jvm.options}), and {@link
 * Dl4jBackendPlugin} sets DL4J's backend up in every executor.
 */
public final class SparkSessions {
  static final String PLUGINS = "spark.plugins";
  static final String MAX_TO_STRING_FIELDS = "spark.sql.debug.maxToStringFields";

  private SparkSessions() {}

  public static SparkSession create(SparkSettings settings) {
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) {
      conf.setMaster(settings.master());
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(settings.appName());
    }
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    // Plans over image tables (a CSV of 28x28 pixel columns has 785 fields) and the summaries' wide
    // aggregations exceed Spark's default of 25 fields per plan string, and Spark then warns once
    // per JVM ("Truncated the string representation of a plan") on stderr, against the commands'
    // one-line stderr; more than any image's pixels (COIL-100's raw 3x128x128 = 49,152).
    conf.setIfMissing(MAX_TO_STRING_FIELDS, "100000");
    String jvmOptions = jvmOptions();
    if (!jvmOptions.isEmpty()) {
      String current = conf.get("spark.executor.extraJavaOptions", "");
      if (!current.contains("--add-opens")) {
        conf.set("spark.executor.extraJavaOptions", (current + " " + jvmOptions).trim());
      }
    }
    // ND4J's OpenMP threads must not spin-wait on shared executors (org.ucospark.nn.Dl4jBackend).
    conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
    settings.conf().forEach(conf::set);
    withExecutorThreads(conf);
    withBackendPlugin(conf);
    withCloudCommitters(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * Gives every executor as many ND4J (OpenMP) threads as it has cores: {@code
   * spark.executorEnv.OMP_NUM_THREADS} = {@code spark.executor.cores}, or 1 on YARN and Kubernetes
   * when that is unset (Spark's default there), unless the user set {@code OMP_NUM_THREADS} for the
   * executors. OpenMP reads it when ND4J's native library loads, so it must be in the executor's
   * environment (the executor plugin comes too late); without it each executor started by a plain
   * {@code spark-submit} ran one thread per core of its node (the submit/ scripts always set it). A
   * standalone or local master with no {@code spark.executor.cores} is left alone: there an
   * executor takes all the cores of its worker. Returns {@code conf}.
   */
  public static SparkConf withExecutorThreads(SparkConf conf) {
    String key = "spark.executorEnv.OMP_NUM_THREADS";
    if (conf.contains(key)) {
      return conf;
    }
    String master = conf.get("spark.master", "");
    if (conf.contains("spark.executor.cores")) {
      conf.set(key, conf.get("spark.executor.cores").trim());
    } else if (master.startsWith("yarn") || master.startsWith("k8s")) {
      conf.set(key, "1");
    }
    return conf;
  }

  /**
   * Adds {@link Dl4jBackendPlugin} to {@code spark.plugins}, after any plugins already listed (a
   * user's own {@code --conf spark.plugins=…} keeps working): every executor then enables DL4J's
   * oneDNN helpers before its first task, whatever its JVM options. Returns {@code conf}.
   */
  public static SparkConf withBackendPlugin(SparkConf conf) {
    String plugin = Dl4jBackendPlugin.class.getName();
    String current = conf.get(PLUGINS, "").trim();
    if (!Arrays.asList(current.split("\\s*,\\s*")).contains(plugin)) {
      conf.set(PLUGINS, current.isEmpty() ? plugin : current + "," + plugin);
    }
    return conf;
  }

  /** Spark's binding of Hadoop's PathOutputCommitter (spark-hadoop-cloud). */
  static final String CLOUD_COMMIT_PROTOCOL =
      "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";

  /**
   * Sends Spark's file output (the Parquet folders) through Hadoop's per-scheme output committer
   * factory when spark-hadoop-cloud is on the classpath: s3a:// paths then get the S3A "magic"
   * committer, which uploads each file as an uncompleted multipart upload and completes them all at
   * job commit (no rename, which on S3 is a copy per object and not atomic); every other scheme
   * keeps Hadoop's FileOutputCommitter. Each key only where the user set nothing (e.g. {@code
   * spark.hadoop.fs.s3a.committer.name=directory}). Without spark-hadoop-cloud nothing changes
   * (docs/S3.md). Returns {@code conf}.
   */
  public static SparkConf withCloudCommitters(SparkConf conf) {
    try {
      Class.forName(CLOUD_COMMIT_PROTOCOL, false, SparkSessions.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return conf;
    }
    conf.setIfMissing("spark.sql.sources.commitProtocolClass", CLOUD_COMMIT_PROTOCOL);
    conf.setIfMissing(
        "spark.sql.parquet.output.committer.class",
        "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
    conf.setIfMissing(
        "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
        "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
    conf.setIfMissing("spark.hadoop.fs.s3a.committer.name", "magic");
    conf.setIfMissing("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
    return conf;
  }

  /** The Java 17 flags Spark needs, as packed by the build ({@code uco-spark/jvm.options}). */
  public static String jvmOptions() {
    try (InputStream in = SparkSessions.class.getResourceAsStream("/uco-spark/jvm.options")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
