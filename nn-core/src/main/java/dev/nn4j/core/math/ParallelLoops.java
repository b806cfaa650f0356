package dev.nn4j.core.math;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Work cut into independent tasks that write disjoint parts of their output (the column blocks of a product,
 * the samples of a batch), shared between the calling thread and a pool of daemon threads. Each task is
 * computed by one thread in its own fixed order, so the results are the same bits whatever the number of
 * threads. The caller never waits for a task nobody has started: it works until every task is claimed, then
 * waits only for those still running elsewhere. A loop allocates nothing once its calling thread has run one:
 * each caller reuses its own piece of work ({@link Tasks}), so that a training step made of many loops
 * allocates nothing either (given task bodies that do not allocate, such as reusable loop objects rather than
 * lambdas that capture their arguments).
 */
final class ParallelLoops {
  /** The body of a loop over {@code [from, to)}, as nn-core's loops write it; others use {@link ParallelRanges}. */
  @FunctionalInterface
  interface Range extends RangeBody {}

  /**
   * How long a helper polls for the next piece of work, and a caller for its helpers' last tasks, before
   * parking: 100 µs.
   */
  static final long SPIN_NANOS = 100_000;

  /** Loops of fewer element operations than this run on the calling thread. */
  static final long MIN_PARALLEL_WORK = 1L << 16;

  /**
   * The threads of {@value JavaBackend#THREADS_PROPERTY}, shared by every loop of nn-core (products when the
   * thread counts agree, convolutions, large elementwise work) and by {@link ParallelRanges}.
   */
  static final ParallelLoops DEFAULT = new ParallelLoops(JavaBackend.configuredThreads(), "nn4j-loop-");

  private final int threads;
  private final String threadName;
  /** The latest piece of work, for the helpers to join; cleared by its caller when it is done. */
  private final AtomicReference<Tasks> current = new AtomicReference<>();

  private volatile Worker[] workers;

  /** Numbers the generations of every pool's {@link Tasks}, so that a helper tells a new loop from one it joined. */
  private static final AtomicLong NUMBERS = new AtomicLong();

  /** The low bits of {@link Tasks#claims} that count claimed tasks. */
  private static final int INDEX_BITS = 20;

  /** The index of a closed generation, above every task's. */
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  /** The generation numbers' bits: 44, enough that none repeats while a helper could still hold its loop. */
  private static final long GENERATION_MASK = -1L >>> INDEX_BITS;

  /** The most tasks of one loop. */
  static final int MAX_TASKS = (int) INDEX_MASK - 1;

  /** Each calling thread's reusable {@link Tasks}. */
  private final ThreadLocal<Tasks> ownTasks = ThreadLocal.withInitial(Tasks::new);

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
   * is large enough. Allocates nothing once the calling thread has made one call (see {@link Tasks}).
   *
   * @param n the iterations
   * @param workPerIteration about how many element operations one iteration does
   * @param body the loop over a range of iterations
   */
  void forRange(int n, long workPerIteration, RangeBody body) {
    int tasks = (int) Math.min(Math.min(n, 2L * threads), Math.max(1L, n * workPerIteration / MIN_PARALLEL_WORK));
    if (threads == 1 || tasks < 2) {
      body.run(0, n);
      return;
    }
    tasks().run(workers(), tasks, null, body, n);
  }

  /**
   * Runs {@code task} for each of {@code 0 .. tasks − 1}, on the caller and the pool's threads. Allocates
   * nothing once the calling thread has made one call (see {@link Tasks}).
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
    if (tasks > MAX_TASKS) {
      throw new IllegalArgumentException("At most " + MAX_TASKS + " tasks per loop, got " + tasks);
    }
    tasks().run(workers(), tasks, task, null, 0);
  }

  /** The calling thread's reusable piece of work, or a new one when a task body calls this pool again. */
  private Tasks tasks() {
    Tasks own = ownTasks.get();
    return own.busy ? new Tasks() : own;
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
      // The generation of the last piece of work joined (not the work itself, whose arrays it would keep alive).
      long last = 0;
      while (true) {
        Tasks job;
        long generation;
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (true) {
          job = current.get();
          if (job != null && (generation = job.generation()) != last) {
            break;
          }
          if (System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
            continue;
          }
          // Announce the park, then look again: a caller that published after this look sees the flag.
          parked = true;
          job = current.get();
          if (job != null && (generation = job.generation()) != last) {
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
        last = generation;
        try {
          job.claimAndRun(generation);
        } catch (Throwable t) {
          // Only an error outside the task (the task's own failure is recorded, and its count-down done, in
          // claimAndRun): the helper lives on.
        }
        Thread.interrupted();
      }
    }
  }

  /**
   * The pieces of work of one calling thread: one object, reused for each of its loops, so that a loop
   * allocates nothing. Each use is a <em>generation</em>, numbered from {@link #NUMBERS}; {@link #claims}
   * holds the generation in its high bits and the next unclaimed task in its low {@value #INDEX_BITS} bits,
   * so that a helper can claim a task only in the generation it joined: a helper still holding this object
   * from an earlier loop finds the generation changed, or the word closed, and claims nothing.
   *
   * <p>Why a helper never runs a task with another generation's body: the caller writes a generation's
   * fields (volatile) before the write that opens it ({@code claims} set to the generation, index 0), and
   * overwrites them only after the write that closes it (index {@link #INDEX_MASK}), which it makes once
   * every task has finished. A helper reads {@code claims}, then the fields, then claims by a
   * compare-and-set from the value it read: if the caller had closed the generation in between, the
   * compare-and-set fails (volatile accesses are totally ordered), so a claim that succeeds used the
   * fields of the generation it claimed in.
   */
  private final class Tasks {
    /** The generation (high bits) and the next unclaimed task (low {@value #INDEX_BITS} bits). */
    private final AtomicLong claims = new AtomicLong(INDEX_MASK);
    private final AtomicInteger unfinished = new AtomicInteger();
    /** The first task's failure; later ones are added to it as suppressed. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread caller = Thread.currentThread();
    private volatile int count;
    /** Whether the caller may be parked, waiting for the last tasks: only then does the last one unpark it. */
    private volatile boolean waiting;
    private volatile IntConsumer task;
    private volatile RangeBody range;
    private volatile int iterations;
    /** Whether the owner is running a loop on it: read and written by the owner only. */
    private boolean busy;

    /** The generation this object's claims belong to. */
    long generation() {
      return claims.get() >>> INDEX_BITS;
    }

    /**
     * Runs {@code count} tasks, each {@code task.accept(i)}, or, with {@code range}, {@code range} over the
     * {@code i}-th of {@code count} contiguous parts of {@code [0, iterations)}.
     */
    void run(Worker[] workers, int count, IntConsumer task, RangeBody range, int iterations) {
      busy = true;
      boolean closed = false;
      try {
        this.count = count;
        this.task = task;
        this.range = range;
        this.iterations = iterations;
        unfinished.set(count);
        long generation = NUMBERS.incrementAndGet() & GENERATION_MASK;
        claims.set(generation << INDEX_BITS);
        current.set(this);
        for (Worker w : workers) {
          if (w.parked) {
            LockSupport.unpark(w);
          }
        }
        claimAndRun(generation);
        // Every task is claimed, so no helper needs to find this work any more: unpublish it now, so that none
        // keeps it (and its arrays) while waiting. A concurrent caller may have published its own work since:
        // leave that one for the helpers.
        current.compareAndSet(this, null);
        boolean interrupted = false;
        // Poll before parking: what is left is at most the tasks the helpers are finishing, and a parked
        // caller took tens of microseconds to wake on a virtual machine, longer than a short loop's tasks.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (unfinished.get() > 0) {
          if (System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
            continue;
          }
          // Said before the last check, so that the helper that finishes the last task unparks this thread
          // exactly when it may be parked (a permit left over from a loop the caller polled to its end would
          // make its next park, anywhere, return at once).
          waiting = true;
          if (unfinished.get() > 0) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
          }
          waiting = false;
        }
        claims.set(generation << INDEX_BITS | INDEX_MASK);
        closed = true;
        this.task = null;
        this.range = null;
        if (interrupted) {
          caller.interrupt();
        }
        Throwable f = failure.getAndSet(null);
        if (f instanceof RuntimeException e) {
          throw e;
        } else if (f instanceof Error e) {
          throw e;
        } else if (f != null) {
          throw new IllegalStateException(f);
        }
      } finally {
        busy = false;
        if (!closed) {
          abandon();
        }
      }
    }

    /**
     * Left open by an error that no task threw (a stack overflow or an out-of-memory error in the caller's
     * own code, an asynchronous error while it waited): tasks of the open generation may still run and count
     * down {@link #unfinished}, so no later loop may use this object. Claims are closed and the caller's next
     * loop makes a new one.
     */
    private void abandon() {
      claims.getAndUpdate(c -> c | INDEX_MASK);
      current.compareAndSet(this, null);
      if (ownTasks.get() == this) {
        ownTasks.remove();
      }
    }

    /** Claims and runs tasks of {@code generation} until none is left. */
    void claimAndRun(long generation) {
      while (true) {
        long claimed = claims.get();
        int i = (int) (claimed & INDEX_MASK);
        int tasks = count;
        if (claimed >>> INDEX_BITS != generation || i >= tasks) {
          return;
        }
        IntConsumer body = task;
        RangeBody loop = range;
        int n = iterations;
        if (!claims.compareAndSet(claimed, claimed + 1)) {
          continue;
        }
        try {
          if (loop != null) {
            loop.run((int) ((long) n * i / tasks), (int) ((long) n * (i + 1) / tasks));
          } else {
            body.accept(i);
          }
        } catch (Throwable t) {
          Throwable first = failure.compareAndExchange(null, t);
          if (first != null && first != t) {
            first.addSuppressed(t);
          }
        } finally {
          if (unfinished.decrementAndGet() == 0 && Thread.currentThread() != caller && waiting) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }
}
