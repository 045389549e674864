package org.ucospark.loss;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLeft;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two symmetric BLAS-3 products the tensor kernel needs (docs/ALGORITHMS.md §3.5), on the
 * OpenBLAS that ND4J's CPU backend itself calls, plus element access to their results from Java.
 *
 * <p>ND4J 1.0.0-M2.1 has no usable SYRK: {@code BaseLevel3.syrk} passes K = 1 to the BLAS (it
 * computes the outer product of the first column only), and it has no SYMM at all. {@link
 * #gramUpper} writes only the upper triangle of the symmetric matrix and computes half of the FLOPs
 * of the equivalent GEMM; {@link #symmUpperTimes} reads only the upper triangle.
 *
 * <p>Arrays passed in must be c-order, contiguous and start at their buffer's first element (fresh
 * arrays or {@code dup('c')}), float32 or float64.
 */
final class SymmetricBlas {
  private SymmetricBlas() {}

  /**
   * Writes the upper triangle (diagonal included) of C = A Aᵀ, A [n,k], into {@code c} [n,n] and
   * returns it; the strict lower triangle of {@code c} is left as it was.
   */
  static INDArray gramUpper(INDArray a, INDArray c) {
    checkDense(a);
    checkDense(c);
    int n = (int) a.size(0);
    int k = (int) a.size(1);
    if (c.size(0) != n || c.size(1) != n || c.dataType() != a.dataType())
      throw new IllegalArgumentException("C");
    if (a.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_ssyrk(
          CblasRowMajor,
          CblasUpper,
          CblasNoTrans,
          n,
          k,
          1f,
          (FloatPointer) a.data().addressPointer(),
          k,
          0f,
          (FloatPointer) c.data().addressPointer(),
          n);
    } else {
      openblas_nolapack.cblas_dsyrk(
          CblasRowMajor,
          CblasUpper,
          CblasNoTrans,
          n,
          k,
          1.0,
          (DoublePointer) a.data().addressPointer(),
          k,
          0.0,
          (DoublePointer) c.data().addressPointer(),
          n);
    }
    return c;
  }

  /**
   * Writes C = S B into {@code c} [n,k] and returns it, for S [n,n] symmetric, of which only the
   * upper triangle is read, and B [n,k]. In float64 the strict lower triangle of {@code s} is
   * overwritten with the mirror of the upper one and the product is a plain DGEMM: the DSYMM of the
   * OpenBLAS that ND4J 1.0.0-M2.1 ships returns wrong results with its AVX-512 (SkylakeX) kernels
   * (relative error ≈ 1 for n ≥ 24 on this project's CI machine; {@code SymmetricBlasTest}); SSYMM
   * and DSYRK are correct there. Same FLOPs, plus one O(n²) pass.
   */
  static INDArray symmUpperTimes(INDArray s, INDArray b, INDArray c) {
    checkDense(s);
    checkDense(b);
    checkDense(c);
    int n = (int) s.size(0);
    int k = (int) b.size(1);
    if (s.size(1) != n
        || b.size(0) != n
        || c.size(0) != n
        || c.size(1) != k
        || s.dataType() != b.dataType()
        || c.dataType() != b.dataType()) {
      throw new IllegalArgumentException("shapes/dtypes");
    }
    if (b.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_ssymm(
          CblasRowMajor,
          CblasLeft,
          CblasUpper,
          n,
          k,
          1f,
          (FloatPointer) s.data().addressPointer(),
          n,
          (FloatPointer) b.data().addressPointer(),
          k,
          0f,
          (FloatPointer) c.data().addressPointer(),
          k);
    } else {
      mirrorUpperToLower(s);
      openblas_nolapack.cblas_dgemm(
          CblasRowMajor,
          CblasNoTrans,
          CblasNoTrans,
          n,
          k,
          n,
          1.0,
          (DoublePointer) s.data().addressPointer(),
          n,
          (DoublePointer) b.data().addressPointer(),
          k,
          0.0,
          (DoublePointer) c.data().addressPointer(),
          k);
    }
    return c;
  }

  /**
   * S_ji = S_ij for i < j, in 64×64 tiles (the column reads of a row-major matrix stay in cache).
   */
  private static void mirrorUpperToLower(INDArray s) {
    int n = (int) s.size(0);
    Flat f = flat(s);
    int tile = 64;
    for (int i0 = 0; i0 < n; i0 += tile) {
      for (int j0 = 0; j0 <= i0; j0 += tile) {
        for (int i = i0; i < Math.min(i0 + tile, n); i++) {
          for (int j = j0; j < Math.min(Math.min(j0 + tile, n), i); j++) {
            f.set(i * n + j, f.get(j * n + i));
          }
        }
      }
    }
  }

  /** Flat (c-order) read/write access to the elements of a dense array, without copying them. */
  interface Flat {
    double get(int i);

    void set(int i, double v);
  }

  private record F32(FloatBuffer b) implements Flat {
    public double get(int i) {
      return b.get(i);
    }

    public void set(int i, double v) {
      b.put(i, (float) v);
    }
  }

  private record F64(DoubleBuffer b) implements Flat {
    public double get(int i) {
      return b.get(i);
    }

    public void set(int i, double v) {
      b.put(i, v);
    }
  }

  static Flat flat(INDArray a) {
    checkDense(a);
    // a native-order view of the array's own memory (ND4J's asNioFloat()/asNioDouble() are
    // big-endian)
    long n = a.length();
    Pointer p = a.data().addressPointer();
    return a.dataType() == DataType.FLOAT
        ? new F32(new FloatPointer(p).position(0).limit(n).asBuffer())
        : new F64(new DoublePointer(p).position(0).limit(n).asBuffer());
  }

  private static void checkDense(INDArray a) {
    DataType dt = a.dataType();
    if (dt != DataType.FLOAT && dt != DataType.DOUBLE)
      throw new IllegalArgumentException("float32/64 only: " + dt);
    if (a.rank() != 2
        || a.ordering() != 'c'
        || a.offset() != 0
        || a.length() != a.data().length()
        || a.stride(1) != 1
        || a.stride(0) != a.size(1)) {
      throw new IllegalArgumentException("need a dense c-order matrix owning its buffer");
    }
  }
}
