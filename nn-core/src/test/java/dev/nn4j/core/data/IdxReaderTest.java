package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.math.Matrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** Three 2 x 3 images; pixel values chosen so that v / 255 is easy to state. */
  private static final byte[] PIXELS = {
    0, (byte) 255, 51, 102, (byte) 153, (byte) 204,
    1, 2, 3, 4, 5, 6,
    (byte) 255, (byte) 255, 0, 0, (byte) 128, 17
  };

  private static final byte[] LABELS = {2, 0, 1};

  /** An IDX images file as written by the MNIST authors: magic, n, rows, cols, then the pixels. */
  private static byte[] images(int count, int rows, int cols, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length)
        .putInt(IdxReader.IMAGES_MAGIC)
        .putInt(count)
        .putInt(rows)
        .putInt(cols)
        .put(pixels)
        .array();
  }

  private static byte[] labels(int count, byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length)
        .putInt(IdxReader.LABELS_MAGIC)
        .putInt(count)
        .put(labels)
        .array();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertBadImages(Path file, int offset) {
    return assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("offset " + offset + ":");
  }

  private static double[] scaled(byte[] bytes) {
    double[] values = new double[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = (bytes[i] & 0xff) / 255.0;
    }
    return values;
  }

  @Test
  void readsImagesAsRowsOfPixelsScaledToTheUnitInterval() throws IOException {
    Path file = write("images-idx3-ubyte", images(3, 2, 3, PIXELS));

    Matrix read = IdxReader.readImages(file);

    assertThat(read.rows()).isEqualTo(3);
    assertThat(read.cols()).isEqualTo(6);
    assertThat(read.row(0)).containsExactly(0, 1, 0.2, 0.4, 0.6, 0.8);
    assertThat(read.data()).containsExactly(scaled(PIXELS));
  }

  @Test
  void readsGzippedImagesTheSameAsRawOnes() throws IOException {
    Matrix raw = IdxReader.readImages(write("raw-idx3-ubyte", images(3, 2, 3, PIXELS)));

    Matrix gzipped = IdxReader.readImages(write("images-idx3-ubyte.gz", gzip(images(3, 2, 3, PIXELS))));
    Matrix misnamed = IdxReader.readImages(write("gzipped-idx3-ubyte", gzip(images(3, 2, 3, PIXELS))));
    Matrix decompressed = IdxReader.readImages(write("plain-idx3-ubyte.gz", images(3, 2, 3, PIXELS)));
    Matrix stream =
        IdxReader.readImages(
            new ByteArrayInputStream(gzip(images(3, 2, 3, PIXELS))), "stream", Integer.MAX_VALUE);

    assertThat(gzipped).isEqualTo(raw);
    assertThat(misnamed).isEqualTo(raw);
    assertThat(decompressed).isEqualTo(raw);
    assertThat(stream).isEqualTo(raw);
  }

  @Test
  void aLimitReadsOnlyTheFirstImages() throws IOException {
    Path raw = write("images-idx3-ubyte", images(3, 2, 3, PIXELS));
    Path gzipped = write("images-idx3-ubyte.gz", gzip(images(3, 2, 3, PIXELS)));

    Matrix two = IdxReader.readImages(raw, 2);

    assertThat(two.data()).containsExactly(scaled(Arrays.copyOf(PIXELS, 12)));
    assertThat(IdxReader.readImages(gzipped, 2)).isEqualTo(two);
    assertThat(IdxReader.readImages(raw, 0).rows()).isZero();
    assertThat(IdxReader.readImages(raw, 10).rows()).isEqualTo(3);
  }

  @Test
  void readsLabelsRawAndGzippedWithALimit() throws IOException {
    Path raw = write("labels-idx1-ubyte", labels(3, LABELS));
    Path gzipped = write("labels-idx1-ubyte.gz", gzip(labels(3, LABELS)));

    assertThat(IdxReader.readLabels(raw)).containsExactly(2, 0, 1);
    assertThat(IdxReader.readLabels(gzipped)).containsExactly(2, 0, 1);
    assertThat(IdxReader.readLabels(gzipped, 2)).containsExactly(2, 0);
    assertThat(IdxReader.readLabels(new ByteArrayInputStream(labels(3, LABELS)), "s", 1))
        .containsExactly(2);
    assertThat(IdxReader.readLabels(write("high", labels(1, new byte[] {(byte) 200}))))
        .containsExactly(200);
  }

  @Test
  void readsImagesAndLabelsIntoADataSetWithOneHotLabels() throws IOException {
    Path images = write("i.gz", gzip(images(3, 2, 3, PIXELS)));
    Path labels = write("l", labels(3, LABELS));

    DataSet data = IdxReader.read(images, labels, List.of("a", "b", "c"), Integer.MAX_VALUE);
    DataSet first = IdxReader.read(images, labels, List.of("a", "b", "c"), 1);

    assertThat(data.features().data()).containsExactly(scaled(PIXELS));
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    assertThat(data.classNames()).containsExactly("a", "b", "c");
    assertThat(first).isEqualTo(data.head(1));
  }

  @Test
  void imagesReadIntoADataSetHaveTheShapeOfOneChannelOfRowsByColumns() throws IOException {
    Path images = write("i", images(3, 2, 3, PIXELS));
    Path labels = write("l", labels(3, LABELS));

    DataSet data = IdxReader.read(images, labels, List.of("a", "b", "c"), Integer.MAX_VALUE);
    DataSet none = IdxReader.read(images, labels, List.of("a", "b", "c"), 0);

    assertThat(data.sampleShape()).containsExactly(1, 2, 3);
    assertThat(none.size()).isZero();
    assertThat(none.sampleShape()).containsExactly(1, 2, 3);
  }

  @Test
  void rejectsALabelsFileWhereImagesAreExpected() throws IOException {
    Path file = write("train-labels-idx1-ubyte", labels(3, LABELS));

    assertBadImages(file, 0)
        .hasMessageContaining("expected the magic number 0x00000803")
        .hasMessageContaining("got 0x00000801 (unsigned bytes, 1 dimension: a labels file)");
  }

  @Test
  void rejectsAFileThatIsNotIdx() throws IOException {
    Path file = write("notes.txt", "hello, world: not IDX at all".getBytes());

    assertBadImages(file, 0).hasMessageContaining("not an IDX file");
    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("notes.txt, offset 0: expected the magic number 0x00000801");
  }

  @Test
  void rejectsATruncatedHeader() throws IOException {
    byte[] header = images(3, 2, 3, PIXELS);

    assertBadImages(write("two", Arrays.copyOf(header, 2)), 2)
        .hasMessageContaining("truncated header: expected a 16-byte IDX images header, the file ends"
            + " at offset 2");
    assertBadImages(write("ten", Arrays.copyOf(header, 10)), 8)
        .hasMessageContaining("expected 4 bytes of the number of rows per image, the file ends at"
            + " offset 10");
    assertBadImages(write("empty", new byte[0]), 0).hasMessageContaining("truncated header");
  }

  @Test
  void rejectsTruncatedPixelDataBeforeReadingIt() throws IOException {
    Path file = write("cut-idx3-ubyte", Arrays.copyOf(images(3, 2, 3, PIXELS), 26));

    assertBadImages(file, 16)
        .hasMessageContaining("expected 18 bytes of pixel data (3 images of 2 x 3) at offset 16, the"
            + " file ends at offset 26");
  }

  @Test
  void rejectsTruncatedPixelDataInAGzippedFile() throws IOException {
    Path file = write("cut-idx3-ubyte.gz", gzip(Arrays.copyOf(images(3, 2, 3, PIXELS), 26)));

    assertBadImages(file, 16)
        .hasMessageContaining("expected 18 bytes of pixel data (3 images of 2 x 3) at offset 16, the"
            + " decompressed data ends at offset 26");
  }

  @Test
  void rejectsAnAbsurdCountInARawFileWithoutAllocatingForIt() throws IOException {
    Path file = write("lying-idx3-ubyte", images(60_000, 28, 28, new byte[784]));

    assertBadImages(file, 16)
        .hasMessageContaining("expected 47040000 bytes of pixel data (60000 images of 28 x 28) at"
            + " offset 16, the file ends at offset 800");
  }

  @Test
  void aLyingCountInAGzippedFileCostsOnlyTheDataThatIsThere() throws IOException {
    Path file = write("lying-idx3-ubyte.gz", gzip(images(1_000_000, 28, 28, new byte[7840])));

    // 6.3 GB as doubles: beyond the default limit in most heaps, so the limit is lifted to show that,
    // even then, the buffer grows only with the data that arrives.
    assertThatThrownBy(() -> IdxReader.readImages(file, Integer.MAX_VALUE, Long.MAX_VALUE))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ", offset 16: ")
        .hasMessageContaining("expected 784000000 bytes of pixel data (1000000 images of 28 x 28) at"
            + " offset 16, the decompressed data ends at offset 7856");
  }

  @Test
  void rejectsCountsThatCannotFitOneMatrix() throws IOException {
    Path file = write("huge-idx3-ubyte.gz", gzip(images(Integer.MAX_VALUE, 28, 28, new byte[784])));

    assertBadImages(file, 16).hasMessageContaining("more than one matrix holds");
  }

  @Test
  void whatAReadMaterialisesIsCheckedAgainstTheLimitBeforeTheDataIsRead() throws IOException {
    // Three 2 x 3 images are 144 bytes as doubles; their labels 12 bytes as ints, 72 as one-hot doubles.
    Path images = write("images", images(3, 2, 3, PIXELS));
    Path gzipped = write("images.gz", gzip(images(3, 2, 3, PIXELS)));
    Path labels = write("labels", labels(3, LABELS));
    List<String> abc = List.of("a", "b", "c");

    assertThat(IdxReader.readImages(images, Integer.MAX_VALUE, 144).rows()).isEqualTo(3);
    assertThat(IdxReader.readImages(images, 2, 96).rows()).isEqualTo(2);
    assertThat(IdxReader.readLabels(labels, Integer.MAX_VALUE, 12)).containsExactly(2, 0, 1);
    assertThat(IdxReader.read(images, labels, abc, 3, 216).size()).isEqualTo(3);
    for (Path file : List.of(images, gzipped)) {
      assertThatThrownBy(() -> IdxReader.readImages(file, Integer.MAX_VALUE, 143))
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining(file + ", offset 16: 3 images of 2 x 3 take 144 bytes as doubles, more than"
              + " the limit of 143 bytes; read fewer items with a limit, or raise the limit with the maxBytes"
              + " argument");
    }
    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(Files.readAllBytes(gzipped)), "stream", 3, 143))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("stream, offset 16: 3 images of 2 x 3 take 144 bytes");
    assertThatThrownBy(() -> IdxReader.readLabels(labels, 3, 11))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(labels + ", offset 8: 3 labels take 12 bytes as ints, more than the limit of"
            + " 11 bytes");
    assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream(labels(3, LABELS)), "s", 3, 11))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("s, offset 8: 3 labels take 12 bytes as ints");
    assertThatThrownBy(() -> IdxReader.read(images, labels, abc, 3, 71))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(labels + ", offset 8: 3 labels take 72 bytes as one-hot doubles in 3 classes");
    assertThatThrownBy(() -> IdxReader.read(images, labels, abc, 3, 215))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(images + ", offset 16: 3 images of 2 x 3 and their one-hot labels in 3 classes"
            + " take 216 bytes as doubles, more than the limit of 215 bytes");
  }

  @Test
  void theDefaultLimitIsHalfTheHeapAndALimitMustBePositive() {
    assertThat(IdxReader.defaultMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("x"), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got maxBytes=0");
  }

  @Test
  void rejectsAbsurdImageSizesAndNegativeCounts() throws IOException {
    assertBadImages(write("zero", images(1, 0, 3, new byte[0])), 8)
        .hasMessageContaining("images of 0 x 3 pixels cannot be right");
    assertBadImages(write("vast", images(1, 100_000, 100_000, new byte[0])), 8)
        .hasMessageContaining("100000 x 100000");
    assertBadImages(write("negative", images(-5, 2, 3, new byte[0])), 4)
        .hasMessageContaining("the number of images is negative: -5");
  }

  @Test
  void rejectsDataAfterWhatTheHeaderDeclares() throws IOException {
    byte[] longer = images(2, 2, 3, PIXELS);

    assertBadImages(write("long-idx3-ubyte", longer), 28)
        .hasMessageContaining("declares 12 bytes of pixel data (2 images of 2 x 3) ending at offset 28,"
            + " but the file goes on to offset 34");
    assertBadImages(write("long-idx3-ubyte.gz", gzip(longer)), 28)
        .hasMessageContaining("unexpected data after the 2 images of 2 x 3 the header declares");
  }

  @Test
  void rejectsCorruptGzipData() throws IOException {
    byte[] big = new byte[50_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 7));
    }
    byte[] compressed = gzip(images(50, 20, 50, big));
    Path file = write("cut-idx3-ubyte.gz", Arrays.copyOf(compressed, compressed.length / 2));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("offset ")
        .hasMessageContaining("corrupt or truncated gzip data");
  }

  @Test
  void aCorruptGzipHeaderIsAFormatErrorNamingTheFile() throws IOException {
    byte[] valid = gzip(images(3, 2, 3, PIXELS));
    Path magicOnly = HostileFiles.write(dir.resolve("magic-only.gz"), 0x1f, 0x8b);
    // Compression method 7 where gzip knows only 8 (deflate).
    byte[] method = valid.clone();
    method[2] = 7;
    Path wrongMethod = write("method.gz", method);
    Path cutHeader = write("cut-header.gz", Arrays.copyOf(valid, 6));

    for (Path file : List.of(magicOnly, wrongMethod, cutHeader)) {
      assertBadImages(file, 0).hasMessageContaining("gzip header");
      assertThatThrownBy(() -> IdxReader.readLabels(file))
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining(file + ", offset 0: ")
          .hasMessageContaining("gzip header");
    }
    Path labels = write("l", labels(3, LABELS));
    assertThatThrownBy(() -> IdxReader.read(wrongMethod, labels, List.of("a", "b", "c"), 3))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(wrongMethod + ", offset 0: ")
        .hasMessageContaining("Unsupported compression method");
    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(method), "upload", 3))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("upload, offset 0: ")
        .hasMessageContaining("gzip header");
  }

  @Test
  void aDirectoryIsRefusedNamingIt() {
    for (var read : List.<org.junit.jupiter.api.function.Executable>of(
        () -> IdxReader.readImages(dir), () -> IdxReader.readLabels(dir))) {
      assertThatThrownBy(read::execute)
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(DataFormatException.class)
          .hasMessageContaining(dir + ": not a regular file but a directory");
    }
  }

  @Test
  void aNamedPipeIsRefusedAtOnceRatherThanWaitedOn() throws Exception {
    Path fifo = HostileFiles.fifo(dir, "pipe-idx3-ubyte");
    Path labels = write("l", labels(3, LABELS));

    HostileFiles.assertPrompt(
        fifo,
        () -> {
          assertThatThrownBy(() -> IdxReader.readImages(fifo))
              .isInstanceOf(IOException.class)
              .isNotInstanceOf(DataFormatException.class)
              .hasMessageContaining(fifo + ": not a regular file");
          assertThatThrownBy(() -> IdxReader.read(fifo, labels, List.of("a", "b", "c"), 3))
              .isInstanceOf(IOException.class)
              .hasMessageContaining(fifo + ": not a regular file");
        });
  }

  @Test
  void rejectsTruncatedLabels() throws IOException {
    Path file = write("cut-labels", Arrays.copyOf(labels(3, LABELS), 9));

    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ", offset 8: truncated data: expected 3 bytes of label data (3"
            + " labels) at offset 8, the file ends at offset 9");
  }

  @Test
  void rejectsALabelOutsideTheClassesNamingItsOffset() throws IOException {
    Path images = write("i", images(3, 2, 3, PIXELS));
    Path labels = write("l", labels(3, new byte[] {0, 1, 7}));

    assertThatThrownBy(() -> IdxReader.read(images, labels, List.of("a", "b", "c"), 10))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(labels + ", offset 10: label 7 of item 2 is outside [0, 3)");
  }

  @Test
  void rejectsImagesAndLabelsOfDifferentCounts() throws IOException {
    Path images = write("i", images(3, 2, 3, PIXELS));
    Path labels = write("l", labels(2, new byte[] {0, 1}));

    assertThatThrownBy(() -> IdxReader.read(images, labels, IdxReader.MNIST_CLASSES, 1))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(images + ", offset 4: the header declares 3 images, but " + labels
            + " declares 2 labels");
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("x"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
  }
}
