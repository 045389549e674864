package org.ucospark.nn;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which OpenBLAS kernels ND4J's matrix products run on, chosen before the library loads
 * (docs/OPENBLAS.md).
 *
 * <p>ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19 built with DYNAMIC_ARCH: it picks its kernels once,
 * when {@code libopenblas.so.0} loads, from the environment variable {@code OPENBLAS_CORETYPE} if
 * set, else from the CPU's model number. 0.3.19 predates AMD Zen 4/5 and Intel Sapphire Rapids and
 * falls back to the SSE kernels of "Barcelona" there (measured on a Zen 5 EPYC: SGEMM 25–60 GFLOP/s
 * against 110–190 with the AVX2/AVX-512 kernels). A newer OpenBLAS is not binary compatible with
 * ND4J M2.1's JavaCPP 1.5.7 (docs/OPENBLAS.md). So the product chooses the core type from the CPU's
 * feature flags, which every CPU reports whatever its model number, and sets the variable in its
 * own process (libc {@code setenv} through JNA, which DL4J already ships) before ND4J loads
 * OpenBLAS: {@link Dl4jBackend#configure()} calls {@link #chooseBeforeLoad()} first, on the driver
 * and, through {@code org.ucospark.io.Dl4jBackendPlugin}, in every executor JVM before its first
 * task, so each JVM chooses for its own CPU. A value the user set (not empty) always wins.
 */
public final class OpenBlasCoreType {
  public static final String ENV = "OPENBLAS_CORETYPE";

  /** AVX-512 subsets OpenBLAS's SkylakeX kernels use (as its own cpuid check, x86_64/dynamic.c). */
  private static final List<String> AVX512 =
      List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

  /** How the core type in force came about. */
  public enum Source {
    /** {@code OPENBLAS_CORETYPE} was set (not empty) by the user: theirs wins. */
    USER("set by the user"),
    /** Chosen by uco-spark from the CPU flags and set before OpenBLAS loaded. */
    CHOSEN("chosen by uco-spark from the CPU flags"),
    /** No rule for this CPU: OpenBLAS detects the core itself. */
    DETECTED("detected by OpenBLAS"),
    /** OpenBLAS had loaded before uco-spark could choose: its own detection stands. */
    TOO_LATE("detected by OpenBLAS (it had loaded before uco-spark could choose)"),
    /** Setting the variable failed (e.g. no JNA native stub): OpenBLAS detects the core itself. */
    FAILED("detected by OpenBLAS (setting OPENBLAS_CORETYPE failed)");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** The decision: the requested core type (null: OpenBLAS's own detection) and its source. */
  public record Decision(String requested, Source source) {}

  /** What OpenBLAS reports once loaded: its build string, its core name, and how it came about. */
  public record InUse(
      String vendor, String version, String config, String coreType, Source source) {
    public String describe() {
      return String.format(
          Locale.ROOT, "%s %s, core type %s (%s)", vendor, version, coreType, source.description());
    }
  }

  private static final int RTLD_LAZY = 1;

  private static Decision decision;

  private OpenBlasCoreType() {}

  /**
   * The core type for a CPU with these {@code /proc/cpuinfo} flags and vendor, or null where
   * OpenBLAS 0.3.19's own detection is right. Measured on Zen 5 (docs/OPENBLAS.md): AVX-512 →
   * SkylakeX (what newer OpenBLAS releases choose for Zen 4 and Sapphire Rapids too), AVX2 with FMA
   * → Zen on AMD, Haswell otherwise; older CPUs are all known to 0.3.19.
   */
  static String forCpu(String vendor, Set<String> flags) {
    if (flags.containsAll(AVX512)) {
      return "SkylakeX";
    }
    if (flags.contains("avx2") && flags.contains("fma")) {
      return vendor.toLowerCase(Locale.ROOT).contains("amd") ? "Zen" : "Haswell";
    }
    return null;
  }

  /**
   * The decision for a user's value of the variable (null or empty: not set), the rule's choice for
   * the CPU ({@link #forCpu}, null: none), and whether OpenBLAS is already mapped into the process.
   */
  static Decision decide(String userValue, String chosen, boolean loaded) {
    if (userValue != null && !userValue.isBlank()) {
      return new Decision(userValue.strip(), Source.USER);
    }
    if (chosen == null) {
      return new Decision(null, Source.DETECTED);
    }
    return loaded ? new Decision(null, Source.TOO_LATE) : new Decision(chosen, Source.CHOSEN);
  }

  /** The rule's core type for the CPU this JVM runs on ({@link #forCpu}), or null. */
  public static String thisCpu() {
    List<String> cpuinfo = readLines(Path.of("/proc/cpuinfo"));
    return forCpu(
        cpuinfoField(cpuinfo, "vendor_id"),
        new HashSet<>(Arrays.asList(cpuinfoField(cpuinfo, "flags").split("\\s+"))));
  }

  /**
   * Chooses and sets {@code OPENBLAS_CORETYPE} for this process unless the user set it or OpenBLAS
   * has loaded; once per JVM, the later calls return the first decision.
   */
  public static synchronized Decision chooseBeforeLoad() {
    if (decision == null) {
      Decision d = decide(System.getenv(ENV), thisCpu(), openBlasPath() != null);
      if (d.source() == Source.CHOSEN && !setenv(ENV, d.requested())) {
        d = new Decision(null, Source.FAILED);
      }
      decision = d;
    }
    return decision;
  }

  /**
   * The kernels in use: loads ND4J (and so OpenBLAS) if it has not loaded yet and asks OpenBLAS
   * ({@code openblas_get_config}, {@code openblas_get_corename}).
   */
  public static InUse inUse() {
    Decision d = chooseBeforeLoad();
    Nd4j.getExecutioner(); // loads the native backend and with it libopenblas
    String path = openBlasPath();
    if (path == null) {
      return new InUse(
          "unknown", "unknown", "no libopenblas in this process", "unknown", d.source());
    }
    // The library ND4J loaded, opened again only to look up two symbols: RTLD_LAZY without JNA's
    // default RTLD_GLOBAL, which would put OpenBLAS's symbols before other libraries' (a later
    // bench then crashed inside OpenBLAS's SGEMM).
    NativeLibrary lib =
        NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY));
    String config = call(lib, "openblas_get_config");
    String core = call(lib, "openblas_get_corename");
    String[] words = config.split("\\s+");
    return new InUse(
        words[0],
        words.length > 1 ? words[1] : "unknown",
        config,
        core.isEmpty() ? "unknown" : core,
        d.source());
  }

  private static String call(NativeLibrary lib, String name) {
    try {
      String s = lib.getFunction(name).invokeString(new Object[0], false);
      return s == null ? "" : s.strip();
    } catch (UnsatisfiedLinkError e) {
      return "";
    }
  }

  /** libc setenv (overwrite): the variable OpenBLAS's constructor reads with getenv. */
  private static boolean setenv(String name, String value) {
    try {
      Function f = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv");
      return f.invokeInt(new Object[] {name, value, 1}) == 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /** The file of the libopenblas mapped into this process, or null (not loaded, or no /proc). */
  static String openBlasPath() {
    for (String line : readLines(Path.of("/proc/self/maps"))) {
      int slash = line.indexOf('/');
      if (slash >= 0 && line.contains("libopenblas")) {
        return line.substring(slash).strip();
      }
    }
    return null;
  }

  static String cpuinfoField(List<String> cpuinfo, String key) {
    for (String l : cpuinfo) {
      int c = l.indexOf(':');
      if (c > 0 && l.substring(0, c).strip().equals(key)) {
        return l.substring(c + 1).strip();
      }
    }
    return "";
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
