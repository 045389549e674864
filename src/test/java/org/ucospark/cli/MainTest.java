package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.Cli;
import org.ucospark.testing.Cli.Result;
import org.ucospark.testing.TestSpark;

/** The command line as a user meets it: exit codes, one-line errors, JSON from inspect. */
class MainTest {
  @TempDir Path tmp;

  @BeforeAll
  static void shareSpark() {
    TestSpark.session();
  }

  static Result run(String... args) {
    return Cli.run(args);
  }

  @Test
  void theVersionIsThePomsEverywhere() throws Exception {
    String pom = java.nio.file.Files.readString(TestSpark.projectDir().resolve("pom.xml"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<artifactId>uco-spark</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertTrue(m.find(), "the project's version in pom.xml");
    String version = m.group(1);
    Result r = run("--version");
    assertEquals(0, r.code(), r.err());
    // the first line is the version; the second names the BLAS kernels in use (docs/OPENBLAS.md)
    String[] lines = r.out().strip().split("\n");
    assertEquals("uco-spark " + version, lines[0]);
    assertTrue(lines.length == 2 && lines[1].startsWith("BLAS: OpenBLAS "), r.out());
    assertEquals("uco-spark " + version, org.ucospark.BuildInfo.toolVersion(), "manifests");
    assertEquals(
        version,
        org.ucospark.train.Provenance.json(null).get("uco_spark_version").asText(),
        "provenance of runs and sweeps");
  }

  @Test
  void helpListsEveryCommand() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String command :
        new String[] {
          "quickstart", "prepare", "inspect", "train", "sweep", "summarize", "report", "bench"
        }) {
      assertTrue(r.out().contains(command), command + " in help");
    }
    assertEquals(0, run("prepare", "--help").code());
  }

  @Test
  void succeedsWithoutExitInsideYarnApplicationMaster() {
    // In YARN cluster mode an exit, even with 0, would let the AM's shutdown hook mark the
    // application FAILED.
    assertEquals(false, Main.exitsJvm(0, "application_1_0001"));
    assertEquals(
        true, Main.exitsJvm(2, "application_1_0001"), "a failure still exits with its code");
    assertEquals(true, Main.exitsJvm(0, null), "outside YARN's AM the exit code ends the JVM");
  }

  @Test
  void unknownDatasetIsOneLineAndExitsNonZero() {
    Result r =
        run(
            "prepare",
            "--dataset",
            "cifar",
            "--raw",
            tmp.toString(),
            "--out",
            tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("unknown data set 'cifar'"), r.err());
  }

  @Test
  void badConfigKeyIsOneLineAndExitsNonZero() {
    Result r = run("inspect", tmp.toString(), "--set", "epochz=3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown key 'epochz'"), r.err());
  }

  @Test
  void inspectMissingPathSaysSo() {
    Result r = run("inspect", tmp.resolve("nothing").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no such prepared data set"), r.err());
  }

  @Test
  void prepareThenInspectPrintsOneJsonObjectWithCount() throws Exception {
    Path out = tmp.resolve("prepared");
    Result prepared =
        run(
            "prepare",
            "--dataset",
            "usps",
            "--raw",
            TestSpark.projectDir().resolve("data/raw").toString(),
            "--out",
            out.toString());
    assertEquals(0, prepared.code(), prepared.err());
    Result inspected = run("inspect", out.resolve("usps").toString());
    assertEquals(0, inspected.code(), inspected.err());
    JsonNode json = new ObjectMapper().readTree(inspected.out());
    assertEquals(9298, json.get("count").asLong());
    assertEquals("usps", json.at("/manifest/name").asText());
    assertEquals(1553, json.at("/labels/0").asLong());
    assertEquals("pixels", json.at("/schema/fields/3/name").asText());
  }

  @Test
  void summarizeAndReportShowTheCheckpointViewUnlessToldFinal() throws Exception {
    Path dir = tmp.resolve("sweep");
    org.ucospark.sweep.SyntheticSweep.write(TestSpark.session(), dir.toUri().toString());
    Result r = run("summarize", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(lowest-loss checkpoint)"), r.out());
    String md = java.nio.file.Files.readString(dir.resolve("summary.md"));
    assertTrue(md.contains("## ACC — lowest-loss checkpoint"), md);
    assertTrue(md.contains("| ddc | 0.825 ± 0.016 (0.845) |"), md);

    r = run("summarize", dir.toString(), "--metrics", "final");
    assertEquals(0, r.code(), r.err());
    md = java.nio.file.Files.readString(dir.resolve("summary.md"));
    assertTrue(md.contains("## ACC — last epoch"), md);
    assertTrue(md.contains("| ddc | 0.830 ± 0.016 (0.850) |"), md);

    r =
        run(
            "report",
            dir.toString(),
            "--set",
            "sweep.metrics=final",
            "--set",
            "sweep.diverged=exclude");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        java.nio.file.Files.readString(dir.resolve("report/index.html"))
            .contains("<h2>ACC — last epoch, diverged runs excluded</h2>"));
    r = run("summarize", dir.toString(), "--set", "sweep.diverged=drop");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'sweep.diverged' must be include or exclude, got drop"), r.err());

    r = run("summarize", dir.toString(), "--metrics", "best");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--metrics must be checkpoint or final, got 'best'"), r.err());
    r = run("report", dir.toString(), "--set", "sweep.metrics=last");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("key 'sweep.metrics' must be checkpoint or final, got last"), r.err());
  }
}
