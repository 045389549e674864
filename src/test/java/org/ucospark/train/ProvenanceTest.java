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
}
