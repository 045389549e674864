package org.ucospark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.ucospark.loss.TensorKernel;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Networks;
import org.ucospark.model.OptimizerParams;
import org.ucospark.nn.OffHeapCollector;
import org.ucospark.nn.OpenBlasCoreType;
import org.ucospark.train.MiniBatches;

/**
 * Training-step throughput of the DDC-family graphs, and the tensor-kernel distance alone
 * (measurement only; {@link BenchReport} prints).
 *
 * <p>A step is one {@code graph.fit(MultiDataSet)} on a fixed random batch, uniform in [-1, 1],
 * with the model's real configuration (the paper's loss parameters, Adam with the variant's
 * learning rate, per-parameter gradient clipping at 10): forward, the explicit loss heads,
 * backward, clipping and the Adam update. The first {@code warmup} steps are not timed (JIT,
 * workspace sizing); the result is the median of the timed steps, with their spread.
 */
public final class Benchmark {
  /** SGEMMs per size for the measured peak the kernels' "% of peak" refers to. */
  static final int PEAK_REPS = 5;

  private Benchmark() {}

  /** Progress lines (may be null). */
  public interface Progress {
    void line(String s);
  }

  public static BenchResult run(BenchOptions o, Progress progress) {
    Progress p = progress == null ? s -> {} : progress;
    List<BenchResult.ModelResult> models = new ArrayList<>();
    for (ModelVariant v : o.models()) {
      models.add(model(o, v, p));
    }
    List<BenchResult.KernelResult> kernels = new ArrayList<>();
    MeasuredPeak peak = null;
    if (o.kernelReps() > 0) {
      kernels.add(kernel("X_1", prepend(o.batch(), o.shape().block1()), o.kernelReps(), o.seed()));
      kernels.add(kernel("X_2", prepend(o.batch(), o.shape().block2()), o.kernelReps(), o.seed()));
      peak = MeasuredPeak.measure(PEAK_REPS);
    }
    MemoryProbe.Sample end = MemoryProbe.sample(-1);
    return new BenchResult(
        o,
        CpuPeak.detect(),
        peak,
        OpenBlasCoreType.inUse(),
        threads(),
        models,
        kernels,
        end.peakRssBytes(),
        MemoryProbe.peakHeapBytes());
  }

  /**
   * The model's network for the bench input with the published training settings the reference
   * bench uses, fixed here on purpose (not the configuration's): K from {@code --clusters} (10 by
   * default, as the reference's bench), Adam at 1e-3 (UCO variants 1e-4, their experiment files'
   * rate), β 0.9/0.999, ε 1e-7, clipping 10, reconstruction weight 0.1; only the loss settings are
   * the configuration's ({@code loss.*}, {@link BenchOptions#loss}).
   */
  public static ModelParams params(BenchOptions o, ModelVariant v) {
    double lr = v.hasUco() ? 1e-4 : 1e-3;
    return new ModelParams(
        v,
        o.shape(),
        o.clusters(),
        ModelParams.HIDDEN_SIZE,
        o.loss(),
        0.1,
        new OptimizerParams(lr, 0.9, 0.999, 1e-7, 10.0),
        o.seed());
  }

  static BenchResult.ModelResult model(BenchOptions o, ModelVariant v, Progress p) {
    ComputationGraph graph = Networks.create(params(o, v));
    Nd4j.getRandom().setSeed(o.seed());
    INDArray x =
        Nd4j.rand(
                DataType.FLOAT,
                o.batch(),
                o.shape().channels(),
                o.shape().height(),
                o.shape().width())
            .muli(2.0)
            .subi(1.0);
    MultiDataSet batch = MiniBatches.of(MiniBatches.outputs(graph), x, null);
    for (int i = 0; i < o.warmup(); i++) {
      graph.fit(batch);
      OffHeapCollector.afterStep();
    }
    double[] t = new double[o.steps()];
    List<MemoryProbe.Sample> mem = new ArrayList<>();
    long cpu0 = processCpuNanos();
    for (int i = 0; i < o.steps(); i++) {
      long t0 = System.nanoTime();
      graph.fit(batch);
      t[i] = (System.nanoTime() - t0) / 1e9;
      OffHeapCollector.afterStep(); // as training does, outside the timed step
      if (o.memoryAt().contains(i + 1)) {
        mem.add(MemoryProbe.sample(i + 1));
      }
    }
    double cpuPerStep = (processCpuNanos() - cpu0) / 1e9 / o.steps();
    if (!Double.isFinite(graph.score())) {
      throw new IllegalStateException(v.id() + ": non-finite score " + graph.score());
    }
    double[] s = t.clone();
    Arrays.sort(s);
    BenchResult.ModelResult r =
        new BenchResult.ModelResult(
            v.id(),
            o.steps(),
            quantile(s, 0.5),
            s[0],
            quantile(s, 0.25),
            quantile(s, 0.75),
            s[s.length - 1],
            mem);
    p.line(
        String.format(
            java.util.Locale.ROOT,
            "%s: %.1f images/s (%.4f s/step median of %d; process CPU %.4f s/step)",
            v.id(),
            r.imagesPerS(o.batch()),
            r.medianS(),
            o.steps(),
            cpuPerStep));
    return r;
  }

  /**
   * Forward and backward of the tensor-kernel distance alone on X = relu(N(0,1)) of {@code shape},
   * float32.
   */
  static BenchResult.KernelResult kernel(String name, long[] shape, int reps, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Transforms.relu(Nd4j.randn(DataType.FLOAT, shape), false);
    long b = shape[0];
    INDArray g = Nd4j.rand(DataType.FLOAT, b, b);
    INDArray gD = g.add(g.transpose()).muli(1e-3);
    // warm-up: one of each
    TensorKernel.forward(x).backward(gD);
    double[] f = new double[reps];
    double[] bw = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      TensorKernel.Forward fw = TensorKernel.forward(x);
      long t1 = System.nanoTime();
      fw.backward(gD);
      long t2 = System.nanoTime();
      f[i] = (t1 - t0) / 1e9;
      bw[i] = (t2 - t1) / 1e9;
    }
    Arrays.sort(f);
    Arrays.sort(bw);
    double[] flops = TensorKernel.flops(shape);
    return new BenchResult.KernelResult(
        name, shape, reps, quantile(f, 0.5), quantile(bw, 0.5), flops[0], flops[1]);
  }

  /**
   * CPU time of the whole JVM (all threads: ND4J's and oneDNN's OpenMP team, JIT, GC), or -1 when
   * the JVM does not report it. On a shared machine the CPU seconds a step costs are a steadier
   * figure than its wall time.
   */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static long[] prepend(long b, long[] s) {
    long[] r = new long[s.length + 1];
    r[0] = b;
    System.arraycopy(s, 0, r, 1, s.length);
    return r;
  }

  static String threads() {
    String omp = System.getenv("OMP_NUM_THREADS");
    return "OMP_NUM_THREADS="
        + (omp == null ? "(unset)" : omp)
        + ", ND4J max threads "
        + Nd4j.getEnvironment().maxThreads()
        + ", ND4J master threads "
        + Nd4j.getEnvironment().maxMasterThreads();
  }
}
