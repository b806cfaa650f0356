package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.data.CsvReader.Header;
import dev.nn4j.core.data.CsvReader.LabelType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path dir;

  private static final CsvReader NUMBERS = CsvReader.builder().build();
  private static final CsvReader CLASS_INDEX =
      CsvReader.builder().labels(LabelType.CLASS_INDEX).build();
  private static final CsvReader SKLEARN =
      CsvReader.builder().header(Header.SKLEARN).labels(LabelType.CLASS_INDEX).build();

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private Path writeGzip(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** Asserts a {@link DataFormatException} whose message names the file and the line. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertBadFile(
      CsvReader reader, Path file, int line) {
    return assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line " + line + ":");
  }

  @Test
  void readsNumbersWithoutAHeaderTakingTheLastColumnAsTheTarget() throws IOException {
    Path file = write("plain.csv", "1.5,2,10\n-3,4e-1,20.5\n");

    DataSet data = NUMBERS.read(file);

    assertThat(data.features().toArray()).isEqualTo(new double[][] {{1.5, 2}, {-3, 0.4}});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{10}, {20.5}});
    assertThat(data.classNames()).isEmpty();
  }

  @Test
  void readsAHeaderOfNamesAndClassNamesNumberedInSortedOrder() throws IOException {
    CsvReader reader =
        CsvReader.builder()
            .header(Header.NAMES)
            .labelColumn("fruit")
            .labels(LabelType.CLASS_NAME)
            .build();

    DataSet data;
    try (InputStream in = getClass().getResourceAsStream("/data/fruit.csv")) {
      data = reader.read(in, "fruit.csv");
    }

    // apple < banana < pear, whatever the order the lines give them in.
    assertThat(data.classNames()).containsExactly("apple", "banana", "pear");
    assertThat(OneHot.decode(data.labels())).containsExactly(2, 0, 1, 2);
    assertThat(data.features().toArray())
        .isEqualTo(new double[][] {{150, 0.6}, {120, 0.7}, {118, 0.9}, {160, 0.5}});
  }

  @Test
  void classNumberingDoesNotDependOnTheOrderOfTheLines() throws IOException {
    CsvReader reader =
        CsvReader.builder().labelColumn(0).labels(LabelType.CLASS_NAME).build();

    DataSet forward = reader.read(new StringReader("b,1\na,2\nc,3\n"), "forward");
    DataSet backward = reader.read(new StringReader("c,3\na,2\nb,1\n"), "backward");

    assertThat(forward.classNames()).isEqualTo(backward.classNames()).containsExactly("a", "b", "c");
    assertThat(OneHot.decode(forward.labels())).containsExactly(1, 0, 2);
    assertThat(OneHot.decode(backward.labels())).containsExactly(2, 0, 1);
  }

  @Test
  void givenClassNamesFixTheMappingAndRejectOtherNames() throws IOException {
    CsvReader reader =
        CsvReader.builder()
            .labels(LabelType.CLASS_NAME)
            .classNames(List.of("pear", "apple", "banana", "cherry"))
            .build();

    DataSet data = reader.read(new StringReader("1,apple\n2,pear\n"), "given");

    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0, 1, 0, 0}, {1, 0, 0, 0}});
    assertThat(data.classNames()).containsExactly("pear", "apple", "banana", "cherry");
    Path file = write("kiwi.csv", "1,apple\n2,kiwi\n");
    assertBadFile(reader, file, 2)
        .hasMessageContaining("unknown class \"kiwi\" in column 1")
        .hasMessageContaining("[pear, apple, banana, cherry]");
  }

  @Test
  void infersTheClassCountFromTheLargestIndexOrTakesItFromTheBuilder() throws IOException {
    String text = "0.5,2\n0.25,0\n1,1.0\n";

    DataSet inferred = CLASS_INDEX.read(new StringReader(text), "classes.csv");
    DataSet five =
        CsvReader.builder().labels(LabelType.CLASS_INDEX).classCount(5).build()
            .read(new StringReader(text), "classes.csv");

    assertThat(inferred.labels().toArray())
        .isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    assertThat(five.labels().cols()).isEqualTo(5);
    assertThat(OneHot.decode(five.labels())).containsExactly(2, 0, 1);
  }

  @Test
  void readsTheScikitLearnHeaderWithItsClassNames() throws IOException {
    Path file = write("mini-iris.csv", "3,2,setosa,versicolor,virginica\n5.1,3.5,0\n7,3.2,1\n6.3,3.3,2\n");

    DataSet data = SKLEARN.read(file);

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.features().toArray()).isEqualTo(new double[][] {{5.1, 3.5}, {7, 3.2}, {6.3, 3.3}});
    assertThat(data.classNames()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(OneHot.decode(data.labels())).containsExactly(0, 1, 2);
  }

  @Test
  void readsGzippedFilesByTheirMagicBytesWhateverTheName() throws IOException {
    String text = "1,2,0\n3,4,1\n";
    DataSet expected = CLASS_INDEX.read(new StringReader(text), "text");

    assertThat(CLASS_INDEX.read(writeGzip("data.csv.gz", text))).isEqualTo(expected);
    assertThat(CLASS_INDEX.read(writeGzip("misnamed.csv", text))).isEqualTo(expected);
    assertThat(CLASS_INDEX.read(write("decompressed.csv.gz", text))).isEqualTo(expected);
    assertThat(CLASS_INDEX.read(new ByteArrayInputStream(gzip(text)), "stream")).isEqualTo(expected);
  }

  @Test
  void handlesOtherDelimitersQuotesBlankLinesCarriageReturnsAndAByteOrderMark() throws IOException {
    CsvReader reader =
        CsvReader.builder().delimiter(';').labelColumn(0).labels(LabelType.CLASS_NAME).build();

    DataSet data =
        reader.read(
            new StringReader("\uFEFF\"a;b\"; 1.5 ;2\r\n\r\n\"say \"\"hi\"\"\";3;4\r\n"), "semicolons");

    assertThat(data.classNames()).containsExactly("a;b", "say \"hi\"");
    assertThat(data.features().toArray()).isEqualTo(new double[][] {{1.5, 2}, {3, 4}});
    assertThatThrownBy(() -> reader.read(new StringReader("x; 1,5 ;2\n"), "comma"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("comma, line 1: expected a number in column 1, got \"1,5\"");
  }

  @Test
  void readsFeaturesOnlyWhenThereIsNoLabelColumn() throws IOException {
    CsvReader reader = CsvReader.builder().labels(LabelType.NONE).build();

    DataSet data = reader.read(new StringReader("1,2,3\n4,5,6\n"), "unlabelled");

    assertThat(data.features().toArray()).isEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(data.labels().cols()).isZero();
    assertThat(data.labels().rows()).isEqualTo(2);
  }

  @Test
  void rejectsARowOfTheWrongWidth() throws IOException {
    Path file = write("ragged.csv", "1,2,0\n3,4,1\n\n5,0\n");

    assertBadFile(NUMBERS, file, 4).hasMessageContaining("expected 3 fields as in line 1, got 2");
  }

  @Test
  void rejectsARowThatDoesNotMatchTheHeader() throws IOException {
    CsvReader reader = CsvReader.builder().header(Header.NAMES).build();
    Path file = write("named.csv", "a,b,label\n1,2,3,4\n");

    assertBadFile(reader, file, 2)
        .hasMessageContaining("expected 3 fields as in the header on line 1, got 4");
  }

  @Test
  void rejectsNonNumericValuesNamingTheColumnAndTheText() throws IOException {
    CsvReader reader = CsvReader.builder().header(Header.NAMES).build();
    Path file = write("text.csv", "width,height,area\n1,2,2\n3,n/a,12\n");

    assertBadFile(reader, file, 3)
        .hasMessageContaining("expected a number in column 1 (height), got \"n/a\"");
    assertBadFile(NUMBERS, write("empty-field.csv", "1,,2\n"), 1)
        .hasMessageContaining("column 1, got an empty field");
    assertBadFile(NUMBERS, write("nan.csv", "1,2,3\n1,NaN,3\n"), 2)
        .hasMessageContaining("expected a finite number in column 1, got \"NaN\"");
  }

  @Test
  void rejectsAnEmptyFileAndAHeaderWithoutData() throws IOException {
    assertBadFile(NUMBERS, write("empty.csv", ""), 1).hasMessageContaining("the file is empty");
    assertBadFile(NUMBERS, write("blank.csv", "\n  \n"), 1).hasMessageContaining("the file is empty");
    assertBadFile(SKLEARN, write("header-only.csv", "0,4,a,b\n"), 1)
        .hasMessageContaining("header but no data rows");
  }

  @Test
  void rejectsAScikitLearnHeaderThatDisagreesWithTheFile() throws IOException {
    assertBadFile(SKLEARN, write("short.csv", "3,2,a,b\n1,2,0\n3,4,1\n"), 1)
        .hasMessageContaining("declares 3 samples, but the file has 2 data rows");
    assertBadFile(SKLEARN, write("wide.csv", "2,2,a,b\n1,2,0\n3,4,5,1\n"), 3)
        .hasMessageContaining("expected 3 fields as in the header on line 1 (n_features 2 + 1 label)");
    assertBadFile(SKLEARN, write("words.csv", "many,2,a,b\n1,2,0\n"), 1)
        .hasMessageContaining("n_samples as a non-negative integer in the header, got \"many\"");
    assertBadFile(SKLEARN, write("class.csv", "2,2,a,b\n1,2,0\n3,4,2\n"), 3)
        .hasMessageContaining("class index 2 in column 2 is outside [0, 2), the classes [a, b]");
  }

  @Test
  void rejectsClassIndicesThatAreNotIntegersFromZero() throws IOException {
    assertBadFile(CLASS_INDEX, write("half.csv", "1,0\n2,1.5\n"), 2)
        .hasMessageContaining("expected a class index (an integer from 0) in column 1, got \"1.5\"");
    assertBadFile(CLASS_INDEX, write("negative.csv", "1,-1\n"), 1)
        .hasMessageContaining("got \"-1\"");
    assertBadFile(CLASS_INDEX, write("huge.csv", "1,0\n1,1e9\n"), 2)
        .hasMessageContaining("above 65535");
  }

  @Test
  void rejectsALabelColumnTheFileDoesNotHave() throws IOException {
    CsvReader named =
        CsvReader.builder().header(Header.NAMES).labelColumn("species").build();
    CsvReader seventh = CsvReader.builder().labelColumn(7).build();

    assertBadFile(named, write("names.csv", "a,b,kind\n1,2,3\n"), 1)
        .hasMessageContaining("no column named \"species\"")
        .hasMessageContaining("[a, b, kind]");
    assertBadFile(seventh, write("narrow.csv", "\n1,2,3\n"), 2)
        .hasMessageContaining("label column 7 is outside the 3 columns of line 2");
  }

  @Test
  void rejectsAnUnterminatedQuote() throws IOException {
    CsvReader reader = CsvReader.builder().labels(LabelType.CLASS_NAME).build();

    assertBadFile(reader, write("quote.csv", "1,\"open\n"), 1)
        .hasMessageContaining("unterminated quote opened at character 3");
    assertBadFile(reader, write("after.csv", "1,\"a\"b\n"), 1)
        .hasMessageContaining("unexpected text after the closing quote");
  }

  @Test
  void rejectsTruncatedGzipDataAsAFormatError() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(',').append(i % 3).append('\n');
    }
    byte[] full = gzip(text.toString());
    Path file = dir.resolve("cut.csv.gz");
    Files.write(file, Arrays.copyOf(full, full.length / 2));

    assertThatThrownBy(() -> CLASS_INDEX.read(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line ")
        .hasMessageContaining("corrupt or truncated gzip data");
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedNamingTheFileTheLineAndTheLimit() throws IOException {
    CsvReader reader = CsvReader.builder().maxLineLength(10).build();
    // Lines 1 and 2 are 3 and exactly 10 characters (the \r\n is not counted); line 3 is 11.
    String text = "1,2\r\n12345678,0\r\n123456789,0\n";

    assertThat(reader.read(new StringReader("1,2\r\n12345678,0\r\n"), "ten").size()).isEqualTo(2);
    assertBadFile(reader, write("long.csv", text), 3)
        .hasMessageContaining("line 3: the line is longer than 10 characters, the most this reader takes;"
            + " raise it with CsvReader.builder().maxLineLength(...)");
    assertBadFile(reader, writeGzip("long.csv.gz", text), 3).hasMessageContaining("longer than 10");
    assertThatThrownBy(() -> reader.read(new StringReader(text), "text"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith("text, line 3: the line is longer than 10 characters");
  }

  @Test
  void aDataSetBeyondTheLimitIsRefusedAtTheLineThatCrossesIt() throws IOException {
    // 16 bytes a row (a feature and a label as doubles): 6 rows are 96 bytes, the 7th crosses 100.
    CsvReader numbers = CsvReader.builder().maxBytes(100).build();

    assertThat(numbers.read(new StringReader("1,2\n".repeat(6)), "six").size()).isEqualTo(6);
    assertBadFile(numbers, write("seven.csv", "1,2\n".repeat(7)), 7)
        .hasMessageContaining("line 7: with this row the data would take 112 bytes (7 rows of 1 feature and"
            + " 1 label column, as doubles), more than the limit of 100 bytes; raise it with"
            + " CsvReader.builder().maxBytes(...)");
  }

  @Test
  void oneHotLabelsAreCountedBeforeTheyAreAllocated() throws IOException {
    CsvReader given =
        CsvReader.builder().labels(LabelType.CLASS_INDEX).classCount(1000).maxBytes(10_000).build();
    CsvReader inferred = CsvReader.builder().labels(LabelType.CLASS_INDEX).maxBytes(10_000).build();
    CsvReader names = CsvReader.builder().labels(LabelType.CLASS_NAME).maxBytes(1_000).build();
    StringBuilder manyNames = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      manyNames.append("1,name").append(i).append('\n');
    }

    // One row in 1000 classes is 8008 bytes; two are 16016.
    assertThat(given.read(new StringReader("1,999\n"), "one").labels().cols()).isEqualTo(1000);
    assertBadFile(given, write("given.csv", "1,999\n1,0\n"), 2)
        .hasMessageContaining("line 2: with this row the data would take 16016 bytes (2 rows of 1 feature"
            + " and 1000 class columns, as doubles), more than the limit of 10000 bytes");
    // Class index 5000 makes 5001 classes: 2 x 5002 doubles.
    assertBadFile(inferred, write("inferred.csv", "1,0\n1,5000\n"), 2)
        .hasMessageContaining("line 2: with this row the data would take 80032 bytes (2 rows of 1 feature"
            + " and 5001 class columns");
    // Each new name adds a class column and the name itself (about 64 + 2 x 5 bytes for "name0").
    assertBadFile(names, write("names.csv", manyNames.toString()), 8)
        .hasMessageContaining("line 8: with this row the data would take 1030 bytes (8 rows of 1 feature and"
            + " 7 class columns, as doubles, and about 518 bytes of names), more than the limit of 1000"
            + " bytes");
  }

  @Test
  void inferredClassNamesAreLimitedAsClassIndicesAre() throws IOException {
    // With the byte limit lifted, what limits the names inferred from a file is the one-hot matrix: one
    // label per row, 46,341 rows of as many classes are more values than one matrix holds. That comes
    // before the 65,536 classes that are the most inferred from indices (and from names).
    CsvReader reader =
        CsvReader.builder().labels(LabelType.CLASS_NAME).maxBytes(Long.MAX_VALUE).build();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i <= CsvReader.MAX_INFERRED_CLASSES; i++) {
      text.append(i % 7).append(",n").append(i).append('\n');
    }

    assertBadFile(reader, write("names.csv", text.toString()), 46_341)
        .hasMessageContaining("line 46341: with this row the data would have 46341 rows of 1 feature and"
            + " 46341 label columns, more values than one matrix holds (2147483639)");
  }

  @Test
  void theLimitsHaveDefaultsAndAreCheckedAndCompared() {
    CsvReader defaults = CsvReader.builder().build();
    CsvReader limited = CsvReader.builder().maxLineLength(100).maxBytes(1 << 20).build();

    assertThat(defaults.maxLineLength()).isEqualTo(CsvReader.DEFAULT_MAX_LINE_LENGTH).isEqualTo(1 << 22);
    assertThat(defaults.maxBytes())
        .isEqualTo(CsvReader.defaultMaxBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    assertThat(limited.maxLineLength()).isEqualTo(100);
    assertThat(limited.maxBytes()).isEqualTo(1 << 20);
    assertThat(limited).isNotEqualTo(defaults);
    assertThat(limited.toString()).contains("maxLineLength=100").contains("maxBytes=1048576");
    assertThatThrownBy(() -> CsvReader.builder().maxLineLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> CsvReader.builder().maxBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
  }

  @Test
  void messagesQuoteLongTextAndLongListsShortened() throws IOException {
    // A value or a header from the file goes into a message cut short: it is not copied whole.
    Path junk = write("junk.csv", "1," + "x".repeat(100_000) + ",2\n");
    CsvReader named = CsvReader.builder().header(Header.NAMES).labelColumn("species").build();
    StringBuilder header = new StringBuilder("c0");
    for (int i = 1; i < 10_000; i++) {
      header.append(",c").append(i);
    }
    Path wide = write("wide.csv", header + "\n");

    assertBadFile(NUMBERS, junk, 1)
        .hasMessageContaining("expected a number in column 1, got \"xxxxxxxxxx")
        .hasMessageContaining("(100000 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    assertBadFile(named, wide, 1)
        .hasMessageContaining("no column named \"species\" for the label; the columns are [c0, c1, c2")
        .hasMessageContaining("10000 in all")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void aCorruptGzipHeaderIsAFormatErrorNamingTheFile() throws IOException {
    byte[] valid = gzip("1,2,0\n");
    Path magicOnly = HostileFiles.write(dir.resolve("magic-only.csv.gz"), 0x1f, 0x8b);
    // Compression method 7 where gzip knows only 8 (deflate).
    byte[] method = valid.clone();
    method[2] = 7;
    Path wrongMethod = dir.resolve("method.csv.gz");
    Files.write(wrongMethod, method);
    Path cutHeader = dir.resolve("cut-header.csv.gz");
    Files.write(cutHeader, Arrays.copyOf(valid, 6));

    for (Path file : List.of(magicOnly, wrongMethod, cutHeader)) {
      assertBadFile(NUMBERS, file, 1).hasMessageContaining("gzip header");
    }
    assertThatThrownBy(() -> NUMBERS.read(new ByteArrayInputStream(method), "upload"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("upload, line 1: ")
        .hasMessageContaining("gzip header")
        .hasMessageContaining("Unsupported compression method");
  }

  @Test
  void aDirectoryIsRefusedNamingIt() {
    assertThatThrownBy(() -> NUMBERS.read(dir))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(DataFormatException.class)
        .hasMessageContaining(dir + ": not a regular file but a directory");
  }

  @Test
  void aNamedPipeIsRefusedAtOnceRatherThanWaitedOn() throws Exception {
    Path fifo = HostileFiles.fifo(dir, "pipe.csv");

    HostileFiles.assertPrompt(
        fifo,
        () ->
            assertThatThrownBy(() -> NUMBERS.read(fifo))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DataFormatException.class)
                .hasMessageContaining(fifo + ": not a regular file"));
  }

  @Test
  void aMissingFileIsAnIoErrorNotAFormatError() {
    Path missing = dir.resolve("missing.csv");

    assertThatThrownBy(() -> NUMBERS.read(missing))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(DataFormatException.class)
        .hasMessageContaining("missing.csv");
  }

  @Test
  void builderRejectsInconsistentSettings() {
    assertThatThrownBy(() -> CsvReader.builder().labelColumn("species").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs header(Header.NAMES); header is NONE");
    assertThatThrownBy(() -> CsvReader.builder().classCount(3).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("labels are NUMBER");
    assertThatThrownBy(
            () ->
                CsvReader.builder()
                    .labels(LabelType.CLASS_INDEX)
                    .classCount(2)
                    .classNames(List.of("a", "b", "c"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("classCount(2) disagrees with the 3 classNames");
    assertThatThrownBy(() -> CsvReader.builder().classNames(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> CsvReader.builder().delimiter('"'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readersCompareByConfiguration() {
    CsvReader a = CsvReader.builder().delimiter('\t').labels(LabelType.CLASS_INDEX).build();
    CsvReader b = CsvReader.builder().delimiter('\t').labels(LabelType.CLASS_INDEX).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).contains("labelType=CLASS_INDEX").contains("classCount=inferred");
  }
}
