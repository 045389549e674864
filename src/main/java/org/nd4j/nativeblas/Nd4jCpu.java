package org.nd4j.nativeblas;

/**
 * Compatibility shim for a packaging bug of DL4J 1.0.0-M2.1.
 *
 * <p>DL4J's oneDNN (MKL-DNN) layer helpers decide whether to run by reflectively calling {@code
 * org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, but in M2.1 that class
 * moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and lost that method (the native
 * build decides: platform helpers such as oneDNN run when helpers are allowed). The lookup fails,
 * and every convolution, pooling and batch-norm layer silently falls back to DL4J's built-in im2col
 * path (measured here: 3 GFLOP/s instead of the BLAS's 50–90). This class restores the old name and
 * delegates to the real environment.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /**
   * The two calls DL4J's {@code BaseMKLDNNHelper} makes, forwarded to the real native environment.
   */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /**
     * M2.1's native environment has no oneDNN switch of its own: platform helpers run when allowed.
     */
    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.factory.Nd4j.getEnvironment().helpersAllowed();
    }

    public void setUseMKLDNN(boolean use) {
      org.nd4j.linalg.factory.Nd4j.getEnvironment().allowHelpers(use);
    }
  }
}
