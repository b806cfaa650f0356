package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.testing.ThreadAllocations;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The pool of {@link ParallelLoops}: every task once (also when one caller's piece of work is reused loop after
 * loop, and when a task runs a loop itself), failures reported, no stray interrupt, no kept work, no allocation
 * once warm.
 */
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

  /**
   * One caller's loops reuse one piece of work: loops of many sizes in quick succession, so that a helper
   * still in one loop when the next starts would run a task twice (with the new count) or skip one if a
   * claim could cross from one loop to the next.
   */
  @Test
  void aReusedLoopRunsEveryTaskOnceWhateverTheLoopsBeforeIt() {
    ParallelLoops loops = new ParallelLoops(3, "test-reuse-");
    int calls = 20_000;
    int[] counts = new int[calls];
    int[] bases = new int[calls + 1];
    for (int call = 0; call < calls; call++) {
      counts[call] = 2 + (call * 7) % 16;
      bases[call + 1] = bases[call] + counts[call];
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(bases[calls]);
    for (int call = 0; call < calls; call++) {
      int base = bases[call];
      loops.forTasks(counts[call], i -> runs.incrementAndGet(base + i));
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
    }
  }

  @Test
  void everyIterationOfARangeRunsOnceInContiguousParts() {
    ParallelLoops loops = new ParallelLoops(2, "test-range-");
    for (int n = 2; n < 300; n += 7) {
      AtomicIntegerArray runs = new AtomicIntegerArray(n);
      AtomicIntegerArray parts = new AtomicIntegerArray(1);
      loops.forRange(n, ParallelLoops.MIN_PARALLEL_WORK, (from, to) -> {
        parts.incrementAndGet(0);
        for (int i = from; i < to; i++) {
          runs.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertThat(runs.get(i)).as("iteration %d of %d", i, n).isEqualTo(1);
      }
      assertThat(parts.get(0)).as("parts of %d iterations", n).isEqualTo(Math.min(n, 4));
    }
  }

  /** A task body that runs a loop of the same pool gets its own piece of work, not its caller's, in use. */
  @Test
  void aTaskMayRunALoopOfTheSamePool() {
    ParallelLoops loops = new ParallelLoops(2, "test-nested-");
    AtomicIntegerArray runs = new AtomicIntegerArray(8 * 4);
    for (int round = 0; round < 100; round++) {
      loops.forTasks(8, outer -> loops.forTasks(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("task %d", i).isEqualTo(100);
    }
  }

  @Test
  void aLoopOfMoreTasksThanTheClaimsCountIsRefused() {
    ParallelLoops loops = new ParallelLoops(2, "test-many-");
    assertThatThrownBy(() -> loops.forTasks(ParallelLoops.MAX_TASKS + 1, i -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("At most " + ParallelLoops.MAX_TASKS + " tasks per loop, got " + (ParallelLoops.MAX_TASKS + 1));
  }

  /**
   * Once a caller has run a loop, its loops allocate nothing, on the caller or on the helpers: the piece of
   * work is reused. Counted over rounds of loops, one of which must allocate nothing (the JVM may rarely
   * allocate for itself on the caller; an allocation of the loops would show in every round).
   */
  @Test
  void aWarmLoopAllocatesNothingOnAnyThread() {
    ParallelLoops loops = new ParallelLoops(2, "test-alloc-");
    double[] values = new double[1 << 12];
    IntConsumer task = i -> values[i] += 1.0;
    ParallelLoops.Range range = (from, to) -> {
      for (int i = from; i < to; i++) {
        values[i] *= 0.5;
      }
    };
    for (int warmUp = 0; warmUp < 20_000; warmUp++) {
      loops.forTasks(16, task);
      loops.forRange(values.length, ParallelLoops.MIN_PARALLEL_WORK, range);
    }
    ThreadAllocations allocations = new ThreadAllocations("test-alloc-");
    assertThat(allocations.poolThreads()).containsExactly("test-alloc-1");
    long[] rounds = {-1, -1, -1};
    for (int round = 0; round < rounds.length; round++) {
      long before = allocations.allocatedBytes();
      for (int call = 0; call < 1000; call++) {
        loops.forTasks(16, task);
        loops.forRange(values.length, ParallelLoops.MIN_PARALLEL_WORK, range);
      }
      rounds[round] = allocations.allocatedBytes() - before;
      if (rounds[round] == 0) {
        break;
      }
    }
    assertThat(rounds).as("bytes allocated by rounds of 1,000 loops of each kind").contains(0L);
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
