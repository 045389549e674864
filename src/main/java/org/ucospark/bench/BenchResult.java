package org.ucospark.bench;

import java.util.List;
import org.ucospark.nn.OpenBlasCoreType;

/**
 * Everything one benchmark run measured; {@link BenchReport} prints it. {@code peak} is null when
 * the tensor kernel was not measured.
 */
public record BenchResult(
    BenchOptions options,
    CpuPeak cpu,
    MeasuredPeak peak,
    OpenBlasCoreType.InUse blas,
    String threads,
    List<ModelResult> models,
    List<KernelResult> kernels,
    long peakRssBytes,
    long peakHeapBytes) {

  /**
   * One model's training steps: median seconds per step (and the spread: min, quartiles, max) over
   * the timed steps, images per second at the median, and the memory samples taken during the timed
   * steps.
   */
  public record ModelResult(
      String model,
      int steps,
      double medianS,
      double minS,
      double p25S,
      double p75S,
      double maxS,
      List<MemoryProbe.Sample> memory) {
    public double imagesPerS(int batch) {
      return batch / medianS;
    }
  }

  /**
   * The tensor-kernel distance of one block shape [B, d_1, …]: median seconds of the forward and of
   * the backward pass alone, and the FLOP each performs ({@link
   * org.ucospark.loss.TensorKernel#flops}).
   */
  public record KernelResult(
      String block,
      long[] shape,
      int reps,
      double forwardS,
      double backwardS,
      double forwardFlop,
      double backwardFlop) {
    public double forwardGflops() {
      return forwardFlop / forwardS / 1e9;
    }

    public double backwardGflops() {
      return backwardFlop / backwardS / 1e9;
    }

    public double totalGflops() {
      return (forwardFlop + backwardFlop) / (forwardS + backwardS) / 1e9;
    }
  }
}
