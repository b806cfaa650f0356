package dev.nn4j.core.math;

/**
 * Takes the channel planes of a batch of images one at a time, each as soon as a layer has written it, while it is
 * still in the writing core's cache: how max pooling runs inside the convolution before it (see {@link
 * ConvolutionKernels.MaxPoolPlanes}). Called from several threads at once, for distinct planes.
 */
public interface PlaneSink {

  /**
   * Plane {@code channel} of sample {@code sample} is written.
   *
   * @param sample the sample's row in the batch
   * @param channel the channel
   */
  void plane(int sample, int channel);
}
