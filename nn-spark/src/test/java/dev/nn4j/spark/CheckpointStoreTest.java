package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint file is replaced whole: a write that fails leaves the previous one, and a replacement that
 * stopped after the old file went leaves the new one where {@link CheckpointStore#latest()} finds it.
 */
class CheckpointStoreTest {
  @TempDir Path folder;

  private CheckpointStore store() {
    return new CheckpointStore(folder.resolve("run").resolve("checkpoint.bin").toString(), new Configuration());
  }

  private static String read(CheckpointStore store) throws IOException {
    try (InputStream in = store.open(store.latest().orElseThrow())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
    CheckpointStore store = store();
    assertThat(store.latest()).isEmpty();
    store.write("first".getBytes(StandardCharsets.UTF_8));
    store.write("second".getBytes(StandardCharsets.UTF_8));
    assertThat(read(store)).isEqualTo("second");
    assertThat(store.latest().orElseThrow().getName()).isEqualTo("checkpoint.bin");
    assertThat(Files.exists(folder.resolve("run").resolve(".checkpoint.bin.writing"))).isFalse();
  }

  @Test
  void theExistingFileSurvivesAWriteThatFails() throws IOException {
    CheckpointStore store = store();
    store.write("step 6".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                store.write(
                    out -> {
                      out.write("step 9, half writ".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(read(store)).isEqualTo("step 6");
    assertThat(Files.readString(folder.resolve("run").resolve("checkpoint.bin"))).isEqualTo("step 6");
    assertThat(Files.exists(folder.resolve("run").resolve(".checkpoint.bin.writing"))).isFalse();
  }

  @Test
  void aReplacementThatStoppedAfterDeletingTheOldFileLeavesTheNewOneToResumeFrom() throws IOException {
    CheckpointStore store = store();
    store.write("step 9".getBytes(StandardCharsets.UTF_8));
    // What a driver that died between a delete and the rename leaves behind.
    Files.move(folder.resolve("run").resolve("checkpoint.bin"), folder.resolve("run").resolve(".checkpoint.bin.writing"));
    assertThat(store.exists()).isFalse();
    assertThat(store.latest().orElseThrow().getName()).isEqualTo(".checkpoint.bin.writing");
    assertThat(read(store)).isEqualTo("step 9");
    store.write("step 12".getBytes(StandardCharsets.UTF_8));
    assertThat(store.latest().orElseThrow().getName()).isEqualTo("checkpoint.bin");
    assertThat(read(store)).isEqualTo("step 12");
  }
}
