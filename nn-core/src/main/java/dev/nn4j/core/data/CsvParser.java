package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkState;

import dev.nn4j.core.data.CsvReader.Header;
import dev.nn4j.core.data.CsvReader.LabelType;
import dev.nn4j.core.math.Matrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one {@link CsvReader} read: a new parser per call, so that a reader can be used from many
 * threads. Reads lines, checks them against the reader's configuration and collects the values.
 */
final class CsvParser {
  private final String source;
  private final char delimiter;
  private final Header header;
  private final LabelType labelType;
  private final int labelColumn;
  private final String labelColumnName;
  private final List<String> classNames;
  private final int classCount;
  private int lineNumber;
  private List<String> columnNames = List.of();
  private int width = -1;
  private String widthOrigin;
  private int labelIndex = -1;
  private int declaredSamples = -1;
  private int declaredLine;
  private List<String> headerClassNames = List.of();
  private double[] features = new double[1024];
  private int featureValues;
  private int featureCount;
  private double[] labelValues = new double[256];
  private int rows;
  private final Map<String, Integer> nameIndex = new HashMap<>();
  private final List<String> namesInOrder = new ArrayList<>();

  CsvParser(CsvReader reader, String source) {
    this.source = source;
    this.delimiter = reader.delimiter();
    this.header = reader.header();
    this.labelType = reader.labelType();
    this.labelColumn = reader.labelColumn();
    this.labelColumnName = reader.labelColumnName();
    this.classNames = reader.classNames();
    this.classCount = reader.classCount();
  }

  /** The number of the line read last; 0 before the first. */
  int lineNumber() {
    return lineNumber;
  }

  /** Reads every line of {@code reader} into a data set; see {@link CsvReader} for the format. */
  DataSet parse(BufferedReader reader) throws IOException {
    boolean seenContent = false;
    boolean headerPending = header != Header.NONE;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      seenContent = true;
      List<String> fields = split(line);
      if (headerPending) {
        headerPending = false;
        readHeader(fields);
      } else {
        readRow(fields);
      }
    }
    if (!seenContent) {
      throw new DataFormatException(source + ", line 1: the file is empty, expected CSV data");
    }
    if (rows == 0) {
      throw new DataFormatException(
          source + ", line " + lineNumber + ": the file has a header but no data rows");
    }
    if (declaredSamples >= 0 && rows != declaredSamples) {
      throw new DataFormatException(
          source + ", line " + declaredLine + ": the header declares " + declaredSamples
              + " samples, but the file has " + rows + " data rows (up to line " + lineNumber + ")");
    }
    Matrix x = Matrix.wrap(rows, featureCount, Arrays.copyOf(features, featureValues));
    return switch (labelType) {
      case NONE -> DataSet.wrap(x, new Matrix(rows, 0));
      case NUMBER -> DataSet.wrap(x, Matrix.wrap(rows, 1, Arrays.copyOf(labelValues, rows)));
      case CLASS_INDEX -> classIndexData(x);
      case CLASS_NAME -> classNameData(x);
    };
  }

  private DataSet classIndexData(Matrix x) {
    int[] classes = new int[rows];
    int largest = 0;
    for (int i = 0; i < rows; i++) {
      classes[i] = (int) labelValues[i];
      largest = Math.max(largest, classes[i]);
    }
    List<String> names = knownClassNames();
    int k = names.isEmpty() ? (classCount > 0 ? classCount : largest + 1) : names.size();
    return DataSet.wrap(x, OneHot.encode(classes, k), names);
  }

  private DataSet classNameData(Matrix x) {
    int[] classes = new int[rows];
    List<String> names;
    if (!classNames.isEmpty()) {
      names = classNames;
      for (int i = 0; i < rows; i++) {
        classes[i] = (int) labelValues[i];
      }
    } else {
      names = new ArrayList<>(namesInOrder);
      names.sort(null);
      int[] sortedIndexOf = new int[names.size()];
      for (int k = 0; k < names.size(); k++) {
        sortedIndexOf[nameIndex.get(names.get(k))] = k;
      }
      for (int i = 0; i < rows; i++) {
        classes[i] = sortedIndexOf[(int) labelValues[i]];
      }
    }
    return DataSet.wrap(x, OneHot.encode(classes, names.size()), names);
  }

  /**
   * The names of CLASS_INDEX classes: those given to the builder, else those of an SKLEARN header
   * (checked against any classCount), else none.
   */
  private List<String> knownClassNames() {
    return !classNames.isEmpty() ? classNames : headerClassNames;
  }

  private void readHeader(List<String> fields) throws DataFormatException {
    if (header == Header.NAMES) {
      columnNames = List.copyOf(fields);
      setWidth(fields.size(), "the header on line " + lineNumber);
      return;
    }
    // SKLEARN: n_samples, n_features, class names...
    if (fields.size() < 2) {
      throw error("expected a header \"n_samples,n_features[,class names...]\", got " + fields.size()
          + " field(s)");
    }
    declaredSamples = headerCount(fields.get(0), "n_samples");
    int declaredFeatures = headerCount(fields.get(1), "n_features");
    declaredLine = lineNumber;
    headerClassNames = List.copyOf(fields.subList(2, fields.size()));
    if (labelType == LabelType.CLASS_INDEX && classNames.isEmpty() && classCount > 0
        && !headerClassNames.isEmpty() && headerClassNames.size() != classCount) {
      throw error("the header names " + headerClassNames.size() + " classes " + headerClassNames
          + ", but the reader was configured with classCount " + classCount);
    }
    int columns = labelType == LabelType.NONE ? declaredFeatures : declaredFeatures + 1;
    setWidth(columns, "the header on line " + lineNumber + " (n_features " + declaredFeatures
        + (labelType == LabelType.NONE ? ")" : " + 1 label)"));
  }

  private int headerCount(String text, String what) throws DataFormatException {
    try {
      int value = Integer.parseInt(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error("expected " + what + " as a non-negative integer in the header, got \"" + text + "\"");
  }

  private void setWidth(int columns, String origin) throws DataFormatException {
    width = columns;
    widthOrigin = origin;
    if (labelType == LabelType.NONE) {
      featureCount = columns;
      return;
    }
    if (labelColumnName != null) {
      labelIndex = columnNames.indexOf(labelColumnName);
      if (labelIndex < 0) {
        throw error("no column named \"" + labelColumnName + "\" for the label; the columns are "
            + columnNames);
      }
    } else {
      labelIndex = labelColumn < 0 ? columns + labelColumn : labelColumn;
      if (labelIndex < 0 || labelIndex >= columns) {
        throw error("label column " + labelColumn + " is outside the " + columns + " columns of "
            + origin);
      }
    }
    featureCount = columns - 1;
  }

  private void readRow(List<String> fields) throws DataFormatException {
    if (width < 0) {
      setWidth(fields.size(), "line " + lineNumber);
    }
    if (fields.size() != width) {
      throw error("expected " + width + " fields as in " + widthOrigin + ", got " + fields.size());
    }
    if (featureValues + featureCount > features.length) {
      features = Arrays.copyOf(features, grow(features.length, featureValues + featureCount));
    }
    if (rows == labelValues.length) {
      labelValues = Arrays.copyOf(labelValues, grow(labelValues.length, rows + 1));
    }
    for (int c = 0; c < width; c++) {
      if (c == labelIndex) {
        labelValues[rows] = label(fields.get(c), c);
      } else {
        features[featureValues++] = number(fields.get(c), c);
      }
    }
    rows++;
  }

  private double label(String text, int column) throws DataFormatException {
    return switch (labelType) {
      case NUMBER -> number(text, column);
      case CLASS_INDEX -> classIndex(text, column);
      case CLASS_NAME -> className(text, column);
      case NONE -> throw new AssertionError("no label column to read");
    };
  }

  private int classIndex(String text, int column) throws DataFormatException {
    double value = number(text, column);
    List<String> names = knownClassNames();
    int k = names.isEmpty() ? classCount : names.size();
    if (value != Math.rint(value) || value < 0) {
      throw error("expected a class index (an integer from 0) in " + columnName(column) + ", got \""
          + text + "\"");
    }
    if (k > 0 && value >= k) {
      throw error("class index " + text + " in " + columnName(column) + " is outside [0, " + k
          + ")" + (names.isEmpty() ? "" : ", the classes " + names));
    }
    if (k == 0 && value >= CsvReader.MAX_INFERRED_CLASSES) {
      throw error("class index " + text + " in " + columnName(column) + " is above "
          + (CsvReader.MAX_INFERRED_CLASSES - 1) + ", the most classes inferred from the file; give"
          + " classCount(...) or classNames(...) to the builder for more");
    }
    return (int) value;
  }

  private int className(String text, int column) throws DataFormatException {
    if (text.isEmpty()) {
      throw error("expected a class name in " + columnName(column) + ", got an empty field");
    }
    if (!classNames.isEmpty()) {
      int k = classNames.indexOf(text);
      if (k < 0) {
        throw error("unknown class \"" + text + "\" in " + columnName(column) + "; expected one of "
            + classNames);
      }
      return k;
    }
    Integer k = nameIndex.get(text);
    if (k == null) {
      k = namesInOrder.size();
      nameIndex.put(text, k);
      namesInOrder.add(text);
    }
    return k;
  }

  private double number(String text, int column) throws DataFormatException {
    if (text.isEmpty()) {
      throw error("expected a number in " + columnName(column) + ", got an empty field");
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error("expected a number in " + columnName(column) + ", got \"" + text + "\"");
    }
    if (!Double.isFinite(value)) {
      throw error("expected a finite number in " + columnName(column) + ", got \"" + text + "\"");
    }
    return value;
  }

  private String columnName(int column) {
    return column < columnNames.size()
        ? "column " + column + " (" + columnNames.get(column) + ")"
        : "column " + column;
  }

  /** Splits a line at the delimiter; quoted fields keep delimiters and {@code ""} stands for {@code "}. */
  private List<String> split(String line) throws DataFormatException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      // Skip leading blanks, then either a quoted or a plain field.
      while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        int open = i;
        i++;
        while (true) {
          if (i >= n) {
            throw error("unterminated quote opened at character " + (open + 1));
          }
          char ch = line.charAt(i++);
          if (ch == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(ch);
          }
        }
        while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
          i++;
        }
        if (i < n && line.charAt(i) != delimiter) {
          throw error("unexpected text after the closing quote of the field that opens at character "
              + (open + 1));
        }
        fields.add(field.toString());
      } else {
        int start = i;
        while (i < n && line.charAt(i) != delimiter) {
          i++;
        }
        fields.add(line.substring(start, i).trim());
      }
      if (i >= n) {
        return fields;
      }
      i++; // the delimiter
    }
  }

  private DataFormatException error(String problem) {
    return new DataFormatException(source + ", line " + lineNumber + ": " + problem);
  }

  /** A capacity for at least {@code needed} values: doubling, up to the largest array a JVM allows. */
  private static int grow(int current, int needed) {
    long next = Math.max((long) current * 2, needed);
    if (next > Integer.MAX_VALUE - 8) {
      next = Integer.MAX_VALUE - 8;
    }
    checkState(next >= needed, "Too many values for one matrix: %s", needed);
    return (int) next;
  }
}
