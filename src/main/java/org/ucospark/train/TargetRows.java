package org.ucospark.train;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DEC's target distribution P [N,K] as plain values indexed by example id, so that it can be
 * broadcast to the executors and joined to the rows of each minibatch there (docs/ALGORITHMS.md
 * §3.8; ids are 0..N−1).
 */
public final class TargetRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private final float[] values;
  private final int clusters;

  public TargetRows(float[] values, int clusters) {
    this.values = values;
    this.clusters = clusters;
  }

  public static TargetRows of(INDArray p) {
    return new TargetRows(p.castTo(DataType.FLOAT).dup('c').data().asFloat(), (int) p.size(1));
  }

  /** The rows of examples {@code ids}, in that order, [ids.length, K] in {@code dataType}. */
  public INDArray rows(int[] ids, DataType dataType) {
    float[] out = new float[ids.length * clusters];
    for (int i = 0; i < ids.length; i++) {
      System.arraycopy(values, ids[i] * clusters, out, i * clusters, clusters);
    }
    return Nd4j.create(out, new long[] {ids.length, clusters}, 'c').castTo(dataType);
  }

  public int count() {
    return values.length / clusters;
  }

  public float[] values() {
    return values;
  }

  public int clusters() {
    return clusters;
  }
}
