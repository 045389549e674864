package org.ucospark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The one place uco-spark's version comes from: {@code uco-spark/build.properties}, which Maven's
 * resource filtering fills from the pom at build time ({@code version}, {@code dl4j}). {@code
 * --version}, the manifests of prepared data sets and the provenance of runs and sweeps all read it
 * here, so they agree with each other and with the pom.
 */
public final class BuildInfo {
  private static final Properties BUILD = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/uco-spark/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // left empty: the getters say unknown
    }
    return p;
  }

  /** uco-spark's version, e.g. 0.1.0 (the pom's), or {@code unknown} without build.properties. */
  public static String version() {
    return BUILD.getProperty("version", "unknown");
  }

  /** The DL4J/ND4J version built against, or {@code unknown}. */
  public static String dl4j() {
    return BUILD.getProperty("dl4j", "unknown");
  }

  /** "uco-spark 0.1.0": how commands and manifests name this build. */
  public static String toolVersion() {
    return "uco-spark " + version();
  }
}
