package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The thread-confined generator gives {@link Random}'s numbers, method by method, seed by seed. */
class ThreadConfinedRandomTest {
  @Test
  void everyMethodGivesRandomsNumbersAfterEachSeed() {
    ThreadConfinedRandom confined = new ThreadConfinedRandom();
    for (long seed : new long[] {0L, 1L, -1L, 42L, Long.MIN_VALUE, Long.MAX_VALUE, 0x5DEECE66DL, 123456789012345L}) {
      Random expected = new Random(seed);
      confined.setSeed(seed);
      for (int i = 0; i < 200; i++) {
        assertThat(confined.nextDouble()).isEqualTo(expected.nextDouble());
        assertThat(confined.nextInt()).isEqualTo(expected.nextInt());
        assertThat(confined.nextInt(1 + i * 7)).isEqualTo(expected.nextInt(1 + i * 7));
        assertThat(confined.nextLong()).isEqualTo(expected.nextLong());
        assertThat(confined.nextBoolean()).isEqualTo(expected.nextBoolean());
        assertThat(confined.nextFloat()).isEqualTo(expected.nextFloat());
        assertThat(confined.nextGaussian()).isEqualTo(expected.nextGaussian());
      }
    }
  }

  @Test
  void reseedingForgetsTheSpareGaussian() {
    ThreadConfinedRandom confined = new ThreadConfinedRandom();
    confined.setSeed(7);
    confined.nextGaussian(); // leaves the second of a pair in store
    confined.setSeed(7);
    assertThat(confined.nextGaussian()).isEqualTo(new Random(7).nextGaussian());
  }

  @Test
  void bytesAndStreamsFollowToo() {
    ThreadConfinedRandom confined = new ThreadConfinedRandom();
    confined.setSeed(99);
    Random expected = new Random(99);
    byte[] a = new byte[37];
    byte[] b = new byte[37];
    confined.nextBytes(a);
    expected.nextBytes(b);
    assertThat(a).isEqualTo(b);
    assertThat(confined.doubles(50).toArray()).isEqualTo(expected.doubles(50).toArray());
  }
}
