package org.ucospark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.cli.Main;

/**
 * The bench command end to end on a tiny input: one step per model, the JSON contract's keys. Not
 * timed.
 */
class BenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void oneStepPerModelWritesTheContractKeys() throws Exception {
    Path json = tmp.resolve("out/bench.json");
    int code =
        Main.run(
            "bench",
            "--shape",
            "1x20x20",
            "--batch",
            "6",
            "--clusters",
            "3",
            "--steps",
            "1",
            "--warmup",
            "0",
            "--kernel-reps",
            "1",
            "--json",
            json.toString());
    assertEquals(0, code);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    for (String m : List.of("ddc", "ddc_ae", "ddc_uco")) {
      JsonNode n = root.get(m);
      assertTrue(n != null && n.isObject(), m + " in " + root);
      assertTrue(n.get("images_per_s").isNumber() && n.get("images_per_s").asDouble() > 0, m);
      assertTrue(n.get("s_per_step").isNumber() && n.get("s_per_step").asDouble() > 0, m);
    }
    assertEquals(2, root.get("_meta").get("tensor_kernel").size());
    assertEquals(3, root.get("_meta").get("clusters").asInt(), "K as given by --clusters");
    JsonNode meta = root.get("_meta");
    assertTrue(meta.get("fp32_measured_peak_gflops").asDouble() > 0, meta.toString());
    double peak = meta.get("fp32_measured_peak_gflops").asDouble();
    JsonNode k = meta.get("tensor_kernel").get(0);
    assertEquals(
        100 * k.get("gflops").asDouble() / peak,
        k.get("percent_of_peak").asDouble(),
        1e-9,
        "% of the measured peak, not of the base-clock figure");
    JsonNode blas = meta.get("blas");
    assertEquals("OpenBLAS", blas.get("vendor").asText(), blas.toString());
    assertEquals("0.3.19", blas.get("version").asText(), blas.toString());
    assertTrue(
        blas.get("config").asText().contains(" " + blas.get("core_type").asText() + " "),
        "the core type OpenBLAS reports: " + blas);
    assertTrue(!blas.get("core_type_source").asText().isEmpty(), blas.toString());
    try (var files = Files.list(json.getParent())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  /**
   * The CPU seconds per step the progress line reports count this JVM's work: they grow by what a
   * loop burns.
   */
  @Test
  void processCpuTimeCountsThisJvmsWork() {
    long c0 = Benchmark.processCpuNanos();
    assertTrue(c0 > 0, "CPU time reported");
    long w0 = System.nanoTime();
    double x = 0;
    while (System.nanoTime() - w0 < 200_000_000L) {
      x += Math.sqrt(x + 1);
    }
    long used = Benchmark.processCpuNanos() - c0;
    assertTrue(x > 0 && used >= 20_000_000L, "a 200 ms busy loop used " + used + " ns of CPU");
  }

  @Test
  void badShapeIsAUserError() {
    assertEquals(2, Main.run("bench", "--shape", "1x8x8", "--steps", "1"));
    assertEquals(2, Main.run("bench", "--shape", "28x28"));
  }

  /** K must fit the batch (every cluster can hold an example) and be at least 2. */
  @Test
  void clustersOutsideTwoToBatchIsAUserError() {
    assertEquals(2, Main.run("bench", "--clusters", "1", "--steps", "1"));
    assertEquals(2, Main.run("bench", "--clusters", "121", "--batch", "120", "--steps", "1"));
  }

  /** --clusters reaches the models: the assignment head has K outputs. */
  @Test
  void clustersSetTheModelsK() {
    BenchOptions o =
        new BenchOptions(
            List.of(org.ucospark.model.ModelVariant.DDC),
            new org.ucospark.model.InputShape(3, 20, 20),
            100,
            120,
            1,
            0,
            List.of(1),
            0,
            0L,
            org.ucospark.loss.LossParams.defaults());
    assertEquals(100, Benchmark.params(o, org.ucospark.model.ModelVariant.DDC).clusters());
  }

  @Test
  void peakFromCpuinfoCountsZen4AsHalfWidthAndZen5AsFullWidthAvx512() {
    CpuPeak zen4 = CpuPeak.fromCpuinfo(amdEpyc("25"), 2);
    assertEquals(32, zen4.flopsPerCycle());
    assertEquals(2 * 2.59613 * 32, zen4.gflops(), 1e-9);
    CpuPeak zen5 = CpuPeak.fromCpuinfo(amdEpyc("26"), 2);
    assertEquals(64, zen5.flopsPerCycle());
    assertTrue(zen5.assumption().contains("Zen 5"), zen5.assumption());
    assertEquals(16, CpuPeak.fromCpuinfo(List.of("flags : sse avx"), 1).flopsPerCycle());
  }

  private static List<String> amdEpyc(String family) {
    return List.of(
        "vendor_id\t: AuthenticAMD",
        "cpu family\t: " + family,
        "model name\t: AMD EPYC",
        "cpu MHz\t\t: 2596.130",
        "flags\t\t: fpu sse avx avx2 fma avx512f");
  }
}
