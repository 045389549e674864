package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.TestSpark;

/**
 * README's "From a Spark application": its Java example, as written, compiled with the JDK's
 * compiler against the test class path and run on a slice of the real USPS data; what it says it
 * saves (the model, the pipeline) is there and loads.
 */
class ReadmeSparkExampleTest {
  static final String MARKER = "## From a Spark application";

  /** The first ```java block after the marker, as written. */
  static String javaExample() throws Exception {
    String readme = Files.readString(TestSpark.projectDir().resolve("README.md"));
    int at = readme.indexOf(MARKER);
    assertTrue(at >= 0, "README.md has no " + MARKER);
    int start = readme.indexOf("```java\n", at);
    int end = readme.indexOf("\n```", start + 1);
    assertTrue(start > at && end > start, "a ```java block after " + MARKER);
    return readme.substring(start + "```java\n".length(), end + 1);
  }

  @Test
  void theJavaExampleCompilesAndRunsAsWritten(@TempDir Path tmp) throws Exception {
    SparkSession spark = TestSpark.session();
    String slice = tmp.resolve("usps-slice").toString();
    spark
        .read()
        .parquet(TestSpark.prepareUsps(spark, tmp.resolve("prepared")))
        .where(col("id").lt(240))
        .write()
        .parquet(slice);

    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("ClusterImages.java"), javaExample());
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            errors,
            "-classpath",
            classPath,
            "-d",
            classes.toString(),
            src.resolve("ClusterImages.java").toString());
    assertEquals(0, rc, () -> "the README's Java example does not compile:\n" + errors);

    String out = tmp.resolve("out").toString();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("ClusterImages").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {slice, out});
    }
    DeepClusteringModel model = DeepClusteringModel.load(out + "/model");
    assertEquals(10, model.k());
    assertTrue(model.hasSummary());
    PipelineModel pipeline = PipelineModel.load(out + "/pipeline");
    assertEquals(
        List.of("SQLTransformer", "DeepClusteringModel"),
        java.util.Arrays.stream(pipeline.stages()).map(s -> s.getClass().getSimpleName()).toList());
    assertEquals(240, pipeline.transform(spark.read().parquet(slice)).count());
    assertTrue(new File(out, "model/metadata").isDirectory());
  }
}
