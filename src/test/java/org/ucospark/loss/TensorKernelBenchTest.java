package org.ucospark.loss;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Timing of the tensor kernel at MNIST sizes; runs only with -Dbench=true. */
class TensorKernelBenchTest {
  @Test
  void bench() {
    assumeTrue(Boolean.getBoolean("bench"));
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (long[] s : new long[][] {{120, 32, 20, 20}, {120, 32, 3, 3}}) {
        INDArray x = Transforms.relu(Nd4j.randn(DataType.DOUBLE, s), true).castTo(dt);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 120, 10).castTo(dt);
        for (int rep = 0; rep < 3; rep++) {
          long t0 = System.nanoTime();
          TensorKernel.Forward f = TensorKernel.forward(x);
          long t1 = System.nanoTime();
          UcoLoss.Result r =
              UcoLoss.compute(
                  a,
                  x,
                  LossParams.KernelType.TENSOR,
                  0.01,
                  0.15,
                  Double.NaN,
                  true,
                  true,
                  LossParams.DistanceGradient.EXACT);
          long t2 = System.nanoTime();
          System.out.printf(
              "bench %s %s forward %.0f ms, uco fwd+bwd %.0f ms%n",
              dt, java.util.Arrays.toString(s), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
      }
    }
  }
}
