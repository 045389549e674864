package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ucospark.cli.Main;

/**
 * The product chooses OpenBLAS's kernels from the CPU flags before OpenBLAS loads, and a user's
 * OPENBLAS_CORETYPE wins (docs/OPENBLAS.md): the rule itself, and in fresh JVMs (OpenBLAS reads the
 * variable once, when it loads) what OpenBLAS then reports it runs.
 */
class OpenBlasCoreTypeTest {
  private static final Set<String> ZEN5 =
      flags(
          "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512cd avx512bw"
              + " avx512vl avx512_bf16");
  private static final Set<String> AVX2 = flags("sse sse2 avx avx2 fma");

  @Test
  void theCpuFlagsChooseTheCoreType() {
    assertEquals("SkylakeX", OpenBlasCoreType.forCpu("AuthenticAMD", ZEN5));
    assertEquals("SkylakeX", OpenBlasCoreType.forCpu("GenuineIntel", ZEN5));
    assertEquals("Zen", OpenBlasCoreType.forCpu("AuthenticAMD", AVX2));
    assertEquals("Haswell", OpenBlasCoreType.forCpu("GenuineIntel", AVX2));
    Set<String> partial = new HashSet<>(AVX2);
    partial.add("avx512f"); // AVX-512 without BW/DQ/VL (Knights Landing): not SkylakeX
    assertEquals("Haswell", OpenBlasCoreType.forCpu("GenuineIntel", partial));
    assertNull(OpenBlasCoreType.forCpu("GenuineIntel", flags("sse sse2 avx")), "0.3.19 knows it");
  }

  @Test
  void theUsersValueWinsAndAnEmptyOneCountsAsUnset() {
    assertEquals(
        new OpenBlasCoreType.Decision("Haswell", OpenBlasCoreType.Source.USER),
        OpenBlasCoreType.decide("Haswell", "SkylakeX", false));
    assertEquals(
        new OpenBlasCoreType.Decision("SkylakeX", OpenBlasCoreType.Source.CHOSEN),
        OpenBlasCoreType.decide("", "SkylakeX", false));
    assertEquals(
        new OpenBlasCoreType.Decision("SkylakeX", OpenBlasCoreType.Source.CHOSEN),
        OpenBlasCoreType.decide(null, "SkylakeX", false));
    assertEquals(
        new OpenBlasCoreType.Decision(null, OpenBlasCoreType.Source.TOO_LATE),
        OpenBlasCoreType.decide(null, "SkylakeX", true),
        "after OpenBLAS loaded, setting the variable would change nothing");
    assertEquals(
        new OpenBlasCoreType.Decision(null, OpenBlasCoreType.Source.DETECTED),
        OpenBlasCoreType.decide(null, null, false));
  }

  /**
   * {@code uco-spark --version} in a fresh JVM prints what OpenBLAS reports: with the variable
   * unset or empty, the core type the rule gives for this machine's CPU (chosen by uco-spark); with
   * the user's value, that one.
   */
  @Test
  @Timeout(300)
  void aFreshJvmRunsTheChosenOrTheUsersKernels() throws Exception {
    String expected = OpenBlasCoreType.thisCpu();
    String unset = blasLine(null);
    if (expected != null) {
      assertTrue(
          unset.contains("core type " + expected + " (chosen by uco-spark from the CPU flags)")
              && unset.contains("DYNAMIC_ARCH NO_AFFINITY " + expected + " "),
          unset);
      assertEquals(unset, blasLine(""), "an empty value is not the user's choice");
    } else {
      assertTrue(unset.contains("(detected by OpenBLAS)"), unset);
    }
    String user = blasLine("Sandybridge");
    assertTrue(
        user.contains("core type Sandybridge (set by the user)")
            && user.contains("DYNAMIC_ARCH NO_AFFINITY Sandybridge "),
        user);
  }

  /** The BLAS line of {@code --version} in a JVM with OPENBLAS_CORETYPE unset (null) or value. */
  private static String blasLine(String value) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        Arrays.asList(
            Files.readString(Path.of("target/classes/uco-spark/jvm.options"))
                .strip()
                .split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.add("--version");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove(OpenBlasCoreType.ENV);
    if (value != null) {
      pb.environment().put(OpenBlasCoreType.ENV, value);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(240, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    return out.lines()
        .filter(l -> l.startsWith("BLAS: "))
        .findFirst()
        .orElse("no BLAS line: " + out);
  }

  private static Set<String> flags(String s) {
    return new HashSet<>(Arrays.asList(s.trim().split("\\s+")));
  }
}
