package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.ucospark.BuildInfo;
import org.ucospark.nn.OpenBlasCoreType;
import org.ucospark.prepare.Manifest;

/**
 * Where a result came from: uco-spark's version ({@link BuildInfo}) and git commit, the Java, Spark
 * and DL4J/ND4J versions, the date, and the BLAS in use (docs/OPENBLAS.md). The commit is asked of
 * git in the installation folder ({@code UCO_HOME}, set by {@code submit/uco-spark}, else the
 * working directory) when the record is made, marked {@code -dirty} with uncommitted changes, and
 * {@code unknown} where there is no git (a shaded jar on a cluster).
 */
public final class Provenance {
  private Provenance() {}

  /** The provenance fields, plus the data set's source checksums when {@code manifest} is given. */
  public static ObjectNode json(Manifest manifest) {
    ObjectNode p =
        RunDirectory.JSON
            .createObjectNode()
            .put("uco_spark_version", BuildInfo.version())
            .put("git_commit", commit())
            .put(
                "java",
                System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vm.name")
                    + ")")
            .put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION())
            .put("dl4j_nd4j", BuildInfo.dl4j())
            .put("date", Instant.now().toString());
    p.set("blas", blas(OpenBlasCoreType.inUse()));
    if (manifest != null) {
      ObjectNode sums = p.putObject("data_sha256");
      manifest.sources().forEach(s -> sums.put(s.name(), s.sha256()));
    }
    return p;
  }

  /**
   * The BLAS ND4J's products run on, as OpenBLAS reports it in this JVM (the driver's; each
   * executor logs its own choice): vendor, version, core type and how the core type was chosen.
   */
  static ObjectNode blas(OpenBlasCoreType.InUse b) {
    return RunDirectory.JSON
        .createObjectNode()
        .put("vendor", b.vendor())
        .put("version", b.version())
        .put("core_type", b.coreType())
        .put("core_type_source", b.source().description())
        .put("config", b.config());
  }

  /**
   * {@code git rev-parse --short HEAD} (with {@code -dirty}) in UCO_HOME or the working directory,
   * else unknown.
   */
  static String commit() {
    String home = System.getenv().getOrDefault("UCO_HOME", System.getProperty("user.dir"));
    String head = git(home, "rev-parse", "--short=12", "HEAD");
    if (head == null) {
      return "unknown";
    }
    String status = git(home, "status", "--porcelain", "--untracked-files=no");
    return status == null || status.isEmpty() ? head : head + "-dirty";
  }

  private static String git(String dir, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir;
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
