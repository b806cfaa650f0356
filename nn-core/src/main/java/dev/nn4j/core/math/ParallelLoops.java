package dev.nn4j.core.math;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

  /** How long a helper polls for the next piece of work before it parks: 100 µs. */
  static final long SPIN_NANOS = 100_000;

  /** Loops of fewer element operations than this run on the calling thread. */
  static final long MIN_PARALLEL_WORK = 1L << 16;

  /** Shared by the loops of {@link ConvolutionKernels}: the threads of {@value JavaBackend#THREADS_PROPERTY}. */
  static final ParallelLoops DEFAULT = new ParallelLoops(JavaBackend.configuredThreads(), "nn4j-loop-");

  private final int threads;
  private final String threadName;
  /** The latest piece of work, for the helpers to join; cleared by its caller when it is done. */
  private final AtomicReference<Tasks> current = new AtomicReference<>();

  private volatile Worker[] workers;

  private static final java.util.concurrent.atomic.AtomicLong NUMBERS = new java.util.concurrent.atomic.AtomicLong();

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
    new Tasks(tasks, task).run(workers());
  }

  private Worker[] workers() {
    Worker[] w = workers;
    if (w == null) {
      synchronized (this) {
        w = workers;
        if (w == null) {
          w = new Worker[threads - 1];
          for (int i = 0; i < w.length; i++) {
            w[i] = new Worker(threadName + (i + 1));
            w[i].start();
          }
          workers = w;
        }
      }
    }
    return w;
  }

  /**
   * A helper thread: after each piece of work it polls for the next one for {@link #SPIN_NANOS} before it
   * parks, so that the products of a training step, which follow each other within microseconds, find it
   * awake (waking a parked thread took tens of microseconds on a virtual machine, a large part of a
   * product of W2's size).
   */
  private final class Worker extends Thread {
    private volatile boolean parked;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    @Override
    public void run() {
      // The number of the last piece of work joined (not the work itself, whose arrays it would keep alive).
      long last = 0;
      while (true) {
        Tasks job;
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (true) {
          job = current.get();
          if (job != null && job.number != last) {
            break;
          }
          if (System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
            continue;
          }
          // Announce the park, then look again: a caller that published after this look sees the flag.
          parked = true;
          job = current.get();
          if (job != null && job.number != last) {
            parked = false;
            break;
          }
          job = null; // parked, it must not keep the last job's arrays alive
          LockSupport.park(this);
          // A task body may leave the interrupt flag set; park would then return at once, forever.
          Thread.interrupted();
          parked = false;
          spinUntil = System.nanoTime() + SPIN_NANOS;
        }
        last = job.number;
        job.run();
        Thread.interrupted();
      }
    }
  }

  /** One piece of work: tasks that the caller and the pool's threads claim in turn. */
  private final class Tasks implements Runnable {
    private final int count;
    private final IntConsumer task;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final long number = NUMBERS.incrementAndGet();
    private final Thread caller = Thread.currentThread();
    /** The first task's failure; later ones are added to it as suppressed. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Tasks(int count, IntConsumer task) {
      this.count = count;
      this.task = task;
      this.unfinished = new AtomicInteger(count);
    }

    void run(Worker[] workers) {
      current.set(this);
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      run();
      // Every task is claimed, so no helper needs to find this work any more: unpublish it now, so that none
      // keeps it (and its arrays) while waiting. A concurrent caller may have published its own work since:
      // leave that one for the helpers.
      current.compareAndSet(this, null);
      boolean interrupted = false;
      while (unfinished.get() > 0) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        caller.interrupt();
      }
      Throwable f = failure.get();
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
          Throwable first = failure.compareAndExchange(null, t);
          if (first != null && first != t) {
            first.addSuppressed(t);
          }
        } finally {
          if (unfinished.decrementAndGet() == 0 && Thread.currentThread() != caller) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }
}
