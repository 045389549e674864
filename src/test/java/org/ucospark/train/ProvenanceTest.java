package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.ucospark.data.SourceFile;
import org.ucospark.prepare.Manifest;

/**
 * The provenance record: build-time versions, the commit of this working tree, the data's
 * checksums.
 */
class ProvenanceTest {
  @Test
  void itNamesTheBuildTheCommitTheRuntimeAndTheDataChecksums() {
    Manifest m =
        new Manifest(
            "usps",
            List.of(1, 32, 32),
            2,
            1,
            new TreeMap<>(),
            new TreeMap<>(),
            "r",
            List.of(new SourceFile("zip.train", "abc123")),
            "t",
            "2026-01-01T00:00:00Z");
    ObjectNode p = Provenance.json(m);
    assertTrue(p.get("uco_spark_version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), p.toString());
    assertEquals("1.0.0-M2.1", p.get("dl4j_nd4j").asText());
    assertTrue(p.get("spark").asText().startsWith("3.5"), p.toString());
    assertTrue(
        p.get("git_commit").asText().matches("[0-9a-f]{12}(-dirty)?"),
        "tests run in the git checkout: " + p);
    assertEquals(System.getProperty("java.version"), p.get("java").asText().split(" ")[0]);
    assertEquals("abc123", p.at("/data_sha256/zip.train").asText());
  }

  /**
   * The BLAS of the run as OpenBLAS reports it (docs/OPENBLAS.md): vendor, version, the core type
   * in use (the user's where OPENBLAS_CORETYPE is set) and how it was chosen.
   */
  @Test
  void itNamesTheBlasVendorVersionAndCoreTypeInUse() {
    ObjectNode b = (ObjectNode) Provenance.json(null).get("blas");
    assertEquals("OpenBLAS", b.get("vendor").asText(), b.toString());
    assertEquals("0.3.19", b.get("version").asText(), b.toString());
    String core = b.get("core_type").asText();
    assertTrue(
        b.get("config").asText().contains(" " + core + " ") && !core.equals("unknown"),
        b.toString());
    String user = System.getenv("OPENBLAS_CORETYPE");
    if (user != null && !user.isBlank()) {
      assertTrue(core.equalsIgnoreCase(user), "the user's " + user + " wins: " + b);
      assertEquals("set by the user", b.get("core_type_source").asText());
    } else {
      assertTrue(
          b.get("core_type_source").asText().contains("uco-spark")
              || b.get("core_type_source").asText().contains("OpenBLAS"),
          b.toString());
    }
  }
}
