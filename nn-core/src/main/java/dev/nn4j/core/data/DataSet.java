package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.nn4j.core.math.Matrix;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * Samples for training or evaluation: a features matrix {@code x} and a labels matrix {@code y} with one
 * row per sample, row {@code i} of {@code y} being the target of row {@code i} of {@code x}. For
 * classification the labels are one-hot (one column per class, see {@link OneHot}) and {@link
 * #classNames()} may name the classes; for regression they are the target values.
 *
 * <p><b>Ownership.</b> A data set never changes: {@link #shuffled}, {@link #split}, {@link #slice} and
 * {@link #batches} return new data sets with their own copies of the rows. {@link #of} copies the
 * matrices it is given, so later writes to them do not show here; {@link #wrap} takes the matrices
 * without copying, for large data the caller hands over and no longer touches. {@link #features()} and
 * {@link #labels()} return this data set's own matrices, not copies, because data sets can be large
 * (Fashion-MNIST's 60000 training images take 376 MB as doubles): read them or pass them to {@code
 * Network.fit} and {@code predict}, but do not write to them; {@link Matrix#copy()} one first if you must.
 *
 * <p><b>Sample shape.</b> Each row of {@link #features()} is one sample flattened row-major, and {@link
 * #sampleShape()} says how to read it: {@code [features]} for a feature vector (the default of every
 * factory), {@code [channels, rows, columns]} for an image, as {@link IdxReader} and {@link
 * ImageFolderReader} give it (PyTorch's NCHW order within a row: channel after channel, row after row).
 * The sizes are those of {@code dev.nn4j.core.Shape}, which a network's {@code input(Shape)} takes:
 * {@code Shape.of(data.sampleShape())}. (They are kept as an {@code int[]} because this package may not
 * depend on the root package, which depends on it.) {@link #withSampleShape} attaches another shape of
 * the same size; {@link #shuffled}, {@link #split}, {@link #slice}, {@link #head} and {@link #batches}
 * keep it.
 *
 * <p><b>Sequences.</b> A data set of sequences ({@link Sequences} makes them from sequences of different
 * lengths) holds each sample padded at the end to {@code T} steps, its sample shape {@code [T, F]} (or {@code
 * [T]} for token ids), and the number of real steps of each sample, {@link #lengths()}; targets per step are
 * padded the same way. {@link #shuffled}, {@link #split}, {@link #slice}, {@link #head} and {@link #batches}
 * keep each sample's length with it, and training, evaluation and prediction on the data set tell the
 * network which steps are real. {@link #withLengths} attaches lengths to data already padded.
 *
 * <p>All randomness comes from the seed or {@link Random} the caller gives, so the same seed gives the
 * same order, split and batches on every run. Safe to share between threads for reading.
 */
public final class DataSet {
  private final Matrix features;
  private final Matrix labels;
  private final ImmutableList<String> classNames;
  /** The sizes of one sample, outermost first; their product is {@code features.cols()}. Never exposed. */
  private final int[] sampleShape;
  /** The real steps of each sample when the samples are padded sequences, else null. Never exposed. */
  private final int[] lengths;

  private DataSet(Matrix features, Matrix labels, ImmutableList<String> classNames, int[] sampleShape) {
    this(features, labels, classNames, sampleShape, null);
  }

  private DataSet(Matrix features, Matrix labels, ImmutableList<String> classNames, int[] sampleShape, int[] lengths) {
    this.features = features;
    this.labels = labels;
    this.classNames = classNames;
    this.sampleShape = sampleShape;
    this.lengths = lengths;
  }

  /**
   * A data set holding copies of {@code features} and {@code labels}.
   *
   * @param features the samples, one per row
   * @param labels their targets, one row per sample
   * @return the data set
   * @throws IllegalArgumentException if their row counts differ
   */
  public static DataSet of(Matrix features, Matrix labels) {
    checkNotNull(features, "features");
    checkNotNull(labels, "labels");
    return wrap(features.copy(), labels.copy(), List.of());
  }

  /**
   * A data set copied from arrays of rows: {@code features[i]} is a sample, {@code labels[i]} its target.
   *
   * @param features the samples, one array per sample, all of the same length
   * @param labels their targets, one array per sample
   * @return the data set
   */
  public static DataSet of(double[][] features, double[][] labels) {
    checkNotNull(features, "features");
    checkNotNull(labels, "labels");
    checkCounts(features.length, labels.length);
    return wrap(Matrix.of(features), Matrix.of(labels), List.of());
  }

  /**
   * A classification data set: {@code features} copied, {@code classes} one-hot encoded into {@code
   * classNames.size()} columns, class {@code k} named {@code classNames.get(k)}.
   *
   * @param features the samples, one per row
   * @param classes the class index of each sample
   * @param classNames the name of each class, one per class
   * @return the data set, with one-hot labels
   * @throws IllegalArgumentException if the counts differ or a class is outside {@code [0,
   *     classNames.size())}
   */
  public static DataSet ofClasses(Matrix features, int[] classes, List<String> classNames) {
    checkNotNull(features, "features");
    checkNotNull(classes, "classes");
    checkNotNull(classNames, "classNames");
    checkCounts(features.rows(), classes.length);
    return wrap(features.copy(), OneHot.encode(classes, classNames.size()), classNames);
  }

  /**
   * A classification data set from arrays: {@code features} copied, {@code classes} one-hot encoded into
   * {@code classCount} columns, the classes without names. For a network with one output (a yes/no
   * classifier), whose targets are one column of 0 and 1, give it {@code network.targets(classes)} instead,
   * or train it with {@code network.fit(inputs, classes, options)}.
   *
   * @param features the samples, one array per sample, all of the same length
   * @param classes the class index of each sample, in {@code [0, classCount)}
   * @param classCount the number of classes, at least 1
   * @return the data set, with one-hot labels
   * @throws IllegalArgumentException if the counts differ, the rows have different lengths, or a class is
   *     outside {@code [0, classCount)}
   */
  public static DataSet ofClasses(double[][] features, int[] classes, int classCount) {
    checkNotNull(features, "features");
    checkNotNull(classes, "classes");
    checkCounts(features.length, classes.length);
    return wrap(Matrix.of(features), OneHot.encode(classes, classCount), List.of());
  }

  /**
   * A data set that takes {@code features} and {@code labels} as they are, without copying: the caller
   * hands them over and must not write to them afterwards.
   *
   * @param features the samples, one per row, handed over
   * @param labels their targets, one row per sample, handed over
   * @return the data set
   * @throws IllegalArgumentException if their row counts differ
   */
  public static DataSet wrap(Matrix features, Matrix labels) {
    return wrap(features, labels, List.of());
  }

  /**
   * As {@link #wrap(Matrix, Matrix)}, naming the classes of one-hot labels: {@code classNames.get(k)} is
   * the class of label column {@code k}. An empty list means the classes have no names.
   *
   * @param features the samples, one per row, handed over
   * @param labels their targets, one row per sample, handed over
   * @param classNames the name of each label column, or an empty list
   * @return the data set
   * @throws IllegalArgumentException if the row counts differ, or if {@code classNames} is not empty and
   *     its size is not the number of label columns
   */
  public static DataSet wrap(Matrix features, Matrix labels, List<String> classNames) {
    checkNotNull(features, "features");
    checkNotNull(labels, "labels");
    checkNotNull(classNames, "classNames");
    checkCounts(features.rows(), labels.rows());
    checkArgument(
        classNames.isEmpty() || classNames.size() == labels.cols(),
        "Expected one class name per label column (%s), got %s names: %s",
        labels.cols(),
        classNames.size(),
        classNames);
    return new DataSet(features, labels, ImmutableList.copyOf(classNames), new int[] {features.cols()});
  }

  private static void checkCounts(int featureRows, int labelRows) {
    checkArgument(
        featureRows == labelRows,
        "Expected as many labels as samples: %s feature rows but %s label rows",
        featureRows,
        labelRows);
  }

  /**
   * Number of samples, the rows of {@link #features()} and of {@link #labels()}.
   *
   * @return the number of samples
   */
  public int size() {
    return features.rows();
  }

  /**
   * The features, {@code size() x featureCount}: this data set's own matrix, to read but not to write.
   *
   * @return the features matrix, not a copy
   */
  public Matrix features() {
    return features;
  }

  /**
   * The labels, one row per sample: this data set's own matrix, to read but not to write.
   *
   * @return the labels matrix, not a copy
   */
  public Matrix labels() {
    return labels;
  }

  /**
   * Names of the classes, one per label column, or an empty list when the labels have no class names.
   *
   * @return the class names, possibly empty
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The shape of one sample, outermost first: {@code [features]} unless one was attached with {@link
   * #withSampleShape}, {@code [channels, rows, columns]} for images. The product of the sizes is the
   * number of feature columns. Pass it to a network as {@code Shape.of(data.sampleShape())}.
   *
   * @return a copy of the sizes
   */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /**
   * This data set with each sample read as the shape {@code shape}, such as {@code [1, 28, 28]} for the
   * 784 features of an MNIST image; the matrices are shared, not copied (neither is ever written).
   *
   * @param shape the sizes of one sample, outermost first, each at least 1, whose product is the number
   *     of feature columns
   * @return a data set with the same samples and the given sample shape
   * @throws IllegalArgumentException if a size is not positive or their product is not the number of
   *     feature columns; the message names both
   */
  public DataSet withSampleShape(int... shape) {
    checkNotNull(shape, "shape");
    checkArgument(shape.length >= 1, "Expected a sample shape of at least one size, got []");
    // Capped at 2^32, above any feature count, so that the product cannot overflow.
    long product = 1;
    for (int size : shape) {
      checkArgument(
          size >= 1, "Expected positive sizes in a sample shape, got %s", Arrays.toString(shape));
      product = Math.min(product * size, 1L << 32);
    }
    checkArgument(
        product == features.cols(),
        "Expected a sample shape of %s values, the feature columns of this data set, got %s (%s values)",
        features.cols(),
        Arrays.toString(shape),
        product == 1L << 32 ? "more than 2^32" : product);
    checkArgument(
        lengths == null || shape[0] >= max(lengths),
        "Expected a sample shape of at least %s steps, the longest sequence of this data set, got %s",
        lengths == null ? 0 : max(lengths),
        Arrays.toString(shape));
    return new DataSet(features, labels, classNames, shape.clone(), lengths);
  }

  /**
   * The number of real steps of each sample, when the samples are padded sequences: sample {@code i} is real
   * for its first {@code lengths()[i]} steps (the first size of {@link #sampleShape()}) and padding after.
   * Null when every step is real (data that is not sequences, or sequences all of full length).
   *
   * @return a copy of the lengths, one per sample, or null
   */
  public int[] lengths() {
    return lengths == null ? null : lengths.clone();
  }

  /**
   * This data set with its samples read as sequences padded at the end: sample {@code i} is real for its first
   * {@code lengths[i]} steps, the first size {@code T} of {@link #sampleShape()}. The matrices are shared.
   *
   * @param lengths the real steps of each sample, each in {@code [1, T]}; copied; null for all real
   * @return a data set with the same samples and these lengths
   * @throws IllegalArgumentException if there is not one length per sample or a length is outside {@code [1,
   *     T]}; the message names the sample, the expected range and the length
   */
  public DataSet withLengths(int... lengths) {
    if (lengths != null) {
      checkLengths(lengths, size(), sampleShape[0]);
    }
    return new DataSet(features, labels, classNames, sampleShape, lengths == null ? null : lengths.clone());
  }

  /**
   * Checks lengths against a batch: one per row, each in {@code [1, steps]}.
   *
   * @param lengths the lengths to check
   * @param rows the number of rows of the batch
   * @param steps {@code T}, the steps of each row
   * @throws IllegalArgumentException naming the row, the expected range and the length
   */
  public static void checkLengths(int[] lengths, int rows, int steps) {
    checkNotNull(lengths, "lengths");
    checkArgument(
        lengths.length == rows,
        "Expected one sequence length per sample, %s, got %s lengths",
        rows,
        lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 1 || lengths[i] > steps) {
        throw new IllegalArgumentException(
            "Expected sequence lengths in [1, " + steps + "] (the steps of a sample), got " + lengths[i] + " for sample " + i);
      }
    }
  }

  private static int max(int[] values) {
    int max = 0;
    for (int v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  /**
   * The samples in a random order drawn from {@code new Random(seed)}: the same seed gives the same
   * order on every run and machine.
   *
   * @param seed the seed of the shuffle
   * @return a new data set with the same samples, reordered
   */
  public DataSet shuffled(long seed) {
    return shuffled(new Random(seed));
  }

  /**
   * The samples in a random order drawn from {@code random} (a Fisher–Yates shuffle of the row indices),
   * so a seeded generator gives a reproducible order. Advances {@code random}.
   *
   * @param random the generator to draw the order from
   * @return a new data set with the same samples, reordered
   */
  public DataSet shuffled(Random random) {
    checkNotNull(random, "random");
    return rows(permutation(size(), random));
  }

  /**
   * Splits the samples at random into a training part of {@code round(trainFraction * size())} samples and
   * a validation part of the rest, after shuffling them with {@code new Random(seed)}. The two parts are
   * disjoint and together hold every sample once; the same seed gives the same split.
   *
   * @param trainFraction the share of samples to train on, such as {@code 0.8}
   * @param seed the seed of the shuffle before the cut
   * @return the training and validation parts
   * @throws IllegalArgumentException unless {@code 0 < trainFraction < 1} and both parts get at least
   *     one sample
   */
  public Split split(double trainFraction, long seed) {
    checkArgument(
        trainFraction > 0.0 && trainFraction < 1.0,
        "Expected a training fraction strictly between 0 and 1, got %s",
        trainFraction);
    int trainSize = (int) Math.round(trainFraction * size());
    checkArgument(
        trainSize >= 1 && trainSize < size(),
        "A training fraction of %s of %s samples gives %s training and %s validation samples; both need"
            + " at least 1",
        trainFraction,
        size(),
        trainSize,
        size() - trainSize);
    int[] order = permutation(size(), new Random(seed));
    int[] trainRows = new int[trainSize];
    int[] validationRows = new int[size() - trainSize];
    System.arraycopy(order, 0, trainRows, 0, trainSize);
    System.arraycopy(order, trainSize, validationRows, 0, validationRows.length);
    return new Split(rows(trainRows), rows(validationRows));
  }

  /**
   * The samples in consecutive batches of {@code batchSize}, in order; the last batch holds the
   * remainder and may be smaller. Shuffle first ({@link #shuffled}) for a new order each epoch. Each
   * batch is a new data set, copied when the iterator reaches it.
   *
   * @param batchSize the number of samples per batch, at least 1
   * @return the batches, in order; each iteration starts from the first batch
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public Iterable<DataSet> batches(int batchSize) {
    checkArgument(batchSize >= 1, "Expected a batch size of at least 1, got %s", batchSize);
    return () ->
        new Iterator<>() {
          private int start = 0;

          @Override
          public boolean hasNext() {
            return start < size();
          }

          @Override
          public DataSet next() {
            if (!hasNext()) {
              throw new NoSuchElementException("All " + size() + " samples have been batched");
            }
            int end = (int) Math.min((long) start + batchSize, size());
            DataSet batch = slice(start, end);
            start = end;
            return batch;
          }
        };
  }

  /**
   * Number of batches {@link #batches} gives: {@code ceil(size() / batchSize)}.
   *
   * @param batchSize the number of samples per batch, at least 1
   * @return the number of batches
   */
  public int batchCount(int batchSize) {
    checkArgument(batchSize >= 1, "Expected a batch size of at least 1, got %s", batchSize);
    return (int) (((long) size() + batchSize - 1) / batchSize);
  }

  /**
   * Samples {@code from} (inclusive) to {@code to} (exclusive), copied.
   *
   * @param from the first sample, inclusive
   * @param to the end, exclusive
   * @return a new data set of {@code to - from} samples
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size()}
   */
  public DataSet slice(int from, int to) {
    checkArgument(
        0 <= from && from <= to && to <= size(),
        "Expected 0 <= from <= to <= %s (the number of samples), got from=%s, to=%s",
        size(),
        from,
        to);
    int[] indices = new int[to - from];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = from + i;
    }
    return rows(indices);
  }

  /**
   * The first {@code n} samples, copied; all of them if there are fewer than {@code n}.
   *
   * @param n the number of samples to keep, at least 0
   * @return a new data set of at most {@code n} samples
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public DataSet head(int n) {
    checkArgument(n >= 0, "Expected a non-negative number of samples, got %s", n);
    return slice(0, Math.min(n, size()));
  }

  /** This data set with {@code newFeatures} (handed over) of the same shape in place of its features. */
  DataSet withFeatures(Matrix newFeatures) {
    checkArgument(
        newFeatures.rows() == features.rows() && newFeatures.cols() == features.cols(),
        "Expected new features of shape %s, got %s",
        features.shape(),
        newFeatures.shape());
    return new DataSet(newFeatures, labels, classNames, sampleShape, lengths);
  }

  /** A new data set of the given rows, in the given order. */
  private DataSet rows(int[] indices) {
    int[] rowLengths = null;
    if (lengths != null) {
      rowLengths = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        rowLengths[i] = lengths[indices[i]];
      }
    }
    return new DataSet(gather(features, indices), gather(labels, indices), classNames, sampleShape, rowLengths);
  }

  /** A data set of padded sequences, handed over: what {@link Sequences} builds. */
  static DataSet ofPadded(Matrix features, Matrix labels, int[] sampleShape, int[] lengths) {
    checkCounts(features.rows(), labels.rows());
    return new DataSet(features, labels, ImmutableList.of(), sampleShape, lengths);
  }

  private static Matrix gather(Matrix source, int[] indices) {
    int cols = source.cols();
    Matrix out = new Matrix(indices.length, cols);
    double[] from = source.data();
    double[] to = out.data();
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(from, indices[i] * cols, to, i * cols, cols);
    }
    return out;
  }

  /** A Fisher–Yates permutation of {@code 0 .. n-1}, the same algorithm as {@code Network.fit} uses. */
  private static int[] permutation(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Data sets are equal when their features, labels, class names, sample shapes and lengths are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DataSet d
        && features.equals(d.features)
        && labels.equals(d.labels)
        && classNames.equals(d.classNames)
        && Arrays.equals(sampleShape, d.sampleShape)
        && Arrays.equals(lengths, d.lengths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, labels, classNames, Arrays.hashCode(sampleShape), Arrays.hashCode(lengths));
  }

  /** The sizes, sample shape and class names, never the values. */
  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .omitNullValues()
        .add("samples", size())
        .add("features", features.cols())
        .add("sampleShape", Arrays.toString(sampleShape))
        .add("sequences", lengths == null ? null : "padded, lengths " + Arrays.stream(lengths).min().getAsInt() + " to " + max(lengths))
        .add("labelColumns", labels.cols())
        .add("classNames", classNames)
        .toString();
  }
}
