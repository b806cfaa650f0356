package dev.nn4j.onnx;

/**
 * The element type of an exported model's input, output and weights.
 *
 * <p>nn4j computes in double precision; {@link #FLOAT} rounds every weight and bias to the nearest single
 * precision value, which halves the file and is the type every ONNX runtime implements for every operator
 * (GPUs and mobile runtimes often have no double kernels). {@link #DOUBLE} keeps the weights exactly, for
 * runtimes whose CPU kernels accept {@code tensor(double)} for all the operators of the model.
 */
public enum OnnxPrecision {
  /** ONNX {@code FLOAT}: IEEE 754 single precision, 4 bytes per value. The default. */
  FLOAT(1, Float.BYTES),
  /**
   * ONNX {@code DOUBLE}: IEEE 754 double precision, 8 bytes per value. Every operator used here is
   * defined for it, but not every runtime implements it: ONNX Runtime 1.20's CPU provider runs {@code
   * Gemm}, {@code Sigmoid}, {@code Relu}, {@code Tanh}, {@code Softmax}, {@code Add} and {@code Mul} in
   * double, and those of the normalizations and reshapes too ({@code BatchNormalization}, {@code
   * ReduceMean}, {@code Sub}, {@code Div}, {@code Sqrt}, {@code Reshape}) and {@code MaxPool}, with all its
   * graph optimizations; not {@code LeakyRelu}, {@code Elu}, {@code Erf} (exact GELU) or {@code Softplus},
   * nor {@code Conv}, {@code AveragePool} or {@code GlobalAveragePool}, so it does not load a double model
   * of a network with {@code conv2d}, {@code avg_pool2d} or {@code global_avg_pool2d} layers. Its
   * extended graph optimizations replace SiLU's {@code x · Sigmoid(x)} by a float-only kernel, so run a
   * double SiLU model there with basic optimizations. Attributes stay single precision whatever the
   * model's type ({@code LeakyRelu}'s and {@code Elu}'s parameter, {@code BatchNormalization}'s {@code
   * epsilon}, for which the export compensates in the variance).
   */
  DOUBLE(11, Double.BYTES);

  private final int dataType;
  private final int bytesPerValue;

  OnnxPrecision(int dataType, int bytesPerValue) {
    this.dataType = dataType;
    this.bytesPerValue = bytesPerValue;
  }

  /** The {@code TensorProto.DataType} number that ONNX files use for this type. */
  int dataType() {
    return dataType;
  }

  /** Bytes of one value in the file. */
  int bytesPerValue() {
    return bytesPerValue;
  }
}
