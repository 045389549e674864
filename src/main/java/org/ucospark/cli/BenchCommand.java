package org.ucospark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ucospark.UcoException;
import org.ucospark.bench.BenchOptions;
import org.ucospark.bench.BenchReport;
import org.ucospark.bench.BenchResult;
import org.ucospark.bench.Benchmark;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;
import org.ucospark.train.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: training-step throughput per model, the tensor-kernel distance alone, and memory
 * (no Spark).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure training-step throughput (images/s) of ddc, ddc_ae and ddc_uco in this JVM, the "
            + "tensor-kernel distance's GFLOP/s, and memory. The loss.* keys (--set loss.uco_kernel=naive) apply.")
final class BenchCommand implements Callable<Integer> {
  @Mixin ConfigOptions options = new ConfigOptions();

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "ddc,ddc_ae,ddc_uco",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(
      names = "--shape",
      defaultValue = "1x28x28",
      description = "Input C×H×W (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--clusters",
      defaultValue = "10",
      description =
          "Number of clusters K of the models' heads (default: ${DEFAULT-VALUE}; COIL-100 is 100)."
              + " The reference's bench takes it as its third argument.")
  int clusters;

  @Option(
      names = "--batch",
      defaultValue = "120",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--steps",
      defaultValue = "20",
      description = "Timed steps per model (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Untimed warm-up steps (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--memory-at",
      split = ",",
      defaultValue = "100,1000",
      description =
          "Timed steps after which memory is sampled; the last step always is (default: ${DEFAULT-VALUE}).")
  List<Integer> memoryAt;

  @Option(
      names = "--kernel-reps",
      defaultValue = "5",
      description =
          "Repetitions of the tensor-kernel forward/backward measurement; 0 skips it (default: ${DEFAULT-VALUE}).")
  int kernelReps;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of weights and batch (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--json",
      description = "Also write the results as JSON to this file (atomically).")
  Path json;

  @Override
  public Integer call() throws Exception {
    List<ModelVariant> vs = new ArrayList<>();
    for (String m : models) vs.add(ModelFamilies.parse(m.trim()));
    InputShape in = parseShape(shape);
    if (in.height() < 20 || in.width() < 20) {
      throw new UcoException("--shape " + shape + ": cnn_small needs H and W of at least 20");
    }
    if (batch < 2 || steps < 1 || warmup < 0) {
      throw new UcoException("--batch must be >= 2, --steps >= 1, --warmup >= 0");
    }
    if (clusters < 2 || clusters > batch) {
      throw new UcoException(
          "--clusters must be between 2 and --batch (" + batch + "), got " + clusters);
    }
    List<Integer> at = new ArrayList<>();
    for (int s : memoryAt) if (s >= 1 && s < steps) at.add(s);
    at.add(steps);
    // --set/--config/-Duco.* are validated like every command's; the loss.* keys shape the models
    // timed
    BenchOptions o =
        new BenchOptions(
            vs,
            in,
            clusters,
            batch,
            steps,
            warmup,
            at,
            kernelReps,
            seed,
            RunSettings.from(options.load()).loss());
    BenchResult r = Benchmark.run(o, line -> System.err.println("bench: " + line));
    BenchReport.print(r, System.out);
    if (json != null) {
      BenchReport.writeJson(r, json);
    }
    return 0;
  }

  static InputShape parseShape(String s) {
    String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (p.length == 3) {
        return new InputShape(
            Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UcoException("--shape " + s + ": expected CxHxW, e.g. 1x28x28");
  }
}
