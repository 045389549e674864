/**
 * The {@code bench} command's measurements: training-step throughput of the real networks of each
 * model (forward, loss heads, backward, clipping, Adam), tensor-kernel GFLOP/s, and memory and CPU
 * peaks ({@link org.ucospark.bench.Benchmark}, {@link org.ucospark.bench.BenchReport}). It
 * measures; it never trains a run or writes a run directory.
 *
 * <p>Depends on: DL4J and ND4J, {@code model}, {@code nn}, {@code loss}, {@code train} (the
 * training settings a step uses), the root package. Never on Spark or {@code sweep}.
 */
package org.ucospark.bench;
