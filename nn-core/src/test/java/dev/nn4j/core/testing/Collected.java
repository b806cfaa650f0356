package dev.nn4j.core.testing;

import java.lang.ref.WeakReference;

/** Whether an object that only a weak reference still points to is garbage-collected. */
public final class Collected {
  private Collected() {}

  /**
   * Runs the collector, with some allocation pressure, until {@code reference} is cleared or 50 attempts
   * have passed.
   *
   * @param reference the weak reference to the object
   * @return true if the object was collected
   */
  public static boolean eventually(WeakReference<?> reference) {
    for (int attempt = 0; attempt < 50 && reference.get() != null; attempt++) {
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[1 << 16];
      }
    }
    return reference.get() == null;
  }
}
