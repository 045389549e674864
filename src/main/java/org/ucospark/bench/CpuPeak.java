package org.ucospark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine's theoretical fp32 peak, derived from the CPU: cores × clock × fp32 FLOP per cycle
 * per core.
 *
 * <p>FLOP per cycle from the SIMD flags, vendor and CPU family (two FMA pipes assumed, as on every
 * current x86 server core): AMD family 25 with avx512f (Zen 4: AVX-512 executed on two 256-bit FMA
 * pipes) 32; AMD family 26 and later with avx512f (Zen 5: two 512-bit FMA pipes) 64; Intel with
 * avx512f (two 512-bit FMA units) 64; avx2+fma 32; avx without fma 16; otherwise 8 (SSE). The clock
 * is {@code cpu MHz} of /proc/cpuinfo (the nominal clock on a VM; boost is ignored), the cores are
 * the JVM's available processors. The assumption is part of the result so the output can state it.
 * The base clock makes this a lower bound on a CPU that boosts (measured 104–124 % of it with
 * SGEMM, issue 26): the bench's "% of peak" uses {@link MeasuredPeak}, this figure is printed
 * beside it.
 */
public record CpuPeak(
    String modelName, int cores, double ghz, int flopsPerCycle, String assumption) {

  public double gflops() {
    return cores * ghz * flopsPerCycle;
  }

  public static CpuPeak detect() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      lines = List.of();
    }
    return fromCpuinfo(lines, Runtime.getRuntime().availableProcessors());
  }

  static CpuPeak fromCpuinfo(List<String> lines, int cores) {
    String model = "unknown";
    String vendor = "";
    String flags = "";
    double mhz = Double.NaN;
    int family = -1;
    for (String l : lines) {
      int c = l.indexOf(':');
      if (c < 0) continue;
      String k = l.substring(0, c).trim();
      String v = l.substring(c + 1).trim();
      switch (k) {
        case "model name" -> model = model.equals("unknown") ? v : model;
        case "vendor_id" -> vendor = vendor.isEmpty() ? v : vendor;
        case "flags" -> flags = flags.isEmpty() ? " " + v + " " : flags;
        case "cpu MHz" -> mhz = Double.isNaN(mhz) ? parse(v) : mhz;
        case "cpu family" -> family = family < 0 ? (int) parse(v) : family;
        default -> {}
      }
    }
    boolean amd =
        vendor.toLowerCase(Locale.ROOT).contains("amd")
            || model.toUpperCase(Locale.ROOT).contains("AMD");
    int fpc;
    String why;
    if (flags.contains(" avx512f ") && amd && family >= 26) {
      fpc = 64;
      why =
          "AMD family "
              + family
              + " with AVX-512 (Zen 5: two 512-bit FMA pipes) = 64 fp32 FLOP/cycle/core";
    } else if (flags.contains(" avx512f ") && amd) {
      fpc = 32;
      why = "AMD with AVX-512 (Zen 4: two 256-bit FMA pipes) = 32 fp32 FLOP/cycle/core";
    } else if (flags.contains(" avx512f ")) {
      fpc = 64;
      why = "AVX-512 with two 512-bit FMA units = 64 fp32 FLOP/cycle/core";
    } else if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
      fpc = 32;
      why = "AVX2 + FMA, two 256-bit FMA pipes = 32 fp32 FLOP/cycle/core";
    } else if (flags.contains(" avx ")) {
      fpc = 16;
      why = "AVX without FMA = 16 fp32 FLOP/cycle/core";
    } else {
      fpc = 8;
      why = "SSE = 8 fp32 FLOP/cycle/core";
    }
    double ghz = Double.isNaN(mhz) ? 2.0 : mhz / 1000.0;
    String clock =
        Double.isNaN(mhz)
            ? "clock unknown, 2.0 GHz assumed"
            : String.format(Locale.ROOT, "%.3f GHz (cpu MHz of /proc/cpuinfo, no boost)", ghz);
    return new CpuPeak(
        model,
        cores,
        ghz,
        fpc,
        String.format(Locale.ROOT, "%d cores × %s × %s", cores, clock, why));
  }

  private static double parse(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
