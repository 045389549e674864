package org.ucospark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/** Process memory: JVM heap, JavaCPP/ND4J off-heap, resident set (current and peak). */
public final class MemoryProbe {
  private MemoryProbe() {}

  /**
   * One sample. {@code offHeapBytes} is what JavaCPP tracks as allocated off-heap (ND4J's buffers,
   * {@link Pointer#totalBytes()}); {@code rssBytes} the resident set (VmRSS, heap and off-heap
   * together); {@code peakRssBytes} its high-water mark (VmHWM).
   */
  public record Sample(
      long step, long heapUsedBytes, long offHeapBytes, long rssBytes, long peakRssBytes) {}

  public static Sample sample(long step) {
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    long rss = status("VmRSS:");
    if (rss < 0) rss = Pointer.physicalBytes();
    return new Sample(step, heap, Pointer.totalBytes(), rss, status("VmHWM:"));
  }

  /** Peak heap use over the JVM's life (sum of the heap pools' peaks; an upper bound). */
  public static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null)
        sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }

  /** A kB field of /proc/self/status in bytes, or -1. */
  static long status(String field) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith(field)) {
          String v = l.substring(field.length()).trim().split("\\s+")[0];
          return Long.parseLong(v) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
