package dev.nn4j.core.math;

import java.util.function.Supplier;

/**
 * Each calling thread's reusable loop object (a loop's arguments in fields, so that running it allocates
 * nothing), and a new one for a call made while the thread's own is running: a loop body that calls the same
 * kernel again on its thread (a function given to {@link Kernels#map} that maps) must not overwrite the
 * running loop's fields.
 *
 * @param <T> the loop object's type
 */
final class PerThread<T extends PerThread.Reusable> {
  /** A loop object that knows whether a loop is running in it: its arguments are set until it is cleared. */
  interface Reusable {
    /** Whether a loop is running in this object. */
    boolean running();
  }

  private final Supplier<T> make;
  private final ThreadLocal<T> own;

  /** @param make makes a loop object (a constructor reference, so that nothing is captured) */
  PerThread(Supplier<T> make) {
    this.make = make;
    this.own = ThreadLocal.withInitial(make);
  }

  /** The calling thread's loop object, or a new one when a loop is running in that one. */
  T free() {
    T loop = own.get();
    return loop.running() ? make.get() : loop;
  }
}
