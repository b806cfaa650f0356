package dev.nn4j.core.math;

/**
 * Gives the channel planes of a batch of images one at a time, each written where and when a layer needs it, into
 * that core's cache: how max pooling hands the convolution before it its gradient, plane by plane as the
 * convolution lays it out (see {@link ConvolutionKernels.MaxPoolGradientPlanes}), instead of a whole batch written
 * out and read back. Called from several threads at once.
 */
public interface PlaneSource {

  /**
   * Writes plane {@code channel} of sample {@code sample} to {@code out} from {@code offset}.
   *
   * @param sample the sample's row in the batch
   * @param channel the channel
   * @param out receives the plane's values
   * @param offset where the plane starts in {@code out}
   */
  void plane(int sample, int channel, double[] out, int offset);
}
