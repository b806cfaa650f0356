package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  /** A reader that hands out at most a few characters a call, so that lines cross every chunk boundary. */
  private static Reader trickling(String text, Random random) {
    return new FilterReader(new StringReader(text)) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        return super.read(buffer, offset, Math.min(length, 1 + random.nextInt(3)));
      }
    };
  }

  private static List<String> lines(LineReader reader) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line; (line = reader.next()) != null; ) {
      lines.add(line);
      assertThat(reader.lineNumber()).isEqualTo(lines.size());
    }
    return lines;
  }

  @Test
  void splitsLinesAsBufferedReaderDoesWhateverTheChunks() throws IOException {
    Random random = new Random(7);
    String alphabet = "ab\r\n,";
    for (int round = 0; round < 2000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      List<String> expected = new BufferedReader(new StringReader(text.toString())).lines().toList();

      assertThat(lines(new LineReader(trickling(text.toString(), random), "t", 100)))
          .as("lines of %s", text.toString().replace("\r", "\\r").replace("\n", "\\n"))
          .isEqualTo(expected);
    }
  }

  @Test
  void takesALineOfExactlyTheLimitAndRefusesOneCharacterMore() throws IOException {
    String text = "abcde\r\nabcdef\n";

    LineReader reader = new LineReader(trickling(text, new Random(1)), "src", 5);

    assertThat(reader.next()).isEqualTo("abcde");
    assertThatThrownBy(reader::next)
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith("src, line 2: the line is longer than 5 characters");
    assertThat(lines(new LineReader(new StringReader(text), "src", 6))).containsExactly("abcde", "abcdef");
  }
}
