package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.math.Matrix;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random crops and flips on tiny hand-made images: each checked against its definition (torchvision's
 * {@code RandomCrop(size, padding)} and {@code RandomHorizontalFlip(p)}) with the offsets the generator
 * gives, and the same seed always giving the same batch.
 */
class AugmentationTest {
  /** A 2-channel 3 x 3 image: channel 0 holds 1..9, channel 1 holds 11..19, row after row. */
  private static final double[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19};

  private static Matrix batch(int n) {
    Matrix batch = new Matrix(n, IMAGE.length);
    for (int i = 0; i < n; i++) {
      System.arraycopy(IMAGE, 0, batch.data(), i * IMAGE.length, IMAGE.length);
    }
    return batch;
  }

  /** The crop by definition: pad by p with zeros, take the 3 x 3 window at (top, left). */
  private static double[] cropped(double[] image, int p, int top, int left) {
    double[] out = new double[image.length];
    for (int c = 0; c < 2; c++) {
      for (int r = 0; r < 3; r++) {
        for (int x = 0; x < 3; x++) {
          int sr = r + top - p;
          int sx = x + left - p;
          out[c * 9 + r * 3 + x] = sr >= 0 && sr < 3 && sx >= 0 && sx < 3 ? image[c * 9 + sr * 3 + sx] : 0;
        }
      }
    }
    return out;
  }

  @Test
  void aFlipReversesEveryRowOfEveryChannel() {
    Matrix batch = batch(2);

    Augmentation.forImages(2, 3, 3).randomHorizontalFlip(1.0).apply(batch, new Random(0));

    double[] flipped = {3, 2, 1, 6, 5, 4, 9, 8, 7, 13, 12, 11, 16, 15, 14, 19, 18, 17};
    assertThat(batch.row(0)).containsExactly(flipped);
    assertThat(batch.row(1)).containsExactly(flipped);
  }

  @Test
  void aFlipHappensWithItsProbabilityDrawnOncePerImage() {
    Matrix batch = batch(4);
    Random draws = new Random(5);
    boolean[] expected = new boolean[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = draws.nextDouble() < 0.5;
    }

    Augmentation.forImages(2, 3, 3).randomHorizontalFlip(0.5).apply(batch, new Random(5));

    for (int i = 0; i < 4; i++) {
      assertThat(batch.get(i, 0)).as("image %s flipped", i).isEqualTo(expected[i] ? 3 : 1);
    }
    Matrix never = batch(3);
    Augmentation.forImages(2, 3, 3).randomHorizontalFlip(0.0).apply(never, new Random(5));
    assertThat(never).isEqualTo(batch(3));
  }

  @Test
  void aCropShiftsTheImageInsideItsZeroPaddingAsTorchvisionDoes() {
    // By hand, padding 1: the window at (0, 2) moves the image down one row and left one column.
    assertThat(cropped(IMAGE, 1, 0, 2))
        .startsWith(0, 0, 0, 2, 3, 0, 5, 6, 0)
        .endsWith(0, 0, 0, 12, 13, 0, 15, 16, 0);
    for (int seed = 0; seed < 50; seed++) {
      for (int p = 1; p <= 3; p++) {
        Matrix batch = batch(3);
        Random draws = new Random(seed);

        Augmentation.forImages(2, 3, 3).randomCrop(p).apply(batch, new Random(seed));

        for (int i = 0; i < 3; i++) {
          int top = draws.nextInt(2 * p + 1);
          int left = draws.nextInt(2 * p + 1);
          assertThat(batch.row(i)).as("seed %s, padding %s, image %s", seed, p, i)
              .containsExactly(cropped(IMAGE, p, top, left));
        }
      }
    }
  }

  @Test
  void everyOffsetOfTheCropOccurs() {
    Set<String> seen = new HashSet<>();
    Matrix batch = batch(400);

    Augmentation.forImages(2, 3, 3).randomCrop(1).apply(batch, new Random(1));

    for (int i = 0; i < 400; i++) {
      seen.add(java.util.Arrays.toString(batch.row(i)));
    }
    assertThat(seen).hasSize(9);
  }

  @Test
  void aCropThenAFlipDrawTopLeftAndFlipForEachImageInTurn() {
    Matrix batch = batch(5);
    Random draws = new Random(9);

    Augmentation.forImages(2, 3, 3).randomCrop(2).randomHorizontalFlip(0.5).apply(batch, new Random(9));

    for (int i = 0; i < 5; i++) {
      double[] expected = cropped(IMAGE, 2, draws.nextInt(5), draws.nextInt(5));
      if (draws.nextDouble() < 0.5) {
        Matrix one = Matrix.wrap(1, expected.length, expected);
        Augmentation.forImages(2, 3, 3).randomHorizontalFlip(1.0).apply(one, new Random(0));
      }
      assertThat(batch.row(i)).containsExactly(expected);
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
    Augmentation augmentation = Augmentation.forImages(2, 3, 3).randomCrop(1).randomHorizontalFlip(0.5);
    Matrix first = batch(16);
    Matrix again = batch(16);
    Matrix other = batch(16);

    augmentation.apply(first, new Random(42));
    augmentation.apply(again, new Random(42));
    augmentation.apply(other, new Random(43));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void refusesABatchOfAnotherWidthAndBadSettings() {
    Augmentation augmentation = Augmentation.forImages(2, 3, 3).randomCrop(1);

    assertThatThrownBy(() -> augmentation.apply(new Matrix(2, 17), new Random(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a batch of images of shape [2, 3, 3] (18 values a row), got rows of 17 values");
    assertThatThrownBy(() -> Augmentation.forImages(0, 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected an image shape of positive sizes (channels, height, width), got [0, 3, 3]");
    assertThatThrownBy(() -> Augmentation.forImages(new int[] {784}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected an image shape [channels, height, width] of three sizes, got [784]");
    assertThatThrownBy(() -> augmentation.randomHorizontalFlip(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a flip probability in [0, 1], got 1.5");
    assertThatThrownBy(() -> augmentation.randomCrop(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a crop padding from 1 to 3 pixels (the larger side of images of 3 x 3), got 0");
  }

  @Test
  void isAnImmutableValue() {
    Augmentation base = Augmentation.forImages(new int[] {3, 32, 32});
    Augmentation both = base.randomCrop(4).randomHorizontalFlip(0.5);

    assertThat(base.cropPadding()).isZero();
    assertThat(base.flipProbability()).isZero();
    assertThat(both.imageShape()).containsExactly(3, 32, 32);
    assertThat(both.imageSize()).isEqualTo(3072);
    assertThat(both).isEqualTo(Augmentation.forImages(3, 32, 32).randomHorizontalFlip(0.5).randomCrop(4))
        .hasSameHashCodeAs(Augmentation.forImages(3, 32, 32).randomHorizontalFlip(0.5).randomCrop(4))
        .isNotEqualTo(base);
    assertThat(both.toString())
        .isEqualTo("Augmentation{imageShape=[3, 32, 32], randomCrop=padding 4, randomHorizontalFlip=p 0.5}");
    assertThat(base.toString())
        .isEqualTo("Augmentation{imageShape=[3, 32, 32], randomCrop=none, randomHorizontalFlip=none}");
  }

  @Test
  void allocatesNothingPerBatch() {
    Augmentation augmentation = Augmentation.forImages(3, 32, 32).randomCrop(4).randomHorizontalFlip(0.5);
    Matrix batch = new Matrix(64, 3072);
    Random random = new Random(1);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200; i++) {
      augmentation.apply(batch, random); // warm up: compiled, nothing left to allocate lazily
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      random.setSeed(i);
      augmentation.apply(batch, random);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).isLessThan(1024);
  }
}
