package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * Where a 2-D window (a convolution's kernel, a pooling window) goes over an image of {@code [C, H, W]}: its
 * size, its stride, the zero padding on each side, and its dilation (the step between the window's taps),
 * with PyTorch's arithmetic: {@code out = ⌊(in + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋
 * + 1} along each axis. Immutable.
 *
 * @param kernelHeight the window's height, in taps
 * @param kernelWidth the window's width, in taps
 * @param strideHeight the step between windows down the image
 * @param strideWidth the step between windows across the image
 * @param padTop the rows of padding above the image
 * @param padLeft the columns of padding left of the image
 * @param padBottom the rows of padding below the image
 * @param padRight the columns of padding right of the image
 * @param dilationHeight the step between a window's taps down the image (1: adjacent)
 * @param dilationWidth the step between a window's taps across the image (1: adjacent)
 */
public record Window2d(
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight,
    int dilationHeight,
    int dilationWidth) {

  /**
   * Checks that sizes, strides and dilations are positive and paddings not negative.
   *
   * @param kernelHeight the window's height, in taps
   * @param kernelWidth the window's width, in taps
   * @param strideHeight the step between windows down the image
   * @param strideWidth the step between windows across the image
   * @param padTop the rows of padding above the image
   * @param padLeft the columns of padding left of the image
   * @param padBottom the rows of padding below the image
   * @param padRight the columns of padding right of the image
   * @param dilationHeight the step between a window's taps down the image
   * @param dilationWidth the step between a window's taps across the image
   */
  public Window2d {
    checkArgument(kernelHeight > 0 && kernelWidth > 0, "Expected a positive kernel size, got %sx%s", kernelHeight, kernelWidth);
    checkArgument(strideHeight > 0 && strideWidth > 0, "Expected a positive stride, got %sx%s", strideHeight, strideWidth);
    checkArgument(
        padTop >= 0 && padLeft >= 0 && padBottom >= 0 && padRight >= 0,
        "Expected padding of 0 or more, got top %s, left %s, bottom %s, right %s",
        padTop,
        padLeft,
        padBottom,
        padRight);
    checkArgument(
        dilationHeight > 0 && dilationWidth > 0, "Expected a positive dilation, got %sx%s", dilationHeight, dilationWidth);
  }

  /**
   * A window of {@code kernel} with {@code stride}, the same padding on every side, and no dilation.
   *
   * @param kernelHeight the window's height
   * @param kernelWidth the window's width
   * @param strideHeight the step down
   * @param strideWidth the step across
   * @param padHeight the rows of padding above and below
   * @param padWidth the columns of padding left and right
   * @return the window
   */
  public static Window2d of(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth) {
    return new Window2d(kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth, padHeight, padWidth, 1, 1);
  }

  /**
   * The number of window positions down an image of {@code height} rows.
   *
   * @param height the image's height
   * @return the output's height
   * @throws IllegalArgumentException if the window, dilated, is larger than the padded image
   */
  public int outputHeight(int height) {
    return output(height, padTop + padBottom, kernelHeight, dilationHeight, strideHeight, "height");
  }

  /**
   * The number of window positions across an image of {@code width} columns.
   *
   * @param width the image's width
   * @return the output's width
   * @throws IllegalArgumentException if the window, dilated, is larger than the padded image
   */
  public int outputWidth(int width) {
    return output(width, padLeft + padRight, kernelWidth, dilationWidth, strideWidth, "width");
  }

  private static int output(int size, int padding, int kernel, int dilation, int stride, String axis) {
    long span = (long) dilation * (kernel - 1) + 1;
    long padded = (long) size + padding;
    if (span > padded) {
      // Not Guava's checkArgument: its arguments would be boxed on every call, and this runs at every pass.
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "The window spans %s %s (kernel %s, dilation %s), more than the padded input's %s (%s + padding %s)",
          span, axis.equals("height") ? "rows" : "columns", kernel, dilation, padded, size, padding));
    }
    return (int) ((padded - span) / stride + 1);
  }

  @Override
  public String toString() {
    return "kernel "
        + kernelHeight
        + "x"
        + kernelWidth
        + ", stride "
        + strideHeight
        + "x"
        + strideWidth
        + ", padding "
        + (padTop == padBottom && padLeft == padRight
            ? padTop + "x" + padLeft
            : "top " + padTop + " left " + padLeft + " bottom " + padBottom + " right " + padRight)
        + (dilationHeight == 1 && dilationWidth == 1 ? "" : ", dilation " + dilationHeight + "x" + dilationWidth);
  }
}
