package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * ShadedJarTest after {@code package} (maven-failsafe-plugin in {@code mvn verify}, which sets
 * {@code ucospark.packaged}): there the jar must exist. Run by surefire (e.g.
 * -Dtest=org.ucospark.deploy.**) it skips like ShadedJarTest when the jar is not built.
 */
class ShadedJarIT extends ShadedJarTest {
  @Override
  void missing(String message) {
    if (Boolean.getBoolean("ucospark.packaged")) {
      fail("target/uco-spark-*-spark.jar missing after package");
    }
    super.missing(message);
  }
}
