package org.ucospark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * A real S3 server on 127.0.0.1 for tests: S3Proxy over an in-memory blob store in a JVM of its
 * own, started through {@code submit/s3-server.sh run DIR BUCKET}; its Jetty and jclouds never meet
 * the test's classpath, which reaches it through hadoop-aws (S3A) over HTTP with path-style
 * requests, as a client of Amazon S3 does. A fresh random key pair each time, handed to the server
 * through its environment (never a command line). Use it with try-with-resources; {@link #close()}
 * kills it (a shutdown hook too: {@link TestProcesses}).
 */
public final class MiniS3 implements AutoCloseable {
  private final TestProcesses processes;
  private final String bucket;
  private final String endpoint;
  private final String accessKey;
  private final String secretKey;

  private MiniS3(
      TestProcesses processes, String bucket, String endpoint, String accessKey, String secretKey) {
    this.processes = processes;
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts the server with a new bucket; waits until it serves (5 minutes). Each server gets a
   * bucket of its own name: Hadoop caches file systems by scheme and bucket, so a second server in
   * the same JVM must not answer to the first one's cached client.
   */
  public static MiniS3 start() {
    SecureRandom random = new SecureRandom();
    String bucket = "uco-" + HexFormat.of().formatHex(random.generateSeed(4));
    String access = "uco-" + HexFormat.of().formatHex(random.generateSeed(6));
    String secret = "SECRET" + HexFormat.of().formatHex(random.generateSeed(18));
    TestProcesses processes = new TestProcesses("mini-s3-stop", Duration.ofSeconds(10));
    try {
      Path dir = Files.createTempDirectory(TestSpark.projectDir().resolve("target"), "mini-s3-");
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      "bash",
                      TestSpark.projectDir().resolve("submit/s3-server.sh").toString(),
                      "run",
                      dir.toString(),
                      bucket))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("s3-server.log").toFile());
      builder.environment().put("UCO_S3_ACCESS_KEY", access);
      builder.environment().put("UCO_S3_SECRET_KEY", secret);
      Process p = processes.add(builder.start());
      TestProcesses.awaitFile(
          p, dir.resolve("ready"), dir.resolve("s3-server.log"), Duration.ofMinutes(5), "S3");
      String endpoint = Files.readString(dir.resolve("endpoint")).strip();
      return new MiniS3(processes, bucket, endpoint, access, secret);
    } catch (IOException | RuntimeException e) {
      processes.close();
      throw new IllegalStateException("cannot start submit/s3-server.sh: " + e.getMessage(), e);
    }
  }

  /** {@code s3a://BUCKET}: the bucket's root, without a trailing slash. */
  public String uri() {
    return "s3a://" + bucket;
  }

  /** The secret key: a test greps outputs for it. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The S3A settings a user of an S3-compatible store gives (docs/S3.md): endpoint, path-style
   * access, plain HTTP, the key pair through S3A's simple credential provider (no probing for an
   * instance profile on a laptop), and few retries so that a failure shows quickly.
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint);
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", accessKey);
    s.put("fs.s3a.secret.key", secretKey);
    s.put("fs.s3a.attempts.maximum", "3");
    s.put("fs.s3a.retry.limit", "3");
    return s;
  }

  /** {@code conf} with {@link #hadoopSettings()} as {@code spark.hadoop.*}. */
  public SparkConf withSettings(SparkConf conf) {
    hadoopSettings().forEach((k, v) -> conf.set("spark.hadoop." + k, v));
    return conf;
  }

  /** {@code conf} with {@link #hadoopSettings()}. */
  public org.apache.hadoop.conf.Configuration withSettings(
      org.apache.hadoop.conf.Configuration conf) {
    hadoopSettings().forEach(conf::set);
    return conf;
  }

  @Override
  public void close() {
    processes.close();
  }
}
