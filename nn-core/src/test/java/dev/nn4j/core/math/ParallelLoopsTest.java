package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The pool of {@link ParallelLoops}: every task once, failures reported, no stray interrupt, no kept work. */
class ParallelLoopsTest {

  @Test
  void everyTaskRunsExactlyOnceWhateverTheCallers() throws InterruptedException {
    ParallelLoops loops = new ParallelLoops(3, "test-once-");
    AtomicIntegerArray runs = new AtomicIntegerArray(4 * 1000 * 16);
    Thread[] callers = new Thread[4];
    for (int c = 0; c < callers.length; c++) {
      int caller = c;
      callers[c] = new Thread(() -> {
        for (int call = 0; call < 1000; call++) {
          int base = (caller * 1000 + call) * 16;
          loops.forTasks(16, i -> runs.incrementAndGet(base + i));
        }
      });
      callers[c].start();
    }
    for (Thread caller : callers) {
      caller.join();
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
    }
  }

  @Test
  void theFirstFailureReachesTheCallerWithTheOthersSuppressed() {
    ParallelLoops loops = new ParallelLoops(2, "test-fail-");
    assertThatThrownBy(() -> loops.forTasks(8, i -> {
          throw new IllegalStateException("task " + i);
        }))
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(7));
    int[] after = new int[1];
    loops.forTasks(4, i -> after[0]++);
    assertThat(after[0]).as("the pool still works after a failure").isGreaterThan(0);
  }

  @Test
  void aTaskThatLeavesItsThreadInterruptedDoesNotMakeAHelperSpin() throws InterruptedException {
    ParallelLoops loops = new ParallelLoops(2, "test-interrupt-");
    for (int round = 0; round < 5; round++) {
      CountDownLatch bothStarted = new CountDownLatch(2); // so that the helper runs one of the two tasks
      loops.forTasks(2, i -> {
        bothStarted.countDown();
        awaitQuietly(bothStarted);
        if (Thread.currentThread().getName().startsWith("test-interrupt-")) {
          Thread.currentThread().interrupt();
        }
      });
    }
    Thread helper = helper("test-interrupt-");
    Thread.sleep(50); // past the helper's spin
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getThreadCpuTime(helper.getId());
    Thread.sleep(300);
    long used = threads.getThreadCpuTime(helper.getId()) - before;
    assertThat(helper.isInterrupted()).isFalse();
    assertThat(used).as("CPU time of an idle helper over 300 ms, ns").isLessThan(50_000_000L);
  }

  @Test
  void anIdleHelperKeepsNoFinishedWorkAlive() throws InterruptedException {
    ParallelLoops loops = new ParallelLoops(2, "test-keep-");
    WeakReference<double[]> reference = run(loops);
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(reference.get()).as("the array of a finished loop").isNull();
  }

  /** A loop over a large array whose caller's task runs long after the helper's, so the helper parks first. */
  private static WeakReference<double[]> run(ParallelLoops loops) {
    double[] data = new double[1 << 20];
    loops.forTasks(2, i -> {
      data[i] = i;
      if (!Thread.currentThread().getName().startsWith("test-keep-")) {
        LockSupport.parkNanos(5_000_000);
      }
    });
    return new WeakReference<>(data);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread helper(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }
}
