package dev.nn4j.core.math;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Work cut into independent tasks that write disjoint parts of their output (the column blocks of a product,
 * the samples of a batch), shared between the calling thread and a pool of daemon threads. Each task is
 * computed by one thread in its own fixed order, so the results are the same bits whatever the number of
 * threads. The caller never waits for a task nobody has started: it works until every task is claimed, then
 * waits only for those still running elsewhere.
 */
final class ParallelLoops {
  /** The body of a loop over {@code [from, to)}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /** Loops of fewer element operations than this run on the calling thread. */
  static final long MIN_PARALLEL_WORK = 1L << 16;

  /** Shared by the loops of {@link ConvolutionKernels}: the threads of {@value JavaBackend#THREADS_PROPERTY}. */
  static final ParallelLoops DEFAULT = new ParallelLoops(JavaBackend.configuredThreads(), "nn4j-loop-");

  private final int threads;
  private final String threadName;
  private volatile ExecutorService pool;

  /**
   * @param threads the threads that share the work, the caller included
   * @param threadName the prefix of the pool threads' names
   */
  ParallelLoops(int threads, String threadName) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.threadName = threadName;
  }

  /** The threads that share the work, the caller included. */
  int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, n)}, split into contiguous ranges between the threads when the loop
   * is large enough.
   *
   * @param n the iterations
   * @param workPerIteration about how many element operations one iteration does
   * @param body the loop over a range of iterations
   */
  void forRange(int n, long workPerIteration, Range body) {
    int tasks = (int) Math.min(Math.min(n, 2L * threads), Math.max(1L, n * workPerIteration / MIN_PARALLEL_WORK));
    if (threads == 1 || tasks < 2) {
      body.run(0, n);
      return;
    }
    forTasks(tasks, task -> body.run((int) ((long) n * task / tasks), (int) ((long) n * (task + 1) / tasks)));
  }

  /**
   * Runs {@code task} for each of {@code 0 .. tasks − 1}, on the caller and the pool's threads.
   *
   * @param tasks the number of tasks
   * @param task what task {@code i} does
   */
  void forTasks(int tasks, IntConsumer task) {
    if (threads == 1 || tasks < 2) {
      for (int i = 0; i < tasks; i++) {
        task.accept(i);
      }
      return;
    }
    new Tasks(tasks, task).run(pool());
  }

  private ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          AtomicInteger count = new AtomicInteger();
          p =
              new ThreadPoolExecutor(
                  threads - 1,
                  threads - 1,
                  0L,
                  TimeUnit.MILLISECONDS,
                  new LinkedBlockingQueue<>(),
                  runnable -> {
                    Thread t = new Thread(runnable, threadName + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          pool = p;
        }
      }
    }
    return p;
  }

  /** One piece of work: tasks that the caller and the pool's threads claim in turn. */
  private final class Tasks implements Runnable {
    private final int count;
    private final IntConsumer task;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final Thread caller = Thread.currentThread();
    private volatile Throwable failure;

    Tasks(int count, IntConsumer task) {
      this.count = count;
      this.task = task;
      this.unfinished = new AtomicInteger(count);
    }

    void run(ExecutorService pool) {
      int helpers = Math.min(count - 1, threads - 1);
      for (int h = 0; h < helpers; h++) {
        pool.execute(this);
      }
      run();
      boolean interrupted = false;
      while (unfinished.get() > 0) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        caller.interrupt();
      }
      Throwable f = failure;
      if (f instanceof RuntimeException e) {
        throw e;
      } else if (f instanceof Error e) {
        throw e;
      } else if (f != null) {
        throw new IllegalStateException(f);
      }
    }

    /** Claims and runs tasks until none is left. */
    @Override
    public void run() {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        try {
          task.accept(i);
        } catch (Throwable t) {
          failure = t;
        } finally {
          if (unfinished.decrementAndGet() == 0) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }
}
