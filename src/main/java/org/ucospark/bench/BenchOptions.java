package org.ucospark.bench;

import java.util.List;
import org.ucospark.loss.LossParams;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;

/**
 * What {@link Benchmark} measures: the models, the input shape, number of clusters K and batch
 * size, the timed steps after {@code warmup} untimed ones, the (1-based, timed) steps after which
 * memory is sampled, and the repetitions of the tensor-kernel measurement ({@code kernelReps} ≤ 0
 * skips it), and the loss settings ({@code loss.*} of the configuration: {@code bench --set
 * loss.uco_kernel=naive} times the naive kernel).
 */
public record BenchOptions(
    List<ModelVariant> models,
    InputShape shape,
    int clusters,
    int batch,
    int steps,
    int warmup,
    List<Integer> memoryAt,
    int kernelReps,
    long seed,
    LossParams loss) {

  public BenchOptions {
    if (models.isEmpty()) throw new IllegalArgumentException("no models");
    for (ModelVariant v : models) {
      if (!ModelFamilies.of(v).benchmarked()) {
        // the peer's bench (the comparison this command exists for) times the DDC family only
        throw new org.ucospark.UcoException(
            "bench: --models takes "
                + String.join(
                    ", ",
                    ModelFamilies.variants().stream()
                        .filter(m -> ModelFamilies.of(m).benchmarked())
                        .map(ModelVariant::id)
                        .toList())
                + " (the reference's bench models), got "
                + v.id());
      }
    }
    if (clusters < 2) throw new IllegalArgumentException("clusters must be >= 2");
    if (batch < 2) throw new IllegalArgumentException("batch must be >= 2");
    if (steps < 1) throw new IllegalArgumentException("steps must be >= 1");
    if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0");
    models = List.copyOf(models);
    memoryAt = List.copyOf(memoryAt);
  }
}
