package dev.nn4j.core;

import java.util.Random;

/**
 * {@link Random}'s numbers, for a generator that one thread at a time uses: the same 48-bit linear
 * congruential generator, so every method gives what {@code new Random(seed)} gives, but its state is a plain
 * field instead of an {@code AtomicLong} updated by compare-and-set. The training pass draws a number per
 * dropped-out value (200 thousand a step in W4), where the atomic update cost more than the rest of the mask.
 */
final class ThreadConfinedRandom extends Random {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  /** Set by {@link #setSeed}, which {@link Random}'s constructor calls before this class's fields initialize. */
  private long state;

  /** A generator to be seeded with {@link #setSeed} before use. */
  ThreadConfinedRandom() {
    super(0L);
  }

  @Override
  public void setSeed(long seed) {
    super.setSeed(seed); // clears the spare Gaussian that Random keeps
    state = (seed ^ MULTIPLIER) & MASK;
  }

  /** Refused: {@link Random}'s serial form holds its own seed, not this generator's state. */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    throw new java.io.NotSerializableException(getClass().getName() + " (its state is not Random's serial form)");
  }

  @Override
  protected int next(int bits) {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return (int) (state >>> (48 - bits));
  }
}
