package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import dev.nn4j.core.math.Matrix;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Random changes to training images that keep their class, drawn anew for every batch: a random crop after
 * zero padding and a random horizontal flip, as torchvision's {@code RandomCrop(size, padding)} and {@code
 * RandomHorizontalFlip(p)}. Give one to {@code FitOptions.Builder.augmentation}: the trainer applies it to
 * each training batch after gathering it, never to validation data or to predictions.
 *
 * <pre>{@code
 * Augmentation augmentation = Augmentation.forImages(3, 32, 32).randomCrop(4).randomHorizontalFlip(0.5);
 * FitOptions options = FitOptions.builder().augmentation(augmentation).build();
 * }</pre>
 *
 * <p><b>What it does to a batch</b> {@code [n, channels * height * width]} (each row an image of {@link
 * #imageShape()}, channel after channel, row after row), sample after sample, drawing from the generator it
 * is given in this order:
 *
 * <ol>
 *   <li>With {@link #randomCrop(int) randomCrop(p)}: {@code top = random.nextInt(2p + 1)}, then {@code left
 *       = random.nextInt(2p + 1)}; the image becomes the {@code height x width} window at {@code (top,
 *       left)} of itself padded with {@code p} zeros on each side: {@code out[c][r][x] = in[c][r + top -
 *       p][x + left - p]}, or 0 where that is outside the image. The same window for every channel.
 *   <li>With {@link #randomHorizontalFlip(double) randomHorizontalFlip(q)}: if {@code random.nextDouble() <
 *       q}, every row is reversed: {@code out[c][r][x] = in[c][r][width - 1 - x]}.
 * </ol>
 *
 * <p>The padding is the value 0 of the batch as it is stored: black for images in {@code [0, 1]}, the mean
 * for standardized ones. Nothing is drawn for an operation that is not configured, so adding one changes
 * the draws of the other.
 *
 * <p><b>Randomness.</b> All of it comes from the {@link Random} given to {@link #apply}; the trainer
 * seeds it for each batch from the network's seed and the step number, so a run is reproducible and a
 * resumed run the same run. An augmentation itself is an immutable description: thread-safe, comparable by
 * value, printable.
 */
public final class Augmentation {
  private final int channels;
  private final int height;
  private final int width;
  /** The probability of a flip; 0 for none. */
  private final double flipProbability;
  /** The padding of the random crop; 0 for none. */
  private final int cropPadding;

  private Augmentation(int channels, int height, int width, double flipProbability, int cropPadding) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.flipProbability = flipProbability;
    this.cropPadding = cropPadding;
  }

  /**
   * An augmentation of images of {@code channels x height x width} that changes nothing yet: add {@link
   * #randomCrop} and {@link #randomHorizontalFlip}.
   *
   * @param channels the channels of each image, at least 1
   * @param height the rows of each image, at least 1
   * @param width the columns of each image, at least 1
   * @return the augmentation
   * @throws IllegalArgumentException if a size is not positive
   */
  public static Augmentation forImages(int channels, int height, int width) {
    checkArgument(
        channels >= 1 && height >= 1 && width >= 1 && (long) channels * height * width <= Integer.MAX_VALUE,
        "Expected an image shape of positive sizes (channels, height, width), got [%s, %s, %s]",
        channels,
        height,
        width);
    return new Augmentation(channels, height, width, 0.0, 0);
  }

  /**
   * {@link #forImages(int, int, int)} for a sample shape {@code [channels, height, width]}, such as {@link
   * DataSet#sampleShape()} of images.
   *
   * @param imageShape the shape of each image: channels, height, width
   * @return the augmentation
   * @throws IllegalArgumentException if the shape does not have three positive sizes
   */
  public static Augmentation forImages(int[] imageShape) {
    checkNotNull(imageShape, "imageShape");
    checkArgument(
        imageShape.length == 3,
        "Expected an image shape [channels, height, width] of three sizes, got %s",
        Arrays.toString(imageShape));
    return forImages(imageShape[0], imageShape[1], imageShape[2]);
  }

  /**
   * This augmentation, flipping each image left to right with probability {@code probability}
   * (torchvision's {@code RandomHorizontalFlip(p)}); it replaces an earlier flip.
   *
   * @param probability the chance of a flip, in {@code [0, 1]}; 0 turns flipping off
   * @return a new augmentation
   * @throws IllegalArgumentException unless {@code 0 <= probability <= 1}
   */
  public Augmentation randomHorizontalFlip(double probability) {
    checkArgument(
        probability >= 0.0 && probability <= 1.0,
        "Expected a flip probability in [0, 1], got %s",
        probability);
    // + 0.0 makes -0.0 the 0 of no flip, so that equal augmentations compare equal.
    return new Augmentation(channels, height, width, probability + 0.0, cropPadding);
  }

  /**
   * This augmentation, cropping each image at a random place after padding it with {@code padding} zeros
   * on each side (torchvision's {@code RandomCrop((height, width), padding)}): the image moves by up to
   * {@code padding} pixels in each direction; it replaces an earlier crop.
   *
   * @param padding the zeros added on each side, from 1 to the image's larger side
   * @return a new augmentation
   * @throws IllegalArgumentException unless {@code 1 <= padding <= max(height, width)}
   */
  public Augmentation randomCrop(int padding) {
    checkArgument(
        padding >= 1 && padding <= Math.max(height, width),
        "Expected a crop padding from 1 to %s pixels (the larger side of images of %s x %s), got %s",
        Math.max(height, width),
        height,
        width,
        padding);
    return new Augmentation(channels, height, width, flipProbability, padding);
  }

  /**
   * The shape of the images this augmentation takes: {@code [channels, height, width]}.
   *
   * @return a new array of the three sizes
   */
  public int[] imageShape() {
    return new int[] {channels, height, width};
  }

  /**
   * The number of values of one image, {@code channels * height * width}: the width of the batches.
   *
   * @return the values per image
   */
  public int imageSize() {
    return channels * height * width;
  }

  /**
   * The probability of a horizontal flip.
   *
   * @return the probability, 0 when images are not flipped
   */
  public double flipProbability() {
    return flipProbability;
  }

  /**
   * The padding of the random crop.
   *
   * @return the padding in pixels, 0 when images are not cropped
   */
  public int cropPadding() {
    return cropPadding;
  }

  /**
   * Augments every image of {@code batch} in place, drawing from {@code random} as the class documentation
   * says. Allocates nothing.
   *
   * @param batch images, one per row, {@code [n, imageSize()]}; changed in place
   * @param random the generator to draw from; advanced
   * @throws IllegalArgumentException if the rows of {@code batch} are not {@link #imageSize()} wide
   */
  public void apply(Matrix batch, Random random) {
    checkNotNull(batch, "batch");
    checkNotNull(random, "random");
    if (batch.cols() != imageSize()) {
      // Not checkArgument: its six arguments would be boxed into an array on every batch.
      throw new IllegalArgumentException("Expected a batch of images of shape " + Arrays.toString(imageShape())
          + " (" + imageSize() + " values a row), got rows of " + batch.cols() + " values");
    }
    double[] data = batch.data();
    int size = imageSize();
    for (int i = 0; i < batch.rows(); i++) {
      int offset = i * size;
      if (cropPadding > 0) {
        int top = random.nextInt(2 * cropPadding + 1);
        int left = random.nextInt(2 * cropPadding + 1);
        shift(data, offset, top - cropPadding, left - cropPadding);
      }
      if (flipProbability > 0.0 && random.nextDouble() < flipProbability) {
        flip(data, offset);
      }
    }
  }

  /**
   * {@code image[c][r][x] = image[c][r + dy][x + dx]}, or 0 where that is outside: the crop at offset
   * {@code (dy + p, dx + p)} of the image padded by {@code p}. In place: rows are visited so that each is
   * read before it is overwritten (downwards when reading from below, upwards when reading from above), and
   * {@link System#arraycopy} copies within a row as if through a temporary.
   */
  private void shift(double[] data, int offset, int dy, int dx) {
    int from = Math.max(0, -dx);
    int to = Math.min(width, width - dx);
    for (int c = 0; c < channels; c++) {
      int plane = offset + c * height * width;
      for (int k = 0; k < height; k++) {
        int r = dy >= 0 ? k : height - 1 - k;
        int row = plane + r * width;
        int source = r + dy;
        if (source < 0 || source >= height || from >= to) {
          Arrays.fill(data, row, row + width, 0.0);
          continue;
        }
        System.arraycopy(data, plane + source * width + from + dx, data, row + from, to - from);
        Arrays.fill(data, row, row + from, 0.0);
        Arrays.fill(data, row + to, row + width, 0.0);
      }
    }
  }

  /** Reverses every row of the image at {@code offset}. */
  private void flip(double[] data, int offset) {
    for (int row = offset; row < offset + channels * height * width; row += width) {
      for (int a = row, b = row + width - 1; a < b; a++, b--) {
        double t = data[a];
        data[a] = data[b];
        data[b] = t;
      }
    }
  }

  /** Augmentations are equal when they take the same image shape and do the same. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Augmentation a
        && channels == a.channels
        && height == a.height
        && width == a.width
        && Double.compare(flipProbability, a.flipProbability) == 0
        && cropPadding == a.cropPadding;
  }

  @Override
  public int hashCode() {
    return Objects.hash(channels, height, width, flipProbability, cropPadding);
  }

  /** The image shape and the operations, such as {@code Augmentation{imageShape=[3, 32, 32], ...}}. */
  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("imageShape", Arrays.toString(imageShape()))
        .add("randomCrop", cropPadding > 0 ? "padding " + cropPadding : "none")
        .add("randomHorizontalFlip", flipProbability > 0.0 ? "p " + flipProbability : "none")
        .toString();
  }
}
