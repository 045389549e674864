package org.ucospark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints a {@link BenchResult} as a table and writes the bench JSON of the contract: {@code {"ddc":
 * {"images_per_s": …, "s_per_step": …}, …}} — the keys of the PyTorch reference's {@code bench}
 * output — plus, per model, the spread and memory samples, and a {@code "_meta"} object (kernel
 * GFLOP/s, peak, memory) that readers of the contract keys can ignore.
 */
public final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final double MIB = 1024.0 * 1024.0;

  private BenchReport() {}

  // Long because it prints the report's sections in their order, a few printf lines each.
  public static void print(BenchResult r, PrintStream out) {
    BenchOptions o = r.options();
    out.printf(
        Locale.ROOT,
        "uco-spark bench: batch %d of %s, K = %d, %d timed steps after %d warm-up steps; %s%n",
        o.batch(),
        o.shape(),
        o.clusters(),
        o.steps(),
        o.warmup(),
        r.threads());
    out.println("BLAS: " + r.blas().describe() + "; " + r.blas().config());
    out.printf(
        Locale.ROOT,
        "%-8s %12s %12s %12s %12s %12s %12s%n",
        "model",
        "images/s",
        "s/step med",
        "min",
        "p25",
        "p75",
        "max");
    for (BenchResult.ModelResult m : r.models()) {
      out.printf(
          Locale.ROOT,
          "%-8s %12.1f %12.4f %12.4f %12.4f %12.4f %12.4f%n",
          m.model(),
          m.imagesPerS(o.batch()),
          m.medianS(),
          m.minS(),
          m.p25S(),
          m.p75S(),
          m.maxS());
    }
    for (BenchResult.ModelResult m : r.models()) {
      for (MemoryProbe.Sample s : m.memory()) {
        out.printf(
            Locale.ROOT,
            "memory %-8s after step %5d: heap %8.1f MiB, off-heap (JavaCPP) %8.1f MiB, RSS %8.1f MiB%n",
            m.model(),
            s.step(),
            s.heapUsedBytes() / MIB,
            s.offHeapBytes() / MIB,
            s.rssBytes() / MIB);
      }
    }
    CpuPeak cpu = r.cpu();
    if (!r.kernels().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "tensor-kernel distance (float32), %% of the measured fp32 peak %.1f GFLOP/s (%s);"
              + " from the base clock: %.1f GFLOP/s = %s, a lower bound on a CPU that boosts%n",
          r.peak().gflops(),
          r.peak().describe(),
          cpu.gflops(),
          cpu.assumption());
      out.printf(
          Locale.ROOT,
          "%-5s %-18s %10s %10s %10s %10s %10s %8s%n",
          "block",
          "shape",
          "fwd ms",
          "fwd GF/s",
          "bwd ms",
          "bwd GF/s",
          "GF/s",
          "% peak");
      for (BenchResult.KernelResult k : r.kernels()) {
        out.printf(
            Locale.ROOT,
            "%-5s %-18s %10.1f %10.1f %10.1f %10.1f %10.1f %7.1f%%%n",
            k.block(),
            Arrays.toString(k.shape()).replace(" ", ""),
            k.forwardS() * 1e3,
            k.forwardGflops(),
            k.backwardS() * 1e3,
            k.backwardGflops(),
            k.totalGflops(),
            100 * k.totalGflops() / r.peak().gflops());
      }
      out.println(
          "  (FLOP: every matrix product counted as 2·p·q·r, small float64 systems included, elementwise"
              + " work not counted; see TensorKernel.flops)");
    }
    out.printf(
        Locale.ROOT,
        "peak memory: RSS high-water mark (VmHWM, heap + off-heap) %.1f MiB, heap pools' peak %.1f MiB%n",
        r.peakRssBytes() / MIB,
        r.peakHeapBytes() / MIB);
  }

  public static ObjectNode json(BenchResult r) {
    ObjectNode root = JSON.createObjectNode();
    int b = r.options().batch();
    for (BenchResult.ModelResult m : r.models()) {
      ObjectNode n = root.putObject(m.model());
      n.put("images_per_s", m.imagesPerS(b));
      n.put("s_per_step", m.medianS());
      n.put("steps", m.steps());
      n.put("s_per_step_min", m.minS());
      n.put("s_per_step_p25", m.p25S());
      n.put("s_per_step_p75", m.p75S());
      n.put("s_per_step_max", m.maxS());
      ArrayNode mem = n.putArray("memory");
      for (MemoryProbe.Sample s : m.memory()) {
        mem.addObject()
            .put("step", s.step())
            .put("heap_bytes", s.heapUsedBytes())
            .put("offheap_bytes", s.offHeapBytes())
            .put("rss_bytes", s.rssBytes());
      }
    }
    ObjectNode meta = root.putObject("_meta");
    meta.put("batch", b);
    meta.put("shape", r.options().shape().toString());
    meta.put("clusters", r.options().clusters());
    meta.put("warmup", r.options().warmup());
    meta.put("threads", r.threads());
    meta.put("cpu", r.cpu().modelName());
    meta.put("fp32_peak_gflops", r.cpu().gflops());
    meta.put("fp32_peak_assumption", r.cpu().assumption() + " (base clock: a lower bound)");
    if (r.peak() != null) {
      meta.put("fp32_measured_peak_gflops", r.peak().gflops());
      meta.put("fp32_measured_peak", r.peak().describe());
    }
    ObjectNode blas = meta.putObject("blas");
    blas.put("vendor", r.blas().vendor());
    blas.put("version", r.blas().version());
    blas.put("core_type", r.blas().coreType());
    blas.put("core_type_source", r.blas().source().description());
    blas.put("config", r.blas().config());
    meta.put("peak_rss_bytes", r.peakRssBytes());
    meta.put("peak_heap_bytes", r.peakHeapBytes());
    ArrayNode ks = meta.putArray("tensor_kernel");
    for (BenchResult.KernelResult k : r.kernels()) {
      ObjectNode n = ks.addObject();
      n.put("block", k.block());
      ArrayNode sh = n.putArray("shape");
      for (long s : k.shape()) sh.add(s);
      n.put("forward_s", k.forwardS());
      n.put("backward_s", k.backwardS());
      n.put("forward_flop", k.forwardFlop());
      n.put("backward_flop", k.backwardFlop());
      n.put("gflops", k.totalGflops());
      n.put("percent_of_peak", 100 * k.totalGflops() / r.peak().gflops());
    }
    return root;
  }

  /** Writes the JSON to a sibling temporary file and renames it onto {@code target}. */
  public static void writeJson(BenchResult r, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      Files.write(
          tmp, JSON.writeValueAsString(json(r)).concat("\n").getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
