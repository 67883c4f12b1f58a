package dev.missive.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap readings for the footprint and streaming programs: used heap after forced collections, and peak use. */
final class Heap {

  private Heap() {}

  /** The heap in use after a few forced full collections (the live set, give or take what the JVM keeps). */
  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Sum of the heap pools' peak use since start or the last {@link #resetPeaks()}. */
  static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Forgets the pools' peaks. */
  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The most heap this JVM may use ({@code -Xmx}). */
  static long max() {
    return Runtime.getRuntime().maxMemory();
  }

  static String mib(long octets) {
    return String.format("%.1f MiB", octets / (1024.0 * 1024.0));
  }
}
