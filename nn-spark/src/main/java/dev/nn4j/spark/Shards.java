package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a data set's features and label columns into one cached {@link Shard} per partition, checking every
 * row on its executor: a vector of the wrong size, a value that is not finite, a label that is not a class of
 * the network. Nothing of the data goes to the driver but each partition's row count.
 */
final class Shards {
  private Shards() {}

  /** How a label becomes a row of targets. */
  enum LabelKind {
    /** A class index: one-hot over the network's outputs (or the 0/1 label itself for one output). */
    CLASS,
    /** A numeric target of a network with one output (regression). */
    VALUE,
    /** A vector of targets, one per output. */
    VECTOR
  }

  /**
   * Checks the data set's schema on the driver: the features column must hold Spark ML vectors and the label
   * column numbers or vectors.
   *
   * @return how labels become targets
   * @throws IllegalArgumentException naming the column, its type and what was expected
   */
  static LabelKind checkSchema(StructType schema, String featuresColumn, String labelColumn, int outputSize) {
    DataType features = column(schema, featuresColumn, "features").dataType();
    checkArgument(
        features.equals(SQLDataTypes.VectorType()),
        "Column '%s' (the features) has type %s: expected Spark ML vectors (org.apache.spark.ml.linalg.Vector),"
            + " as VectorAssembler makes them",
        featuresColumn,
        features.simpleString());
    DataType label = column(schema, labelColumn, "label").dataType();
    if (label.equals(SQLDataTypes.VectorType())) {
      return LabelKind.VECTOR;
    }
    checkArgument(
        label instanceof NumericType,
        "Column '%s' (the label) has type %s: expected a numeric class index (or target value), or a Spark ML vector"
            + " of %s targets; cast it, or index string labels with StringIndexer",
        labelColumn,
        label.simpleString(),
        outputSize);
    return outputSize == 1 ? LabelKind.VALUE : LabelKind.CLASS;
  }

  private static StructField column(StructType schema, String name, String role) {
    checkArgument(
        Arrays.asList(schema.fieldNames()).contains(name),
        "The data set has no %s column '%s'; its columns are %s",
        role,
        name,
        Arrays.toString(schema.fieldNames()));
    return schema.apply(name);
  }

  /**
   * One shard per partition of {@code data}, kept in memory and spilled to disk rather than evicted (an evicted
   * shard would be computed again from the source); nothing is computed until an action runs.
   *
   * @param data the data set, its schema checked by {@link #checkSchema}
   */
  static JavaRDD<Shard> of(
      Dataset<?> data, String featuresColumn, String labelColumn, LabelKind kind, int featureCount, int outputSize) {
    Builder builder = new Builder(featuresColumn, labelColumn, kind, featureCount, outputSize);
    return data.select(functions.col(featuresColumn), functions.col(labelColumn))
        .toJavaRDD()
        .mapPartitionsWithIndex(builder, true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The feature vector of {@code row}, checked: training and inference read features through this one check.
   *
   * @param row the row
   * @param column the index of the features column in the row
   * @param columnName its name, for the message
   * @param size the network's input size
   * @param partition the row's partition, for the message
   * @param index the row's index within its partition, for the message
   * @return the vector's values
   * @throws IllegalArgumentException if the value is null, has another size than {@code size}, or a value that
   *     is not finite; the message names the row, the partition and the column
   */
  static double[] featureVector(Row row, int column, String columnName, int size, int partition, int index) {
    return vector(row, column, columnName, size, partition, index, "values", "input");
  }

  /**
   * The vector in {@code column} of {@code row}, checked: not null, {@code size} entries, all finite; {@code
   * entries} ("values", "targets") and {@code side} ("input", "output") word the messages.
   */
  private static double[] vector(
      Row row, int column, String columnName, int size, int partition, int index, String entries, String side) {
    if (row.isNullAt(column)) {
      throw bad(partition, index, columnName, "is null: expected a vector of " + size + " " + entries);
    }
    double[] values = ((Vector) row.get(column)).toArray();
    if (values.length != size) {
      throw bad(
          partition,
          index,
          columnName,
          "has a vector of " + values.length + " " + entries + ": expected " + size + " (the network's " + side + " size)");
    }
    for (int j = 0; j < values.length; j++) {
      if (!Double.isFinite(values[j])) {
        throw bad(partition, index, columnName, "has " + values[j] + " at position " + j + ": expected finite " + entries);
      }
    }
    return values;
  }

  private static IllegalArgumentException bad(int partition, int index, String column, String what) {
    return new IllegalArgumentException(
        String.format(Locale.ROOT, "Row %s of partition %s: column '%s' %s", index, partition, column, what));
  }

  /** Builds one partition's shard, checking each row; serialized to the executors. */
  private static final class Builder
      implements org.apache.spark.api.java.function.Function2<Integer, Iterator<Row>, Iterator<Shard>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String featuresColumn;
    private final String labelColumn;
    private final LabelKind kind;
    private final int featureCount;
    private final int outputSize;

    Builder(String featuresColumn, String labelColumn, LabelKind kind, int featureCount, int outputSize) {
      this.featuresColumn = featuresColumn;
      this.labelColumn = labelColumn;
      this.kind = kind;
      this.featureCount = featureCount;
      this.outputSize = outputSize;
    }

    @Override
    public Iterator<Shard> call(Integer partition, Iterator<Row> rows) {
      Growing features = new Growing();
      Growing targets = new Growing();
      int count = 0;
      double[] target = new double[outputSize];
      while (rows.hasNext()) {
        Row row = rows.next();
        features.add(featureVector(row, 0, featuresColumn, featureCount, partition, count));
        Arrays.fill(target, 0.0);
        targets(row, partition, count, target);
        targets.add(target);
        count++;
      }
      List<Shard> one = new ArrayList<>(1);
      one.add(new Shard(partition, count, featureCount, outputSize, features.toArray(), targets.toArray()));
      return one.iterator();
    }

    private void targets(Row row, int partition, int index, double[] target) {
      if (row.isNullAt(1)) {
        throw bad(partition, index, labelColumn, "is null: expected a label");
      }
      if (kind == LabelKind.VECTOR) {
        double[] values = vector(row, 1, labelColumn, outputSize, partition, index, "targets", "output");
        System.arraycopy(values, 0, target, 0, outputSize);
        return;
      }
      double label = ((Number) row.get(1)).doubleValue();
      if (!Double.isFinite(label)) {
        throw bad(partition, index, labelColumn, "is " + label + ": expected a finite label");
      }
      if (kind == LabelKind.VALUE) {
        target[0] = label;
        return;
      }
      if (label != Math.rint(label) || label < 0 || label >= outputSize) {
        throw bad(
            partition,
            index,
            labelColumn,
            "is " + label + ": expected a class index, a whole number from 0 to " + (outputSize - 1) + " (the network has "
                + outputSize + " outputs)");
      }
      target[(int) label] = 1.0;
    }
  }

  /** A growing array of doubles, so that a partition is read in one pass. */
  private static final class Growing {
    /** The most values one array holds (the JVM's limit on array sizes, less a little). */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private double[] values = new double[1024];
    private int size;

    void add(double[] row) {
      if ((long) size + row.length > MAX_VALUES) {
        throw new IllegalArgumentException(
            "A partition holds more than " + MAX_VALUES + " values (" + (size / row.length) + " rows of " + row.length
                + "): repartition the data set into more partitions");
      }
      if (size + row.length > values.length) {
        values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, Math.max(2L * values.length, size + row.length)));
      }
      System.arraycopy(row, 0, values, size, row.length);
      size += row.length;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
