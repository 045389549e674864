package org.ucospark.loss;

import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spare c-order arrays by (dtype, shape), at most {@value #PER_SHAPE} per shape, shared by all
 * threads: large scratch buffers handed back by their owner when it is done with them and taken by
 * the next call of the same shape, instead of a fresh off-heap allocation each time (a fresh ND4J
 * buffer, page faults included, costs ≈ 0.5 ms/MB on the 2-core development VM: more than the SYRK
 * that fills it). A taken array has arbitrary contents. Arrays never handed back are simply
 * garbage-collected.
 */
final class SpareArrays {
  static final int PER_SHAPE = 4;
  private static final ConcurrentHashMap<List<Object>, Deque<INDArray>> SPARES =
      new ConcurrentHashMap<>();

  private SpareArrays() {}

  /**
   * A spare of this dtype and shape if one is free, else a new uninitialized array, allocated
   * outside any active ND4J workspace (a spare outlives the scope it was taken in).
   */
  static INDArray take(DataType dt, long... shape) {
    Deque<INDArray> q = SPARES.get(key(dt, shape));
    INDArray a = q == null ? null : q.pollFirst();
    if (a != null) return a;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return Nd4j.createUninitialized(dt, shape);
    }
  }

  /** Hands {@code a} back; the caller must not use it afterwards. */
  static void give(INDArray a) {
    Deque<INDArray> q =
        SPARES.computeIfAbsent(key(a.dataType(), a.shape()), k -> new ConcurrentLinkedDeque<>());
    if (q.size() < PER_SHAPE) q.offerFirst(a);
  }

  private static List<Object> key(DataType dt, long[] shape) {
    return List.of(dt, Arrays.toString(shape));
  }
}
