package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.data.OwnImages;
import org.ucospark.testing.TestSpark;

/**
 * The README's walk-through on one's own images, run as written: the bash block after the marker
 * {@value #MARKER} is executed verbatim by bash (with {@code set -euo pipefail}) through the
 * launcher {@code submit/uco-spark}, in a fresh working folder whose {@code ~/images/digits} holds
 * small generated class folders. Every command must succeed with nothing on stderr, and what the
 * README says they write must be there, so the README's examples cannot drift from the commands.
 */
class ReadmeWalkthroughTest {
  static final String MARKER = "<!-- walkthrough: own-data -->";

  @TempDir Path work;

  /** The first ```bash block after {@code marker} in the README, as written. */
  static String block(String marker) throws IOException {
    String readme = Files.readString(TestSpark.projectDir().resolve("README.md"));
    int at = readme.indexOf(marker);
    assertTrue(at >= 0, "README.md has no " + marker);
    int start = readme.indexOf("```bash\n", at);
    int end = readme.indexOf("\n```", start + 1);
    assertTrue(start > at && end > start, "a ```bash block after " + marker);
    return readme.substring(start + "```bash\n".length(), end + 1);
  }

  /**
   * Runs {@code script} with bash in {@code dir} as a user would from a clone: {@code submit/} is a
   * folder there whose {@code uco-spark} runs this checkout's launcher, and {@code ~} is {@code
   * dir}.
   */
  static Result bash(Path dir, String script, long timeoutSeconds) throws Exception {
    Path launcher = dir.resolve("submit/uco-spark");
    Files.createDirectories(launcher.getParent());
    Files.writeString(
        launcher,
        "#!/usr/bin/env bash\nexec '"
            + TestSpark.projectDir().resolve("submit/uco-spark")
            + "' \"$@\"\n");
    assertTrue(launcher.toFile().setExecutable(true));
    Path file = Files.writeString(dir.resolve("walkthrough.sh"), script);
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", file.toString()).directory(dir.toFile());
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("UCO_DRIVER_MEMORY", "3g");
    for (String unset : List.of("SPARK_HOME", "SPARK_MASTER", "UCO_JAVA_OPTS", "UCO_HOME")) {
      pb.environment().remove(unset);
    }
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      throw new AssertionError("the walk-through did not finish in " + timeoutSeconds + " s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  record Result(int code, String out, String err) {}

  @Test
  @Timeout(1800)
  void theOwnDataWalkThroughRunsAsWritten() throws Exception {
    // 3 classes of 60 grey 24x24 images: small enough for minutes, one full batch of 120 and more
    OwnImages.classFolders(work.resolve("images/digits"), 3, 60, 24);
    String script = block(MARKER);
    Result r = bash(work, script, 1500);
    assertEquals(0, r.code(), "README walk-through:\n" + script + "\n" + r.err() + r.out());
    assertEquals("", r.err(), "stderr of the walk-through (one line only on failure)");
    ObjectMapper json = new ObjectMapper();
    assertEquals(
        "[1,32,32]",
        json.readTree(work.resolve("data/prepared/mydigits/_manifest.json").toFile())
            .get("shape")
            .toString());
    for (String written :
        List.of(
            "runs/ddc_mydigits-s0/summary.json",
            "runs/ddc_mydigits-s0/report/index.html",
            "preds/mydigits/_SUCCESS",
            "sweeps/my-sweep/summary.md",
            "sweeps/my-sweep/report/index.html")) {
      assertTrue(Files.exists(work.resolve(written)), written + "\n" + r.out());
    }
    assertTrue(r.out().contains("ACC"), "predict prints the scores: " + r.out());
  }

  @Test
  @Timeout(600)
  void aWideCsvTablePreparesWithNothingOnStderr() throws Exception {
    // 785 columns: Spark's plan strings would be truncated with a WARN on stderr
    StringBuilder csv = new StringBuilder("label");
    for (int i = 0; i < 28 * 28; i++) {
      csv.append(",p").append(i);
    }
    csv.append('\n');
    for (int row = 0; row < 20; row++) {
      csv.append(row % 2);
      for (int i = 0; i < 28 * 28; i++) {
        csv.append(',').append((row * 7 + i) % 256);
      }
      csv.append('\n');
    }
    Files.writeString(work.resolve("pixels.csv"), csv);
    Result r =
        bash(
            work,
            "submit/uco-spark prepare --dataset tab --format csv --raw pixels.csv --shape 1x28x28"
                + " --out data/prepared\n",
            500);
    assertEquals(0, r.code(), r.err() + r.out());
    assertEquals("", r.err());
    assertTrue(Files.exists(work.resolve("data/prepared/tab/_manifest.json")), r.out());
  }
}
