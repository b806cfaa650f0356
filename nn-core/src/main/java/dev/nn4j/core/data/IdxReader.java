package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: {@code *-images-idx3-ubyte} (images) and {@code
 * *-labels-idx1-ubyte} (labels), gzipped or not.
 *
 * <pre>{@code
 * DataSet train = IdxReader.read(
 *     dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
 *     IdxReader.FASHION_MNIST_CLASSES, 60_000);   // 60000 x 784 pixels in [0, 1], 60000 x 10 one-hot
 * train.sampleShape();                          // [1, 28, 28]: one channel of 28 rows and 28 columns
 * }</pre>
 *
 * <p><b>Format</b> (big-endian throughout). An images file starts with the magic number {@code
 * 0x00000803} (unsigned bytes, 3 dimensions), then the int32 counts {@code n}, {@code rows}, {@code
 * cols}, then {@code n * rows * cols} pixel bytes, image after image, row after row: 16 header bytes. A
 * labels file starts with {@code 0x00000801} (unsigned bytes, 1 dimension) and the int32 count {@code
 * n}, then {@code n} label bytes: 8 header bytes.
 *
 * <p><b>What comes out.</b> Images become one row of {@code rows * cols} doubles each, pixel {@code
 * (r, c)} at column {@code r * cols + c}, scaled from {@code 0..255} to {@code [0, 1]} by dividing by
 * 255; {@link #read} gives its data set the sample shape {@code [1, rows, cols]}. Labels become class indices, and {@link #read} one-hot encodes them. A {@code limit} reads only
 * the first items, which is quick even on a gzipped file since decompression stops there.
 *
 * <p><b>Gzip</b> is recognized by the first two bytes of the file ({@code 1f 8b}), not by its name, so a
 * file a browser decompressed but left named ".gz" still reads. Byte offsets in error messages count
 * the decompressed bytes.
 *
 * <p><b>Untrusted input.</b> Every malformed file throws {@link DataFormatException} naming the file, the
 * byte offset and what was expected: a wrong magic number, a truncated header or data, counts that
 * cannot be right, a corrupt gzip header. No buffer is sized from a count in the file before that count
 * is checked: against a sane maximum always, and against the file's length when it is not compressed; for
 * a compressed file the pixel buffer grows only as data actually arrives. A path must name a regular
 * file: a directory, a named pipe or a device is refused with an {@link IOException} naming it, before it
 * is opened.
 *
 * <p><b>Limits.</b> What a read materialises is bounded: before anything is read past the header, the
 * result the header declares (up to {@code limit} items) is checked against {@code maxBytes}, counting 8
 * bytes a pixel and a one-hot label column (the doubles of the matrices) and 4 bytes a label of {@link
 * #readLabels} (an {@code int[]}). A file beyond it, such as a gzip of a few megabytes that declares and
 * expands to 100 images of 4096 x 4096 (13 GB as doubles), is refused with a {@link DataFormatException}
 * naming the file, the offset, the limit and how to raise it. The methods without a {@code maxBytes}
 * argument take {@link #defaultMaxBytes()}, half the maximum heap.
 */
public final class IdxReader {
  /** Magic number of an images file: unsigned bytes (0x08), 3 dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a labels file: unsigned bytes (0x08), 1 dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  /** The largest image accepted, in pixels ({@code rows * cols}): 4096 x 4096. */
  public static final int MAX_IMAGE_PIXELS = 1 << 24;

  /**
   * The class names of Fashion-MNIST, in label order (from the data set's README, Xiao, Rasul and
   * Vollgraf 2017).
   */
  public static final List<String> FASHION_MNIST_CLASSES =
      ImmutableList.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The class names of MNIST, the digits {@code "0"} to {@code "9"}. */
  public static final List<String> MNIST_CLASSES =
      ImmutableList.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private static final int IMAGES_HEADER = 16;
  private static final int LABELS_HEADER = 8;
  /** The most elements a Java array, and so a {@link Matrix}, can hold on common JVMs. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * The limit on what a read materialises when none is given: half the maximum heap ({@link
   * Runtime#maxMemory()}, set with {@code -Xmx}). Reading an IDX file takes its result and, for a moment,
   * one byte more per pixel (1.125 times the result), and the data set is often copied once more to be
   * shuffled or split; half the heap leaves room for that, while every data set that fits such a heap
   * reads: Fashion-MNIST's 60,000 training images (376 MB as doubles) in a heap of 768 MB or more.
   *
   * @return the default limit, in bytes
   */
  public static long defaultMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /**
   * Reads images and their labels into a data set: features {@code n x (rows * cols)} in {@code [0, 1]}
   * with the sample shape {@code [1, rows, cols]} (one channel), labels one-hot in {@code
   * classNames.size()} columns, at most {@code limit} samples.
   *
   * @param images the images file
   * @param labels the labels file of the same set
   * @param classNames the name of each class in label order, e.g. {@link #FASHION_MNIST_CLASSES}
   * @param limit the most samples to read, from the start; {@link Integer#MAX_VALUE} for all
   * @return the data set, with class names
   * @throws DataFormatException if either file is malformed, their counts differ, a label is not below
   *     {@code classNames.size()}, or the data set would take more than {@link #defaultMaxBytes()}
   * @throws IOException if a file cannot be read, or is not a regular file
   */
  public static DataSet read(Path images, Path labels, List<String> classNames, int limit)
      throws IOException {
    return read(images, labels, classNames, limit, defaultMaxBytes());
  }

  /**
   * As {@link #read(Path, Path, List, int)}, with a limit on the bytes of the data set: {@code 8 * n *
   * (rows * cols + classNames.size())} for {@code n} samples, the pixels and the one-hot labels as
   * doubles.
   *
   * @param images the images file
   * @param labels the labels file of the same set
   * @param classNames the name of each class in label order, e.g. {@link #FASHION_MNIST_CLASSES}
   * @param limit the most samples to read, from the start; {@link Integer#MAX_VALUE} for all
   * @param maxBytes the most bytes the data set may take, at least 1
   * @return the data set, with class names
   * @throws DataFormatException if either file is malformed, their counts differ, a label is not below
   *     {@code classNames.size()}, or the data set would take more than {@code maxBytes}
   * @throws IOException if a file cannot be read, or is not a regular file
   */
  public static DataSet read(
      Path images, Path labels, List<String> classNames, int limit, long maxBytes) throws IOException {
    checkNotNull(images, "images");
    checkNotNull(labels, "labels");
    checkNotNull(classNames, "classNames");
    checkArgument(!classNames.isEmpty(), "Expected at least one class name, got none");
    checkLimit(limit);
    checkMaxBytes(maxBytes);
    int[] classes;
    int labelCount;
    try (IdxInput in = IdxInput.open(labels)) {
      labelCount = in.readHeader(LABELS_MAGIC, LABELS_HEADER, "labels");
      classes = readLabelBytes(in, labelCount, limit, maxBytes, classNames.size());
    }
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] >= classNames.size()) {
        throw new DataFormatException(
            labels + ", offset " + (LABELS_HEADER + i) + ": label " + classes[i] + " of item " + i
                + " is outside [0, " + classNames.size() + "), the classes " + classNames);
      }
    }
    Images pixels;
    try (IdxInput in = IdxInput.open(images)) {
      int imageCount = in.readHeader(IMAGES_MAGIC, IMAGES_HEADER, "images");
      if (imageCount != labelCount) {
        throw new DataFormatException(
            images + ", offset 4: the header declares " + imageCount + " images, but " + labels
                + " declares " + labelCount + " labels; are they from the same set?");
      }
      pixels = readImageData(in, imageCount, limit, maxBytes, classNames.size());
    }
    return DataSet.wrap(pixels.values(), OneHot.encode(classes, classNames.size()), classNames)
        .withSampleShape(1, pixels.rows(), pixels.cols());
  }

  /**
   * Reads every image of an images file: one row of {@code rows * cols} pixels in {@code [0, 1]} each.
   *
   * @param path the images file
   * @return the images, one row each
   * @throws DataFormatException if the file is malformed, or the images would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static Matrix readImages(Path path) throws IOException {
    return readImages(path, Integer.MAX_VALUE, defaultMaxBytes());
  }

  /**
   * Reads the first {@code limit} images (all of them if there are fewer).
   *
   * @param path the images file
   * @param limit the most images to read, at least 0
   * @return the images, one row each
   * @throws DataFormatException if the file is malformed, or the images would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static Matrix readImages(Path path, int limit) throws IOException {
    return readImages(path, limit, defaultMaxBytes());
  }

  /**
   * Reads the first {@code limit} images (all of them if there are fewer), if their pixels take at most
   * {@code maxBytes} as doubles ({@code 8 * n * rows * cols}).
   *
   * @param path the images file
   * @param limit the most images to read, at least 0
   * @param maxBytes the most bytes the images may take, at least 1
   * @return the images, one row each
   * @throws DataFormatException if the file is malformed, or the images would take more than {@code
   *     maxBytes}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static Matrix readImages(Path path, int limit, long maxBytes) throws IOException {
    checkNotNull(path, "path");
    checkLimit(limit);
    checkMaxBytes(maxBytes);
    try (IdxInput in = IdxInput.open(path)) {
      return readImageData(in, in.readHeader(IMAGES_MAGIC, IMAGES_HEADER, "images"), limit, maxBytes, 0)
          .values();
    }
  }

  /**
   * Reads the first {@code limit} images from a stream, gzipped or not, without closing it; {@code
   * source} names it in error messages.
   *
   * @param stream the bytes of an images file
   * @param source the name of the stream for error messages
   * @param limit the most images to read, at least 0
   * @return the images, one row each
   * @throws DataFormatException if the data is malformed, or the images would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read
   */
  public static Matrix readImages(InputStream stream, String source, int limit) throws IOException {
    return readImages(stream, source, limit, defaultMaxBytes());
  }

  /**
   * As {@link #readImages(InputStream, String, int)}, if the images take at most {@code maxBytes} as
   * doubles ({@code 8 * n * rows * cols}).
   *
   * @param stream the bytes of an images file
   * @param source the name of the stream for error messages
   * @param limit the most images to read, at least 0
   * @param maxBytes the most bytes the images may take, at least 1
   * @return the images, one row each
   * @throws DataFormatException if the data is malformed, or the images would take more than {@code
   *     maxBytes}
   * @throws IOException if it cannot be read
   */
  public static Matrix readImages(InputStream stream, String source, int limit, long maxBytes)
      throws IOException {
    checkNotNull(stream, "stream");
    checkNotNull(source, "source");
    checkLimit(limit);
    checkMaxBytes(maxBytes);
    IdxInput in = IdxInput.of(stream, source, -1);
    return readImageData(in, in.readHeader(IMAGES_MAGIC, IMAGES_HEADER, "images"), limit, maxBytes, 0)
        .values();
  }

  /**
   * Reads every label of a labels file, as class indices {@code 0..255}.
   *
   * @param path the labels file
   * @return the labels
   * @throws DataFormatException if the file is malformed, or the labels would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static int[] readLabels(Path path) throws IOException {
    return readLabels(path, Integer.MAX_VALUE, defaultMaxBytes());
  }

  /**
   * Reads the first {@code limit} labels (all of them if there are fewer).
   *
   * @param path the labels file
   * @param limit the most labels to read, at least 0
   * @return the labels
   * @throws DataFormatException if the file is malformed, or the labels would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static int[] readLabels(Path path, int limit) throws IOException {
    return readLabels(path, limit, defaultMaxBytes());
  }

  /**
   * Reads the first {@code limit} labels (all of them if there are fewer), if they take at most {@code
   * maxBytes} as ints ({@code 4 * n}).
   *
   * @param path the labels file
   * @param limit the most labels to read, at least 0
   * @param maxBytes the most bytes the labels may take, at least 1
   * @return the labels
   * @throws DataFormatException if the file is malformed, or the labels would take more than {@code
   *     maxBytes}
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static int[] readLabels(Path path, int limit, long maxBytes) throws IOException {
    checkNotNull(path, "path");
    checkLimit(limit);
    checkMaxBytes(maxBytes);
    try (IdxInput in = IdxInput.open(path)) {
      return readLabelBytes(in, in.readHeader(LABELS_MAGIC, LABELS_HEADER, "labels"), limit, maxBytes, 0);
    }
  }

  /**
   * Reads the first {@code limit} labels from a stream, gzipped or not, without closing it; {@code
   * source} names it in error messages.
   *
   * @param stream the bytes of a labels file
   * @param source the name of the stream for error messages
   * @param limit the most labels to read, at least 0
   * @return the labels
   * @throws DataFormatException if the data is malformed, or the labels would take more than {@link
   *     #defaultMaxBytes()}
   * @throws IOException if it cannot be read
   */
  public static int[] readLabels(InputStream stream, String source, int limit) throws IOException {
    return readLabels(stream, source, limit, defaultMaxBytes());
  }

  /**
   * As {@link #readLabels(InputStream, String, int)}, if the labels take at most {@code maxBytes} as ints
   * ({@code 4 * n}).
   *
   * @param stream the bytes of a labels file
   * @param source the name of the stream for error messages
   * @param limit the most labels to read, at least 0
   * @param maxBytes the most bytes the labels may take, at least 1
   * @return the labels
   * @throws DataFormatException if the data is malformed, or the labels would take more than {@code
   *     maxBytes}
   * @throws IOException if it cannot be read
   */
  public static int[] readLabels(InputStream stream, String source, int limit, long maxBytes)
      throws IOException {
    checkNotNull(stream, "stream");
    checkNotNull(source, "source");
    checkLimit(limit);
    checkMaxBytes(maxBytes);
    IdxInput in = IdxInput.of(stream, source, -1);
    return readLabelBytes(in, in.readHeader(LABELS_MAGIC, LABELS_HEADER, "labels"), limit, maxBytes, 0);
  }

  private static void checkLimit(int limit) {
    checkArgument(limit >= 0, "Expected a non-negative limit on the items to read, got %s", limit);
  }

  private static void checkMaxBytes(long maxBytes) {
    checkArgument(maxBytes >= 1, "Expected a positive limit on the bytes to read, got maxBytes=%s", maxBytes);
  }

  /** What a refusal says about the limit: its value and how to raise it. */
  private static String beyondLimit(long maxBytes) {
    return ", more than the limit of " + maxBytes + " bytes; read fewer items with a limit, or raise the"
        + " limit with the maxBytes argument of IdxReader.read, readImages or readLabels (by default"
        + " half the maximum heap) and give the JVM the heap (-Xmx)";
  }

  /** Images read from an IDX file: one row of {@code rows * cols} pixels each. */
  private record Images(Matrix values, int rows, int cols) {}

  /**
   * Reads the rest of an images header (rows, cols) and the pixels of the first images; {@code
   * classes} one-hot label columns per image count against {@code maxBytes} too (0 for images alone).
   */
  private static Images readImageData(IdxInput in, int count, int limit, long maxBytes, int classes)
      throws IOException {
    int rows = in.readInt("the number of rows per image");
    int cols = in.readInt("the number of columns per image");
    if (rows < 1 || cols < 1 || (long) rows * cols > MAX_IMAGE_PIXELS) {
      throw in.error(8, "images of " + rows + " x " + cols + " pixels cannot be right: expected"
          + " positive sizes and at most " + MAX_IMAGE_PIXELS + " pixels per image");
    }
    int pixelsPerImage = rows * cols;
    String images = count + " images of " + rows + " x " + cols;
    in.checkLength((long) count * pixelsPerImage, "pixel data (" + images + ")");
    int n = Math.min(count, limit);
    long values = (long) n * pixelsPerImage;
    if (values > MAX_VALUES) {
      throw in.error(IMAGES_HEADER, n + " images of " + pixelsPerImage + " pixels are " + values
          + " values, more than one matrix holds (" + MAX_VALUES + "); read fewer with a limit");
    }
    // n < 2^31 and pixelsPerImage + classes < 2^32: the product fits a long, and 8 times it is capped.
    long items = (long) n * (pixelsPerImage + (long) classes);
    long size = items > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : 8 * items;
    if (size > maxBytes) {
      throw in.error(IMAGES_HEADER, n + " images of " + rows + " x " + cols
          + (classes > 0 ? " and their one-hot labels in " + classes + " classes" : "") + " take " + size
          + " bytes as doubles" + beyondLimit(maxBytes));
    }
    byte[] bytes = in.readData((int) values, "pixel data (" + images + ")");
    if (n == count) {
      in.expectEnd(images);
    }
    double[] data = new double[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (bytes[i] & 0xff) / 255.0;
    }
    return new Images(Matrix.wrap(n, pixelsPerImage, data), rows, cols);
  }

  /**
   * Reads the first labels; they count against {@code maxBytes} as ints, or as one-hot doubles in {@code
   * classes} columns when {@code classes > 0}.
   */
  private static int[] readLabelBytes(IdxInput in, int count, int limit, long maxBytes, int classes)
      throws IOException {
    in.checkLength(count, "label data (" + count + " labels)");
    int n = Math.min(count, limit);
    // n < 2^31 and classes < 2^31: 8 * n * classes < 2^65, so it is computed capped.
    long perLabel = classes > 0 ? 8L * classes : 4;
    long size = Math.multiplyHigh(n, perLabel) != 0 || n * perLabel < 0 ? Long.MAX_VALUE : n * perLabel;
    if (size > maxBytes) {
      throw in.error(LABELS_HEADER, n + " labels take " + size
          + (classes > 0 ? " bytes as one-hot doubles in " + classes + " classes" : " bytes as ints")
          + beyondLimit(maxBytes));
    }
    byte[] bytes = in.readData(n, "label data (" + count + " labels)");
    if (n == count) {
      in.expectEnd(count + " labels");
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = bytes[i] & 0xff;
    }
    return labels;
  }
}
