package org.ucospark.nn;

/**
 * Process-wide settings of DL4J/ND4J that uco-spark needs, applied before any network is built or
 * restored: on the driver, and in every executor JVM when it starts ({@code
 * org.ucospark.io.Dl4jBackendPlugin}, which every session lists in {@code spark.plugins}; DL4J's
 * parameter-averaging workers build their networks from JSON without touching our builders), with
 * the layer classes DL4J deserialises as a backup.
 *
 * <ul>
 *   <li>DL4J 1.0.0-M2.1 disables its layer helpers unless {@code
 *       org.eclipse.deeplearning4j.helpers.disable} is {@code false}; without the oneDNN helpers
 *       every convolution, pooling and batch-norm layer runs DL4J's built-in im2col path, measured
 *       here at 2.5 GFLOP/s against 37–59 GFLOP/s with them (5×5×32 convolution on 120×32×28×28).
 *       See also the {@code org.nd4j.nativeblas.Nd4jCpu} shim, which the helpers' availability
 *       check needs in M2.1. DL4J reads the property each time it creates a layer ({@code
 *       HelperUtils.createHelper}), so it must be set before a network's layers exist, not merely
 *       before DL4J's classes load. A user may still set the property to {@code true} to compare.
 * </ul>
 *
 * OpenMP must not spin-wait on a shared machine ({@code OMP_WAIT_POLICY=PASSIVE}): that is an
 * environment variable read when the native library loads, so the launcher, the tests and the
 * executor settings set it (measured under load: 1.7 s per DDC step with active waiting, 0.41 s
 * passive).
 *
 * <p>OpenBLAS's kernels are also fixed when the native library loads: {@link #configure()} first
 * lets {@link OpenBlasCoreType} choose them for this CPU (unless the user set {@code
 * OPENBLAS_CORETYPE}); once per JVM, a no-op after ND4J has loaded.
 */
public final class Dl4jBackend {
  public static final String HELPERS_DISABLE_PROPERTY =
      "org.eclipse.deeplearning4j.helpers.disable";

  private Dl4jBackend() {}

  public static void configure() {
    OpenBlasCoreType.chooseBeforeLoad();
    if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
      System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
    }
  }
}
