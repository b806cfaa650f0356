package dev.nn4j.core.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread for the JVM that computes the second half of a latency-bound piece of work (a step of
 * one LSTM sequence, the product of one sample with large weights) while the calling thread computes the
 * first: the hand-off of {@link SplitLstmSteps} and {@link FrozenWeights}.
 *
 * <p>The caller never waits long. It posts the second half, computes the first, and then takes the second
 * itself if the helper has not claimed it; if the helper has, the caller waits for it at most as long as its
 * own half took and otherwise computes the half itself ({@link Shared#ABANDONED}), leaving the helper's late
 * result unread. The helper polls for {@value #SPIN_NANOS} ns after each half, then parks. One caller at a
 * time holds the helper ({@link #acquire}); others, and a caller whose work runs more shared work, run alone.
 *
 * <p>Ids number the posted halves; {@code claimed} is the last id taken, by the helper or by the caller, each
 * with one compare-and-set from the id before it, so exactly one of them computes a half for use; {@code
 * done} is the last id the helper finished. The caller writes a half's inputs before it posts the id (a
 * volatile write), and the helper reads them after it claims the id; the caller changes them only after it
 * has the half's result, so a result the caller reads was computed from them. A result the caller stopped
 * waiting for may have been computed from later inputs, or another caller's (written into that caller's
 * buffers): it is never read, since its id is not the one awaited, and it is finished before the helper
 * claims a later id.
 */
final class HelperThread implements Runnable {
  /** How long the helper polls for the next half before it parks. */
  static final long SPIN_NANOS = 50_000;

  /** The one helper. */
  static final HelperThread INSTANCE = new HelperThread();

  /** Work shared with the helper: each half writes only outputs of its own. */
  interface Shared {
    /** The caller computed the second half, having found it unclaimed. */
    int OWN = 0;
    /** The helper computed the second half: read its outputs. */
    int HELPER = 1;
    /** The helper claimed the second half but was late; the caller computed it. */
    int ABANDONED = 2;

    /** The first half, on the calling thread. */
    void first();

    /**
     * The second half, into the helper's outputs or into the caller's: a late helper may still be writing
     * its own while the caller has moved on.
     *
     * @param onHelper whether the helper thread computes it
     */
    void second(boolean onHelper);
  }

  private final AtomicBoolean inUse = new AtomicBoolean();
  private final AtomicLong claimed = new AtomicLong();
  private volatile long posted;
  private volatile long done;
  /** The halves the helper has finished, for tests; written by the helper thread only. */
  private volatile long halvesDone;
  private volatile Shared job;
  private volatile boolean parked;
  private volatile Thread thread;

  private HelperThread() {}

  /**
   * Takes the helper for the calling thread's work, or returns false if another caller holds it or no thread
   * can be started; then the caller runs alone. Release it with {@link #release} in a {@code finally}.
   *
   * @param work the work whose second halves {@link #share} posts
   * @return whether the helper is the caller's
   */
  boolean acquire(Shared work) {
    // Shared work that the helper thread itself runs (a late half finishing after its caller left) runs
    // alone: the helper must not hold itself.
    if (Thread.currentThread() == thread) {
      return false;
    }
    if (!inUse.compareAndSet(false, true)) {
      return false;
    }
    if (!started()) {
      inUse.set(false);
      return false;
    }
    job = work;
    return true;
  }

  /** Gives the helper back: after this, no half of the caller's is claimed for use. */
  void release() {
    job = null;
    // An id posted but claimed by nobody (the caller threw between posting and claiming) would leave
    // `claimed` behind `posted` for good, and no later compare-and-set could succeed: claim it.
    claimed.accumulateAndGet(posted, Math::max);
    inUse.set(false);
  }

  /**
   * Runs {@code work}'s first half here and its second on the helper, or here when the helper has not
   * claimed it or is late. The caller must hold the helper for {@code work} ({@link #acquire}).
   *
   * @param work the work, the one the helper was acquired for
   * @return {@link Shared#OWN}, {@link Shared#HELPER} or {@link Shared#ABANDONED}: where the second half's
   *     outputs are, and whether the helper was late
   */
  int share(Shared work) {
    long id = post();
    long started = System.nanoTime();
    work.first();
    if (claimed.compareAndSet(id - 1, id)) {
      work.second(false);
      return Shared.OWN;
    }
    long budget = System.nanoTime() - started;
    long waitStarted = System.nanoTime();
    while (done != id && System.nanoTime() - waitStarted < budget) {
      Thread.onSpinWait();
    }
    if (done == id) {
      return Shared.HELPER;
    }
    work.second(false);
    return Shared.ABANDONED;
  }

  /** The halves the helper thread has computed since the JVM started (whether or not their results were used). */
  long halvesDone() {
    return halvesDone;
  }

  /** Posts the next half and wakes the helper if it parked; returns its id. */
  private long post() {
    long id = posted + 1;
    posted = id;
    if (parked) {
      LockSupport.unpark(thread);
    }
    return id;
  }

  /**
   * Whether the helper thread runs, started on the first call; false if it cannot be started. Its context
   * class loader is none and it inherits no thread-locals, so that it keeps no application's classes alive.
   */
  private synchronized boolean started() {
    if (thread == null) {
      Thread t = new Thread(null, this, "nn4j-helper", 0, false);
      t.setDaemon(true);
      t.setContextClassLoader(null);
      try {
        t.start();
      } catch (OutOfMemoryError e) {
        return false;
      }
      thread = t;
    }
    return true;
  }

  @Override
  public void run() {
    long seen = 0;
    while (true) {
      long id = awaitPost(seen);
      seen = id;
      if (claimed.compareAndSet(id - 1, id)) {
        Shared work = job;
        if (work != null) {
          try {
            work.second(true);
            done = id;
            halvesDone++;
          } catch (RuntimeException | Error e) {
            // Not done: the caller computes the half itself (a late computation may also fail on inputs
            // that changed under it; its result would not have been read).
          }
        }
      }
    }
  }

  /** Polls for an id after {@code seen}, parking after {@link #SPIN_NANOS}. */
  private long awaitPost(long seen) {
    long since = System.nanoTime();
    while (true) {
      long id = posted;
      if (id != seen) {
        return id;
      }
      if (System.nanoTime() - since < SPIN_NANOS) {
        Thread.onSpinWait();
        continue;
      }
      // Announce the park, then look again: a caller that posts after this look sees the flag.
      parked = true;
      if (posted == seen) {
        LockSupport.park(this);
        Thread.interrupted();
      }
      parked = false;
      since = System.nanoTime();
    }
  }
}
