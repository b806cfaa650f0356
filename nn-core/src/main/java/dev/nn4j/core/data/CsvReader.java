package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * Reads a {@link DataSet} from a CSV file: one sample per line, its features and its label separated by
 * a delimiter. Configure a reader once with {@link #builder()} and read as many files with it as you
 * like; it is immutable and thread-safe.
 *
 * <pre>{@code
 * // iris.csv as bundled with scikit-learn: "150,4,setosa,versicolor,virginica", then "5.1,3.5,1.4,0.2,0"
 * CsvReader reader = CsvReader.builder()
 *     .header(CsvReader.Header.SKLEARN)
 *     .labels(CsvReader.LabelType.CLASS_INDEX)
 *     .build();
 * DataSet iris = reader.read(Path.of("iris.csv"));   // 150 x 4 features, 150 x 3 one-hot labels
 * }</pre>
 *
 * <p><b>Format.</b> Fields are split at the delimiter (default {@code ','}) and trimmed; a field may be
 * quoted with {@code "..."}, a quote inside written {@code ""}. Blank lines are skipped. Every line must
 * have as many fields as the first (or as the header says). Text is UTF-8; a leading byte-order mark is
 * ignored. Lines are counted from 1 as in an editor, columns from 0 as in {@link
 * Builder#labelColumn(int)}.
 *
 * <p><b>Labels.</b> One column holds the label (the last unless {@link Builder#labelColumn} says
 * otherwise); see {@link LabelType} for how it is read. Class labels come out one-hot encoded, one label
 * column per class, ready for softmax with cross-entropy; their names, when known, are in {@link
 * DataSet#classNames()}.
 *
 * <p><b>Sources.</b> {@link #read(Path)} reads a file and decompresses it when it is gzipped, which is
 * recognized by its first two bytes ({@code 1f 8b}) rather than by a ".gz" name; {@link
 * #read(InputStream, String)} does the same with a stream, and {@link #read(Reader, String)} reads text.
 * Every malformed input throws {@link DataFormatException} naming the file (or the source name given),
 * the line and, for a bad value, the column and its text. A path must name a regular file: a directory,
 * a named pipe or a device is refused with an {@link IOException} naming it, before it is opened.
 *
 * <p><b>Limits.</b> A file cannot make the reader run out of memory, whatever it holds: a line longer than
 * {@link Builder#maxLineLength(int)} characters (a file without line breaks, a gigabyte of NUL bytes, a
 * gzip bomb) is refused once that much of it is read, and a row is refused before it is stored if the
 * data set would then take more than {@link Builder#maxBytes(long)} bytes: features and labels as
 * doubles, one-hot labels in one column per class, so that a few rows of class 65535, or thousands of
 * distinct class names, are refused before their labels are allocated. Both refusals are {@link
 * DataFormatException}s naming the file, the line, the limit and how to raise it. The defaults fit any
 * real table: lines of up to 4 Mi characters, data sets of up to a quarter of the heap.
 */
public final class CsvReader {
  /**
   * The most classes inferred from the file: by {@link LabelType#CLASS_INDEX} from the largest index, by
   * {@link LabelType#CLASS_NAME} from the distinct names. More take {@link Builder#classCount} or {@link
   * Builder#classNames}.
   */
  public static final int MAX_INFERRED_CLASSES = 65_536;

  /**
   * The longest line read by default, in characters: 4 Mi (4,194,304). The widest tables in common use,
   * gene expression matrices of 20,000 to 60,000 columns, have lines of about a megabyte; this leaves room
   * for 200,000 columns of 20-character numbers, while a line costs at most about 16 MB while it is read.
   */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 22;

  /** The longest line a reader can be configured for: the largest char array, less one. */
  private static final int LARGEST_LINE_LENGTH = Integer.MAX_VALUE - 9;

  /** What the first line of the file is. */
  public enum Header {
    /** No header: the first line is a sample. */
    NONE,
    /** The first line names the columns; {@link Builder#labelColumn(String)} can then pick one by name. */
    NAMES,
    /**
     * The first line is {@code n_samples,n_features,class names...}, the header of the CSV files bundled
     * with scikit-learn (iris, wine, breast cancer): the file must then have exactly {@code n_samples}
     * lines of {@code n_features + 1} fields, and the class names name the classes of {@link
     * LabelType#CLASS_INDEX} labels.
     */
    SKLEARN
  }

  /** How the label column is read. */
  public enum LabelType {
    /**
     * A number, kept as it is: a regression target, one label column ({@code size() x 1}).
     */
    NUMBER,
    /**
     * An integer class index {@code 0, 1, ..., K-1}, one-hot encoded into {@code K} label columns. {@code
     * K} comes from {@link Builder#classNames}, else {@link Builder#classCount}, else the class names of
     * a {@link Header#SKLEARN} header, else the largest index in the file plus one.
     */
    CLASS_INDEX,
    /**
     * A class name such as {@code setosa}, mapped to an index and one-hot encoded. Given {@link
     * Builder#classNames}, class {@code k} is the {@code k}-th of them and any other name is an error.
     * Otherwise the names found in the file are <b>sorted</b> (by {@link String#compareTo}) and numbered
     * in that order, as scikit-learn's {@code LabelEncoder} does: sorting rather than order of first
     * appearance makes the numbering independent of the order of the lines, so a shuffled copy of the
     * file, or its test part, gives every class the same index.
     */
    CLASS_NAME,
    /** There is no label column: every column is a feature and the labels have no columns. */
    NONE
  }

  private final char delimiter;
  private final Header header;
  private final int labelColumn;
  private final String labelColumnName;
  private final LabelType labelType;
  private final ImmutableList<String> classNames;
  private final int classCount;
  private final int maxLineLength;
  private final long maxBytes;

  private CsvReader(Builder b) {
    this.delimiter = b.delimiter;
    this.header = b.header;
    this.labelColumn = b.labelColumn;
    this.labelColumnName = b.labelColumnName;
    this.labelType = b.labelType;
    this.classNames = b.classNames;
    this.classCount = b.classCount;
    this.maxLineLength = b.maxLineLength;
    this.maxBytes = b.maxBytes > 0 ? b.maxBytes : defaultMaxBytes();
  }

  /**
   * A builder with the defaults: delimiter {@code ','}, no header, the last column a {@link
   * LabelType#NUMBER} label, lines of up to {@link #DEFAULT_MAX_LINE_LENGTH} characters, a data set of
   * up to {@link #defaultMaxBytes()} bytes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default of {@link Builder#maxBytes(long)}: a quarter of the maximum heap ({@link
   * Runtime#maxMemory()}, set with {@code -Xmx}). Reading takes the data set twice for a moment (the
   * values as they arrive, then the matrices they are copied into), and the data set is usually copied
   * once more to be shuffled or split; a quarter leaves room for that and for the rest of the program,
   * while any data set that fits such a heap reads: the 150 flowers of iris take 6 KB, 60,000 images of
   * 784 pixels 376 MB (a 1.5 GB heap).
   *
   * @return the default limit, in bytes
   */
  public static long defaultMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * Reads the file at {@code path}, gzipped or not; error messages name it by {@code path.toString()}.
   *
   * @param path the CSV file, plain or gzipped
   * @return the samples, features and labels
   * @throws DataFormatException if the file is malformed or beyond a limit
   * @throws IOException if it cannot be read, or is not a regular file (a directory, a named pipe)
   */
  public DataSet read(Path path) throws IOException {
    checkNotNull(path, "path");
    try (InputStream in = Streams.openRegularFile(path)) {
      return read(in, path.toString());
    }
  }

  /**
   * Reads CSV bytes from {@code in}, gzipped or not, without closing it; {@code source} names the input
   * in error messages.
   *
   * @param in the CSV bytes, plain or gzipped
   * @param source the name of the input for error messages
   * @return the samples, features and labels
   * @throws DataFormatException if the data is malformed (a corrupt gzip header included) or beyond a
   *     limit
   * @throws IOException if it cannot be read
   */
  public DataSet read(InputStream in, String source) throws IOException {
    checkNotNull(in, "in");
    checkNotNull(source, "source");
    CsvParser parser = new CsvParser(this, source);
    InputStream data = Streams.maybeGunzip(in, source, "line 1");
    try {
      return parser.parse(new InputStreamReader(data, StandardCharsets.UTF_8));
    } catch (ZipException | EOFException e) {
      // Only the gzip layer throws these: compressed data that is corrupt or cut short.
      throw new DataFormatException(
          source + ", line " + (parser.lineNumber() + 1) + ": corrupt or truncated gzip data: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Reads CSV text from {@code in} without closing it; {@code source} names the input in error messages.
   *
   * @param in the CSV text
   * @param source the name of the input for error messages
   * @return the samples, features and labels
   * @throws DataFormatException if the text is malformed or beyond a limit
   * @throws IOException if it cannot be read
   */
  public DataSet read(Reader in, String source) throws IOException {
    checkNotNull(in, "in");
    checkNotNull(source, "source");
    return new CsvParser(this, source).parse(in);
  }

  /**
   * The field delimiter.
   *
   * @return the delimiter
   */
  public char delimiter() {
    return delimiter;
  }

  /**
   * What the first line is.
   *
   * @return the header kind
   */
  public Header header() {
    return header;
  }

  /**
   * How the label column is read.
   *
   * @return the label type
   */
  public LabelType labelType() {
    return labelType;
  }

  /**
   * The longest line read, in characters.
   *
   * @return the limit on a line's length
   */
  public int maxLineLength() {
    return maxLineLength;
  }

  /**
   * The most bytes a data set read may take: its features and labels as doubles, one-hot labels in one
   * column per class, and the names kept from the file.
   *
   * @return the limit, in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }

  /** The label column's index, negative counting from the end; unused when it is given by name. */
  int labelColumn() {
    return labelColumn;
  }

  /** The label column's name, or null when it is given by index. */
  String labelColumnName() {
    return labelColumnName;
  }

  /** The class names given to the builder, empty if none. */
  List<String> classNames() {
    return classNames;
  }

  /** The class count given to the builder, 0 if none. */
  int classCount() {
    return classCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvReader r
        && delimiter == r.delimiter
        && header == r.header
        && labelColumn == r.labelColumn
        && Objects.equals(labelColumnName, r.labelColumnName)
        && labelType == r.labelType
        && classNames.equals(r.classNames)
        && classCount == r.classCount
        && maxLineLength == r.maxLineLength
        && maxBytes == r.maxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        delimiter,
        header,
        labelColumn,
        labelColumnName,
        labelType,
        classNames,
        classCount,
        maxLineLength,
        maxBytes);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("delimiter", "'" + delimiter + "'")
        .add("header", header)
        .add("labelColumn", labelColumnName != null ? labelColumnName : labelColumn)
        .add("labelType", labelType)
        .add("classNames", classNames)
        .add("classCount", classCount == 0 ? "inferred" : classCount)
        .add("maxLineLength", maxLineLength)
        .add("maxBytes", maxBytes)
        .toString();
  }

  /** Builds a {@link CsvReader}; each setter checks its argument at once. */
  public static final class Builder {
    private char delimiter = ',';
    private Header header = Header.NONE;
    private int labelColumn = -1;
    private String labelColumnName;
    private LabelType labelType = LabelType.NUMBER;
    private ImmutableList<String> classNames = ImmutableList.of();
    private int classCount;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    /** 0 for {@link #defaultMaxBytes()}, taken when the reader is built. */
    private long maxBytes;

    private Builder() {}

    /**
     * The field delimiter, {@code ','} by default ({@code '\t'} for TSV, {@code ';'} in some locales).
     *
     * @param delimiter the delimiter, not a quote or a line break
     * @return this builder
     */
    public Builder delimiter(char delimiter) {
      checkArgument(
          delimiter != '"' && delimiter != '\n' && delimiter != '\r',
          "Expected a delimiter other than a quote or a line break, got %s",
          (int) delimiter);
      this.delimiter = delimiter;
      return this;
    }

    /**
     * What the first line is; {@link Header#NONE} by default.
     *
     * @param header the header kind
     * @return this builder
     */
    public Builder header(Header header) {
      this.header = checkNotNull(header, "header");
      return this;
    }

    /**
     * The label column by index from 0; a negative index counts from the end, so {@code -1} (the
     * default) is the last column.
     *
     * @param index the column index, from 0, or negative from the end
     * @return this builder
     */
    public Builder labelColumn(int index) {
      this.labelColumn = index;
      this.labelColumnName = null;
      return this;
    }

    /**
     * The label column by its name in a {@link Header#NAMES} header.
     *
     * @param name the column's name in the header
     * @return this builder
     */
    public Builder labelColumn(String name) {
      checkNotNull(name, "name");
      checkArgument(!name.isBlank(), "Expected a column name, got a blank one");
      this.labelColumnName = name;
      return this;
    }

    /**
     * How the label column is read; {@link LabelType#NUMBER} by default.
     *
     * @param labelType how labels are read
     * @return this builder
     */
    public Builder labels(LabelType labelType) {
      this.labelType = checkNotNull(labelType, "labelType");
      return this;
    }

    /**
     * The classes, in index order: fixes the mapping of {@link LabelType#CLASS_NAME} labels (any other
     * name in the file is an error) and the number and names of {@link LabelType#CLASS_INDEX} classes.
     *
     * @param names the class names, distinct, at least one
     * @return this builder
     */
    public Builder classNames(List<String> names) {
      checkNotNull(names, "names");
      checkArgument(!names.isEmpty(), "Expected at least one class name, got none");
      checkArgument(
          new HashSet<>(names).size() == names.size(), "Expected distinct class names, got %s", names);
      this.classNames = ImmutableList.copyOf(names);
      return this;
    }

    /**
     * The number of {@link LabelType#CLASS_INDEX} classes, when the file may not show the largest.
     *
     * @param classes the number of classes, at least 1
     * @return this builder
     */
    public Builder classCount(int classes) {
      checkArgument(classes >= 1, "Expected at least 1 class, got %s", classes);
      this.classCount = classes;
      return this;
    }

    /**
     * The longest line the reader takes, in characters not counting the line break; {@link
     * #DEFAULT_MAX_LINE_LENGTH} (4 Mi) by default. A longer line is refused with a {@link
     * DataFormatException} as soon as that much of it has been read, so that a file without line breaks
     * costs no more memory than this (two bytes a character, while the line is read).
     *
     * @param chars the most characters in a line, at least 1
     * @return this builder
     */
    public Builder maxLineLength(int chars) {
      checkArgument(
          chars >= 1 && chars <= LARGEST_LINE_LENGTH,
          "Expected a line length limit from 1 to %s characters, got %s",
          LARGEST_LINE_LENGTH,
          chars);
      this.maxLineLength = chars;
      return this;
    }

    /**
     * The most bytes a data set read may take: {@code 8 * rows * (features + label columns)}, one label
     * column per class for class labels, plus about {@code 64 + 2 * length} bytes for each column or
     * class name kept from the file. Each row is checked before it is stored, so a file beyond the limit
     * is refused with a {@link DataFormatException} naming the line where it got there. Reading takes up
     * to about twice this for a moment, while the values are copied into their matrices. {@link
     * #defaultMaxBytes()} (a quarter of the maximum heap) by default.
     *
     * @param bytes the limit, at least 1
     * @return this builder
     */
    public Builder maxBytes(long bytes) {
      checkArgument(bytes >= 1, "Expected a positive limit on the bytes of a data set, got %s", bytes);
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The reader.
     *
     * @return the configured reader
     * @throws IllegalStateException if a label column is named without a {@link Header#NAMES} header,
     *     class names or a class count are given for labels that are not classes, or both are given
     *     and disagree
     */
    public CsvReader build() {
      checkState(
          labelColumnName == null || header == Header.NAMES,
          "labelColumn(\"%s\") picks a column by name, which needs header(Header.NAMES); header is %s",
          labelColumnName,
          header);
      boolean classes = labelType == LabelType.CLASS_INDEX || labelType == LabelType.CLASS_NAME;
      checkState(
          classes || (classNames.isEmpty() && classCount == 0),
          "classNames(...) and classCount(...) need labels(CLASS_INDEX) or labels(CLASS_NAME); labels"
              + " are %s",
          labelType);
      checkState(
          classNames.isEmpty() || classCount == 0 || classNames.size() == classCount,
          "classCount(%s) disagrees with the %s classNames %s",
          classCount,
          classNames.size(),
          classNames);
      return new CsvReader(this);
    }
  }
}
