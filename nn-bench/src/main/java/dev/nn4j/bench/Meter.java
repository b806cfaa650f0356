package dev.nn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * What the JVM tells about a run: bytes allocated by the current thread and by nn4j's pool threads, whose
 * names start with {@value #POOL_PREFIX} (HotSpot's {@code com.sun.management.ThreadMXBean}), and the peak heap use since the last reset (the sum of the heap memory
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

  /** The start of the names of nn4j's pool threads: a backend's product threads and the shared loops'. */
  static final String POOL_PREFIX = "nn4j-";

  private static final Thread[] LISTED = new Thread[4096];

  /** What {@link #allocatedBytes()} itself allocated on its callers (listing threads copies an array). */
  private static long ownBytes;

  /**
   * Bytes allocated on the heap by the calling thread and by the live nn4j pool threads since they started
   * (monotonic while the pools live), less what these readings allocated themselves: the difference of two
   * readings is what the work between them allocated on every thread that did it. The JVM's own threads (JIT
   * compilers, the collector) are left out. For one measuring thread: the bench's.
   */
  static synchronized long allocatedBytes() {
    long caller = callerBytes();
    long sum = caller - ownBytes;
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    int count = root.enumerate(LISTED, true);
    for (int i = 0; i < count; i++) {
      Thread t = LISTED[i];
      if (t != Thread.currentThread() && t.getName().startsWith(POOL_PREFIX)) {
        sum += Math.max(THREADS.getThreadAllocatedBytes(t.getId()), 0);
      }
    }
    java.util.Arrays.fill(LISTED, 0, count, null);
    ownBytes += callerBytes() - caller;
    return sum;
  }

  private static long callerBytes() {
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
