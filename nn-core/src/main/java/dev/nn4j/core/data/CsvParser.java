package dev.nn4j.core.data;

import dev.nn4j.core.data.CsvReader.Header;
import dev.nn4j.core.data.CsvReader.LabelType;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one {@link CsvReader} read: a new parser per call, so that a reader can be used from many
 * threads. Reads lines, checks them against the reader's configuration and collects the values.
 *
 * <p>Memory is bounded by the reader's limits, whatever the file: a line is refused once it is longer than
 * {@link CsvReader#maxLineLength()} characters ({@link LineReader}); its fields are read one by one from
 * the line rather than split into a list of strings first; and before a row is stored, the data set it
 * would make (features and labels as doubles, one-hot labels in as many columns as there are classes so
 * far, and the names kept from the file) is checked against {@link CsvReader#maxBytes()}.
 */
final class CsvParser {
  /** The most elements a Java array, and so a {@link Matrix}, can hold on common JVMs. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** The characters of a value or name from the file quoted in a message; the rest is left out. */
  private static final int SHOWN = 60;

  /** The names of a list from the file shown in a message; the rest are counted. */
  private static final int SHOWN_NAMES = 10;

  /** How to raise the limit on the bytes of the data set, for messages. */
  private static final String RAISE_MAX_BYTES =
      "; raise it with CsvReader.builder().maxBytes(...) (by default a quarter of the maximum heap) and"
          + " give the JVM the heap (-Xmx)";

  private final String source;
  private final char delimiter;
  private final Header header;
  private final LabelType labelType;
  private final int labelColumn;
  private final String labelColumnName;
  private final List<String> classNames;
  private final int classCount;
  private final int maxLineLength;
  private final long maxBytes;
  private LineReader lines;
  private long lineNumber;
  private List<String> columnNames = List.of();
  private int width = -1;
  private String widthOrigin;
  private int labelIndex = -1;
  private int declaredSamples = -1;
  private long declaredLine;
  private List<String> headerClassNames = List.of();
  private int featureCount;
  private Values features = new Values();
  private Values labels = new Values();
  private int rows;
  private int largestClass = -1;
  private final Map<String, Integer> nameIndex = new HashMap<>();
  private final List<String> namesInOrder = new ArrayList<>();
  /** An estimate of the memory the names kept from the file take: column and class names. */
  private long nameBytes;

  /** The line being read, and where its next field starts. */
  private String line;

  private int position;
  private boolean lineDone;
  private final StringBuilder quoted = new StringBuilder();

  CsvParser(CsvReader reader, String source) {
    this.source = source;
    this.delimiter = reader.delimiter();
    this.header = reader.header();
    this.labelType = reader.labelType();
    this.labelColumn = reader.labelColumn();
    this.labelColumnName = reader.labelColumnName();
    this.classNames = reader.classNames();
    this.classCount = reader.classCount();
    this.maxLineLength = reader.maxLineLength();
    this.maxBytes = reader.maxBytes();
  }

  /** The number of the line read last; 0 before the first. */
  long lineNumber() {
    return lines == null ? 0 : lines.lineNumber();
  }

  /** Reads every line of {@code reader} into a data set; see {@link CsvReader} for the format. */
  DataSet parse(Reader reader) throws IOException {
    lines = new LineReader(reader, source, maxLineLength);
    boolean seenContent = false;
    boolean headerPending = header != Header.NONE;
    String text;
    while ((text = lines.next()) != null) {
      lineNumber = lines.lineNumber();
      if (lineNumber == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      seenContent = true;
      line = text;
      position = 0;
      lineDone = false;
      if (headerPending) {
        headerPending = false;
        readHeader();
      } else {
        readRow();
      }
    }
    line = null;
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
    // The values are copied into the matrix and their blocks dropped, before the labels are made.
    Matrix x = Matrix.wrap(rows, featureCount, features.toArray());
    features = null;
    double[] labelValues = labels.toArray();
    labels = null;
    return switch (labelType) {
      case NONE -> DataSet.wrap(x, new Matrix(rows, 0));
      case NUMBER -> DataSet.wrap(x, Matrix.wrap(rows, 1, labelValues));
      case CLASS_INDEX -> classIndexData(x, labelValues);
      case CLASS_NAME -> classNameData(x, labelValues);
    };
  }

  private DataSet classIndexData(Matrix x, double[] labelValues) {
    int[] classes = new int[rows];
    for (int i = 0; i < rows; i++) {
      classes[i] = (int) labelValues[i];
    }
    return DataSet.wrap(x, OneHot.encode(classes, classColumns()), knownClassNames());
  }

  private DataSet classNameData(Matrix x, double[] labelValues) {
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

  /** The label columns the data set has with the rows read so far: one per class for classes. */
  private long labelColumns() {
    return switch (labelType) {
      case NONE -> 0;
      case NUMBER -> 1;
      case CLASS_INDEX, CLASS_NAME -> classColumns();
    };
  }

  /** The number of classes known so far: given, named in the header, or seen in the file. */
  private int classColumns() {
    if (labelType == LabelType.CLASS_NAME) {
      return classNames.isEmpty() ? namesInOrder.size() : classNames.size();
    }
    List<String> names = knownClassNames();
    return !names.isEmpty() ? names.size() : classCount > 0 ? classCount : largestClass + 1;
  }

  private void readHeader() throws DataFormatException {
    if (header == Header.NAMES) {
      columnNames = keepNames();
      setWidth(columnNames.size(), "the header on line " + lineNumber);
      return;
    }
    // SKLEARN: n_samples, n_features, class names...
    int count = countFields();
    if (count < 2) {
      throw error("expected a header \"n_samples,n_features[,class names...]\", got " + count
          + " field(s)");
    }
    declaredSamples = headerCount(nextField(true), "n_samples");
    int declaredFeatures = headerCount(nextField(true), "n_features");
    declaredLine = lineNumber;
    headerClassNames = keepNames();
    if (labelType == LabelType.CLASS_INDEX && classNames.isEmpty() && classCount > 0
        && !headerClassNames.isEmpty() && headerClassNames.size() != classCount) {
      throw error("the header names " + headerClassNames.size() + " classes " + listed(headerClassNames)
          + ", but the reader was configured with classCount " + classCount);
    }
    int columns = labelType == LabelType.NONE ? declaredFeatures : declaredFeatures + 1;
    setWidth(columns, "the header on line " + lineNumber + " (n_features " + declaredFeatures
        + (labelType == LabelType.NONE ? ")" : " + 1 label)"));
  }

  /** The rest of the fields of a header line, counted against the limit as they are kept. */
  private List<String> keepNames() throws DataFormatException {
    List<String> names = new ArrayList<>();
    while (!lineDone) {
      String name = nextField(true);
      nameBytes += nameCost(name);
      if (nameBytes > maxBytes) {
        throw error("the names in the header take about " + nameBytes + " bytes, more than the limit of "
            + maxBytes + " bytes" + RAISE_MAX_BYTES);
      }
      names.add(name);
    }
    return List.copyOf(names);
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
    throw error("expected " + what + " as a non-negative integer in the header, got " + quoted(text));
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
        throw error("no column named " + quoted(labelColumnName) + " for the label; the columns are "
            + listed(columnNames));
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

  private void readRow() throws DataFormatException {
    int count = countFields();
    if (width < 0) {
      setWidth(count, "line " + lineNumber);
    }
    if (count != width) {
      throw error("expected " + width + " fields as in " + widthOrigin + ", got " + count);
    }
    // Checked before the row's values are stored, then again if its label adds a class.
    checkLimit(rows + 1L);
    long classesBefore = labelColumns();
    double label = 0;
    for (int c = 0; c < width; c++) {
      String text = nextField(true);
      if (c == labelIndex) {
        label = label(text, c);
      } else {
        features.add(number(text, c));
      }
    }
    if (labelType != LabelType.NONE) {
      labels.add(label);
    }
    rows++;
    if (labelColumns() != classesBefore) {
      checkLimit(rows);
    }
  }

  /**
   * Checks that {@code rowsAfter} rows, with the classes and names known now, make a data set within the
   * limit and within what one matrix holds.
   */
  private void checkLimit(long rowsAfter) throws DataFormatException {
    long labelColumns = labelColumns();
    long bytes = saturatedAdd(
        saturatedMultiply(8, saturatedMultiply(rowsAfter, featureCount + labelColumns)), nameBytes);
    if (bytes > maxBytes) {
      String labelsTaken = switch (labelType) {
        case NONE -> "no labels";
        case NUMBER -> "1 label column";
        case CLASS_INDEX, CLASS_NAME -> labelColumns + (labelColumns == 1 ? " class column" : " class columns");
      };
      throw error("with this row the data would take " + bytes + " bytes (" + rowsAfter + " rows of "
          + featureCount + (featureCount == 1 ? " feature" : " features") + " and " + labelsTaken
          + ", as doubles" + (nameBytes > 0 ? ", and about " + nameBytes + " bytes of names" : "")
          + "), more than the limit of " + maxBytes + " bytes" + RAISE_MAX_BYTES);
    }
    if (rowsAfter * featureCount > MAX_VALUES || rowsAfter * labelColumns > MAX_VALUES) {
      throw error("with this row the data would have " + rowsAfter + " rows of " + featureCount
          + (featureCount == 1 ? " feature" : " features") + " and " + labelColumns
          + (labelColumns == 1 ? " label column" : " label columns") + ", more values than one matrix"
          + " holds (" + MAX_VALUES + ")");
    }
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
      throw error("expected a class index (an integer from 0) in " + columnName(column) + ", got "
          + quoted(text));
    }
    if (k > 0 && value >= k) {
      throw error("class index " + shortened(text) + " in " + columnName(column) + " is outside [0, " + k
          + ")" + (names.isEmpty() ? "" : ", the classes " + listed(names)));
    }
    if (k == 0 && value >= CsvReader.MAX_INFERRED_CLASSES) {
      throw error("class index " + shortened(text) + " in " + columnName(column) + " is above "
          + (CsvReader.MAX_INFERRED_CLASSES - 1) + ", the most classes inferred from the file; give"
          + " classCount(...) or classNames(...) to the builder for more");
    }
    largestClass = Math.max(largestClass, (int) value);
    return (int) value;
  }

  private int className(String text, int column) throws DataFormatException {
    if (text.isEmpty()) {
      throw error("expected a class name in " + columnName(column) + ", got an empty field");
    }
    if (!classNames.isEmpty()) {
      int k = classNames.indexOf(text);
      if (k < 0) {
        throw error("unknown class " + quoted(text) + " in " + columnName(column) + "; expected one of "
            + listed(classNames));
      }
      return k;
    }
    Integer k = nameIndex.get(text);
    if (k == null) {
      // As for class indices. With one label per row, the one-matrix bound of checkLimit (46,340 rows of
      // as many classes) comes first today; this holds whatever the matrices can hold.
      if (namesInOrder.size() >= CsvReader.MAX_INFERRED_CLASSES) {
        throw error("class name " + quoted(text) + " in " + columnName(column) + " would be class "
            + (namesInOrder.size() + 1) + ", above " + CsvReader.MAX_INFERRED_CLASSES + ", the most"
            + " classes inferred from the file; give classNames(...) to the builder for more");
      }
      k = namesInOrder.size();
      nameIndex.put(text, k);
      namesInOrder.add(text);
      nameBytes += nameCost(text);
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
      throw error("expected a number in " + columnName(column) + ", got " + quoted(text));
    }
    if (!Double.isFinite(value)) {
      throw error("expected a finite number in " + columnName(column) + ", got " + quoted(text));
    }
    return value;
  }

  private String columnName(int column) {
    return column < columnNames.size()
        ? "column " + column + " (" + shortened(columnNames.get(column)) + ")"
        : "column " + column;
  }

  /** The number of fields on the rest of the line, read without keeping them. */
  private int countFields() throws DataFormatException {
    int start = position;
    int count = 0;
    while (!lineDone) {
      nextField(false);
      count++;
    }
    position = start;
    lineDone = false;
    return count;
  }

  /**
   * The next field of the line (trimmed; quoted with {@code "..."}, a quote inside written {@code ""}), or
   * null when it is only skipped. Fields are separated by the delimiter, so a line of {@code n}
   * delimiters outside quotes has {@code n + 1} fields.
   */
  private String nextField(boolean keep) throws DataFormatException {
    int i = position;
    int n = line.length();
    // Skip leading blanks, then either a quoted or a plain field.
    while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String text = null;
    if (i < n && line.charAt(i) == '"') {
      int open = i;
      i++;
      quoted.setLength(0);
      while (true) {
        if (i >= n) {
          throw error("unterminated quote opened at character " + (open + 1));
        }
        char ch = line.charAt(i++);
        if (ch == '"') {
          if (i < n && line.charAt(i) == '"') {
            if (keep) {
              quoted.append('"');
            }
            i++;
          } else {
            break;
          }
        } else if (keep) {
          quoted.append(ch);
        }
      }
      while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i < n && line.charAt(i) != delimiter) {
        throw error("unexpected text after the closing quote of the field that opens at character "
            + (open + 1));
      }
      if (keep) {
        text = quoted.toString();
      }
    } else {
      int start = i;
      while (i < n && line.charAt(i) != delimiter) {
        i++;
      }
      if (keep) {
        text = line.substring(start, i).trim();
      }
    }
    if (i >= n) {
      lineDone = true;
    } else {
      position = i + 1; // past the delimiter
    }
    return text;
  }

  private DataFormatException error(String problem) {
    return new DataFormatException(source + ", line " + lineNumber + ": " + problem);
  }

  /** About the memory a name kept from the file takes: the string, its characters, a map entry. */
  private static long nameCost(String name) {
    return 64 + 2L * name.length();
  }

  /** Text from the file in quotes, cut short if it is long: a message does not copy a whole line. */
  private static String quoted(String text) {
    return text.length() <= SHOWN
        ? "\"" + text + "\""
        : "\"" + text.substring(0, SHOWN) + "...\" (" + text.length() + " characters)";
  }

  /** Text from the file, cut short if it is long. */
  private static String shortened(String text) {
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " characters)";
  }

  /** Names as a list, the first few of a long list only, each cut short if it is long. */
  private static String listed(List<String> names) {
    StringBuilder shown = new StringBuilder("[");
    for (int i = 0; i < names.size() && i < SHOWN_NAMES; i++) {
      shown.append(i == 0 ? "" : ", ").append(shortened(names.get(i)));
    }
    if (names.size() > SHOWN_NAMES) {
      shown.append(", ... (").append(names.size()).append(" in all)");
    }
    return shown.append(']').toString();
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Values collected in blocks rather than one array grown by doubling, so that reading costs the values
   * once while they arrive and twice only while they are copied into their matrix, without the spikes of
   * copying a doubled array.
   */
  private static final class Values {
    private static final int FIRST_BLOCK = 1 << 10;
    private static final int LARGEST_BLOCK = 1 << 15;
    private final List<double[]> blocks = new ArrayList<>();
    private double[] current = new double[0];
    private int inCurrent;
    private long size;

    void add(double value) {
      if (inCurrent == current.length) {
        current = new double[current.length == 0 ? FIRST_BLOCK : Math.min(2 * current.length, LARGEST_BLOCK)];
        blocks.add(current);
        inCurrent = 0;
      }
      current[inCurrent++] = value;
      size++;
    }

    /** The values in one array of their exact number (checked to fit one by the limit check). */
    double[] toArray() {
      double[] all = new double[Math.toIntExact(size)];
      int at = 0;
      for (int b = 0; b < blocks.size(); b++) {
        double[] block = blocks.get(b);
        int n = (int) Math.min(block.length, size - at);
        System.arraycopy(block, 0, all, at, n);
        at += n;
        blocks.set(b, null);
      }
      return all;
    }
  }
}
