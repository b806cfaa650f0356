package dev.nn4j.core.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The bytes that the calling thread and a pool's threads (those whose name starts with a prefix) have
 * allocated on the heap, from HotSpot's {@code com.sun.management.ThreadMXBean}, less what the readings
 * themselves allocate, so that a reading before and one after some work differ by what the work allocated.
 * For one calling thread at a time. The JVM's own threads (compilers, the collector) are left out:
 * they allocate on their own schedule.
 */
public final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final String prefix;
  private final Thread[] threads = new Thread[4096];
  private final ThreadGroup root;
  /** What {@link #allocatedBytes()} itself has allocated on its calling thread. */
  private long ownBytes;

  /**
   * @param prefix the start of the names of the pool's threads, such as {@code "nn4j-"}
   */
  public ThreadAllocations(String prefix) {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("This JVM does not measure the memory threads allocate");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
    this.prefix = prefix;
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    while (group.getParent() != null) {
      group = group.getParent();
    }
    this.root = group;
  }

  /**
   * The bytes allocated so far by the calling thread and by the live threads of the pool, less what this
   * object's own readings allocated on the calling thread (listing the threads copies the thread groups'
   * array of subgroups).
   *
   * @return the sum, which only grows while the pool's threads live
   */
  public long allocatedBytes() {
    long caller = callerBytes();
    long sum = caller - ownBytes;
    int count = root.enumerate(threads, true);
    if (count == threads.length) {
      throw new IllegalStateException("More than " + threads.length + " live threads");
    }
    for (int i = 0; i < count; i++) {
      Thread t = threads[i];
      if (t != Thread.currentThread() && t.getName().startsWith(prefix)) {
        sum += Math.max(THREADS.getThreadAllocatedBytes(t.getId()), 0);
      }
    }
    Arrays.fill(threads, 0, count, null);
    ownBytes += callerBytes() - caller;
    return sum;
  }

  private static long callerBytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * The names of the pool's live threads, to show that a measurement covered them.
   *
   * @return their names
   */
  public java.util.List<String> poolThreads() {
    java.util.List<String> names = new java.util.ArrayList<>();
    int count = root.enumerate(threads, true);
    for (int i = 0; i < count; i++) {
      if (threads[i].getName().startsWith(prefix)) {
        names.add(threads[i].getName());
      }
    }
    Arrays.fill(threads, 0, count, null);
    return names;
  }
}
