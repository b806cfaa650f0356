package dev.nn4j.core.data;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.testing.ForkedJvm;
import dev.nn4j.core.testing.ForkedJvm.Run;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files cannot exhaust memory: each bomb is read with the readers' default limits in a JVM of its own
 * with a 64 MB heap ({@link ReadDataFiles}), and must give a {@link DataFormatException} naming the file,
 * where in it and the limit, never an {@link OutOfMemoryError}. Without the limits every one of these ran
 * out of memory within a second. The bombs are made at test time, streaming: the large plain files are
 * sparse (no disk, no time) or written in chunks, the gzip bombs are one 16 MiB member repeated.
 */
class HostileDataFilesTest {
  @TempDir Path dir;

  /**
   * Runs {@link ReadDataFiles} on the files in a JVM of its own with a 64 MB heap and the tests' class
   * path, and checks that no file exhausted it.
   */
  private static Run readInSmallHeap(String... kindEqualsFile) throws Exception {
    Run run = ForkedJvm.run(List.of("-Xmx64m"), ReadDataFiles.class, kindEqualsFile);
    assertThat(run.output()).as("no file exhausts the heap").doesNotContain("OutOfMemoryError");
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run;
  }

  /** The outcome line that {@link ReadDataFiles} printed for {@code file}. */
  private static String outcome(Run run, Path file) {
    return run.output()
        .lines()
        .filter(line -> line.startsWith(file + ": "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome for " + file + " in:\n" + run.output()));
  }

  @Test
  void csvLinesAreBoundedWhateverTheFileHolds() throws Exception {
    // A 200 MB line of numbers: wide, but no real table is that wide.
    Path wide = dir.resolve("wide-200mb.csv");
    HostileFiles.repeated(wide, "0.5,".getBytes(US_ASCII), 200_000_000L);
    // 1 GiB of NUL bytes and no line break (sparse: it takes no disk and no time to make).
    Path nul = dir.resolve("nul-1gib.csv");
    HostileFiles.sparse(nul, new byte[0], 1L << 30);
    // About 1 MB of gzip that expands to a 1 GiB line.
    Path bomb = dir.resolve("line-1gib.csv.gz");
    HostileFiles.gzipBomb(bomb, new byte[0], "1".getBytes(US_ASCII), 1L << 30);
    assertThat(Files.size(bomb)).isLessThan(2_000_000L);

    Run run = readInSmallHeap("csv=" + wide, "csv=" + nul, "csv=" + bomb);

    for (Path file : List.of(wide, nul, bomb)) {
      assertThat(outcome(run, file))
          .contains(": DataFormatException: " + file + ", line 1: the line is longer than 4194304"
              + " characters")
          .contains("maxLineLength");
    }
  }

  @Test
  void oneHotLabelsAndValuesAreCheckedAgainstTheLimitBeforeTheyAreAllocated() throws Exception {
    // 600 rows of class index 65535: 600 x 65536 one-hot doubles would be 315 MB.
    Path index = dir.resolve("index-65535.csv");
    Files.writeString(index, "1.5,65535\n".repeat(600), US_ASCII);
    // 12,000 distinct class names: 12000 x 12000 one-hot doubles would be 1.15 GB.
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 12_000; i++) {
      names.append(i).append(",class-").append(i).append('\n');
    }
    Path named = dir.resolve("names-12000.csv");
    Files.writeString(named, names, US_ASCII);
    // About 1 MB of gzip that expands to 1 GiB of short rows "0,0": 4 GiB as doubles.
    Path rows = dir.resolve("rows-1gib.csv.gz");
    HostileFiles.gzipBomb(rows, new byte[0], "0,0\n".getBytes(US_ASCII), 1L << 30);

    Run run = readInSmallHeap("csv-index=" + index, "csv-name=" + named, "csv=" + rows);

    assertThat(outcome(run, index))
        .containsPattern(": DataFormatException: \\Q" + index + "\\E, line \\d+: with this row the data would"
            + " take \\d+ bytes \\(\\d+ rows of 1 feature and 65536 class columns")
        .contains("more than the limit of")
        .contains("maxBytes");
    assertThat(outcome(run, named))
        .containsPattern(": DataFormatException: \\Q" + named + "\\E, line \\d+: with this row the data would"
            + " take \\d+ bytes \\(\\d+ rows of 1 feature and \\d+ class columns")
        .contains("maxBytes");
    assertThat(outcome(run, rows))
        .containsPattern(": DataFormatException: \\Q" + rows + "\\E, line \\d+: with this row the data would"
            + " take \\d+ bytes \\(\\d+ rows of 1 feature and 1 label column")
        .contains("maxBytes");
  }

  @Test
  void idxDataIsCheckedAgainstTheLimitBeforeItIsRead() throws Exception {
    // 100 images of 4096 x 4096, as a gzip that expands to all of their 1.6 GB of pixels...
    byte[] imagesHeader =
        ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(100).putInt(4096).putInt(4096).array();
    Path images = dir.resolve("images-4096.gz");
    HostileFiles.gzipBomb(images, imagesHeader, new byte[1], 100L * 4096 * 4096);
    // ... and as a plain (sparse) file of the right length, so that the length check passes.
    Path plain = dir.resolve("images-4096");
    HostileFiles.sparse(plain, imagesHeader, 16 + 100L * 4096 * 4096);
    // 2^31 - 1 labels (2^31 is negative as an int32), as a gzip that expands to all of them.
    byte[] labelsHeader =
        ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(Integer.MAX_VALUE).array();
    Path labels = dir.resolve("labels-2g.gz");
    HostileFiles.gzipBomb(labels, labelsHeader, new byte[1], Integer.MAX_VALUE);

    Run run =
        readInSmallHeap("idx-images=" + images, "idx-images=" + plain, "idx-labels=" + labels);

    for (Path file : List.of(images, plain)) {
      assertThat(outcome(run, file))
          .contains(": DataFormatException: " + file + ", offset 16: 100 images of 4096 x 4096 take"
              + " 13421772800 bytes as doubles, more than the limit of ")
          .contains("maxBytes");
    }
    assertThat(outcome(run, labels))
        .contains(": DataFormatException: " + labels + ", offset 8: 2147483647 labels take 8589934588"
            + " bytes as ints, more than the limit of ")
        .contains("maxBytes");
  }

  @Test
  void theBombsAreWhatTheySay() throws IOException {
    // The gzip bombs expand to what the tests above say (checked here in the test's own JVM, streaming).
    Path bomb = dir.resolve("check.gz");
    HostileFiles.gzipBomb(bomb, new byte[] {7, 7}, "ab".getBytes(US_ASCII), 3L * HostileFiles.MEMBER + 10);
    long length = 0;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(bomb), 1 << 16)) {
      byte[] buffer = new byte[1 << 16];
      assertThat(in.readNBytes(buffer, 0, 4)).isEqualTo(4);
      assertThat(new String(buffer, 0, 4, US_ASCII)).isEqualTo("\7\7ab");
      length = 4;
      for (int n; (n = in.read(buffer)) > 0; ) {
        length += n;
      }
    }
    assertThat(length).isEqualTo(2 + 3L * HostileFiles.MEMBER + 10);
  }
}
