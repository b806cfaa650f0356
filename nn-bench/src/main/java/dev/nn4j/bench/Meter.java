package dev.nn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * What the JVM tells about a run: bytes allocated by the current thread (HotSpot's {@code
 * com.sun.management.ThreadMXBean}) and the peak heap use since the last reset (the sum of the heap memory
 * pools' peaks, an upper bound of the true peak since the pools need not peak at once).
 */
final class Meter {
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private Meter() {}

  private static com.sun.management.ThreadMXBean threads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    return threads;
  }

  /** Bytes allocated on the heap by the calling thread since it started (monotonic). */
  static long allocatedBytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** Collects garbage, then forgets the heap pools' peaks, so that the next peak is this run's. */
  static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The heap pools' peak use since {@link #resetPeakHeap()}, in bytes. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid() && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Bytes currently in use on the heap. */
  static long usedHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
