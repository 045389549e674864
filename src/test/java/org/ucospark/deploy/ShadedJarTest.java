package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit artifact (target/uco-spark-*-spark.jar) holds no Spark, Scala or Hadoop classes
 * (the cluster provides them) and no logging API (the cluster's binding must win), relocates what a
 * cluster may hold in another version, and keeps ND4J's linux-x86_64 natives. Under {@code mvn
 * test} the jar is not built yet: skipped; ShadedJarIT runs the same checks after {@code package}
 * (failsafe, in {@code mvn verify}).
 */
class ShadedJarTest {
  /**
   * The one class under org/apache/spark/ allowed: DL4J's own TaskContextHelper (dl4j-spark3_2.12,
   * Scala source), placed in Spark's package to reach the package-private
   * TaskContext.setTaskContext. DL4J's SparkAMDSI (prefetching MultiDataSet iterator of parameter
   * averaging) calls it on its prefetch thread; Spark itself has no such class, so it must travel
   * with the application.
   */
  static final Set<String> ALLOWED_SPARK_PACKAGE =
      Set.of(
          "org/apache/spark/TaskContextHelper.class", "org/apache/spark/TaskContextHelper$.class");

  List<String> entries;

  /** The built jar, or null (then the test is skipped; ShadedJarIT fails instead). */
  Path jar() throws IOException {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "uco-spark-*-spark.jar")) {
        for (Path p : s) {
          return p;
        }
      }
    }
    return null;
  }

  void missing(String message) {
    Assumptions.abort(message);
  }

  @BeforeEach
  void open() throws IOException {
    Path jar = jar();
    if (jar == null) {
      missing(
          "target/uco-spark-*-spark.jar not built yet (mvn test runs before package): skipped; ShadedJarIT checks it in mvn verify");
      return;
    }
    try (JarFile f = new JarFile(jar.toFile())) {
      entries = f.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
  }

  private List<String> under(String prefix) {
    return entries.stream()
        .filter(e -> e.startsWith(prefix) && !e.endsWith("/"))
        .collect(Collectors.toList());
  }

  @Test
  void holdsNoSparkScalaOrHadoopClasses() {
    assertEquals(List.of(), under("scala/"), "Scala is provided by Spark");
    assertEquals(List.of(), under("org/apache/hadoop/"), "Hadoop is provided by the cluster");
    assertEquals(
        Set.copyOf(under("org/apache/spark/")),
        ALLOWED_SPARK_PACKAGE,
        "only DL4J's TaskContextHelper may live in Spark's package");
    assertEquals(List.of(), under("org/sparkproject/"));
    assertEquals(List.of(), under("org/slf4j/"), "slf4j comes with Spark's logging binding");
    assertEquals(List.of(), under("org/apache/commons/logging/"), "Spark ships jcl-over-slf4j");
    assertEquals(List.of(), under("org/apache/logging/log4j/"));
  }

  @Test
  void relocatesWhatClusterClasspathsMayHold() {
    assertEquals(List.of(), under("com/typesafe/config/"));
    assertEquals(List.of(), under("picocli/"));
    assertEquals(List.of(), under("com/google/gson/"));
    assertTrue(entries.contains("org/ucospark/shaded/typesafe/config/ConfigFactory.class"));
    assertTrue(entries.contains("org/ucospark/shaded/picocli/CommandLine.class"));
    assertTrue(entries.contains("reference.conf"), "uco-spark's reference.conf");
  }

  @Test
  void keepsApplicationAndNd4jNatives() {
    assertTrue(entries.contains("org/ucospark/cli/Main.class"));
    assertTrue(entries.contains("org/nd4j/kryo/Nd4jRegistrator.class"));
    assertTrue(
        entries.contains("org/deeplearning4j/spark/impl/multilayer/SparkDl4jMultiLayer.class"));
    for (String lib :
        List.of(
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so",
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libjnind4jcpu.so",
            "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0",
            "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so")) {
      assertTrue(entries.contains(lib), lib);
    }
    assertTrue(entries.contains("uco-spark/jvm.options"));
    assertTrue(
        entries.contains("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend"),
        "ND4J backend service file");
  }
}
