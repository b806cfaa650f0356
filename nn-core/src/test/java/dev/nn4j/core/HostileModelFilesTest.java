package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.io.SafetensorsFile;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.testing.ForkedJvm;
import dev.nn4j.core.testing.LoadModel;
import dev.nn4j.core.testing.SaveForever;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files cost memory in proportion to what they describe, not to their length; loading is linear in
 * the file's size; a killed save leaves no litter that grows; a checkpoint read as a model is checked as a
 * checkpoint. The memory cases run in a JVM of their own with a small heap.
 */
class HostileModelFilesTest {
  @TempDir Path folder;

  /** A small valid model: its file's header, unpadded, and its data section. */
  private static byte[][] smallModel(long seed) {
    Network network = Network.builder().input(2).dense(1, Activation.named("golden_tanh")).loss(Losses.mse()).seed(seed).build();
    byte[] file = network.toBytes();
    long length = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(file, 8, (int) length, StandardCharsets.UTF_8).stripTrailing();
    return new byte[][] {header.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(file, 8 + (int) length, file.length)};
  }

  /** Writes a model file whose header is {@code header} followed by {@code padding} spaces, streaming. */
  private static void writePadded(Path file, byte[] header, long padding, byte[] data) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + padding).array());
      out.write(header);
      writeRepeated(out, (byte) ' ', padding);
      out.write(data);
    }
  }

  /** Writes {@code count} copies of {@code b}. */
  private static void writeRepeated(OutputStream out, byte b, long count) throws IOException {
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, b);
    for (long left = count; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(left, chunk.length));
    }
  }

  @Test
  void aHeaderPaddedBeyondTheBoundIsRefusedWithoutReadingIt() throws Exception {
    byte[][] model = smallModel(1);
    Path file = folder.resolve("padded-70mb.safetensors");
    writePadded(file, model[0], 70_000_000L - model[0].length, model[1]);

    ForkedJvm.Run run = ForkedJvm.run(List.of("-Xmx64m"), LoadModel.class, file.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.output())
        .contains("ModelFormatException: Cannot load a network from " + file + ": the header length is 70000000 bytes, more than"
            + " the limit of 67108864 bytes")
        .contains("set the system property nn4j.maxHeaderBytes");
  }

  @Test
  void aHeaderPaddedWithinTheBoundLoadsInAHeapOfLittleMoreThanIt() throws Exception {
    // 60 MB of header in a 128 MB heap: read once, parsed from its bytes (it used to be copied four times).
    byte[][] model = smallModel(2);
    Path file = folder.resolve("padded-60mb.safetensors");
    writePadded(file, model[0], 60_000_000L, model[1]);

    ForkedJvm.Run run = ForkedJvm.run(List.of("-Xmx128m"), LoadModel.class, file.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("loaded 1 3 1");
  }

  /** A model file whose metadata holds a string of {@code length} letters under the key "comment". */
  private Path withComment(long length, String name) throws IOException {
    byte[][] model = smallModel(3);
    String header = new String(model[0], StandardCharsets.UTF_8);
    String prefix = "{\"__metadata__\":{";
    assertThat(header).startsWith(prefix);
    byte[] start = (prefix + "\"comment\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] end = ("\"," + header.substring(prefix.length())).getBytes(StandardCharsets.UTF_8);
    Path file = folder.resolve(name);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(start.length + length + end.length).array());
      out.write(start);
      writeRepeated(out, (byte) 'a', length);
      out.write(end);
      out.write(model[1]);
    }
    return file;
  }

  @Test
  void aMetadataStringBeyondTheJsonReadersLimitIsRefusedInASmallHeap() throws Exception {
    // 45 MB in one string, in a 128 MB heap: refused at the reader's 16 M-character limit on a string, not
    // after four copies of the header (which ran a 256 MB heap out of memory).
    Path file = withComment(45_000_000L, "comment-45mb.safetensors");

    ForkedJvm.Run run = ForkedJvm.run(List.of("-Xmx128m"), LoadModel.class, file.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.output()).contains("the header exceeds a limit of nn4j's JSON reader: String value length");
  }

  @Test
  void aLongMetadataStringWithinTheLimitLoadsInASmallHeap() throws Exception {
    Path file = withComment(15_000_000L, "comment-15mb.safetensors");

    ForkedJvm.Run run = ForkedJvm.run(List.of("-Xmx128m"), LoadModel.class, file.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("loaded 1 3 1");
  }

  @Test
  void aValidModelLoadsInAHeapOfAboutItsSize() throws Exception {
    // 5.4 million weights, 43 MB: it loads in a heap of 96 MB (values only: no gradients, no copies).
    Network network =
        Network.builder().input(2300).dense(2300, Activation.named("golden_tanh")).loss(Losses.mse()).seed(4).build();
    Path file = folder.resolve("big.safetensors");
    network.save(file);
    assertThat(Files.size(file)).isGreaterThan(42_000_000L);
    network = null;

    ForkedJvm.Run run = ForkedJvm.run(List.of("-Xmx96m"), LoadModel.class, file.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("loaded 1 5292300 2300");
  }

  @Test
  void loadingIsLinearInTheFilesSize() throws Exception {
    // The 65,536 layers of format 1 (2.4 MB), which took 15 to 23 seconds when each layer was compared with
    // every earlier one; now well under a second once warm. The bound is generous for slow machines.
    StringBuilder architecture = new StringBuilder("{\"input\":3,\"layers\":[");
    for (int i = 0; i < 65_536; i++) {
      architecture.append(i == 0 ? "" : ",").append("{\"type\":\"dropout\",\"rate\":0.5}");
    }
    architecture.append("],\"loss\":{\"name\":\"mse\",\"config\":{}}}");
    byte[] header = ("{\"__metadata__\":{\"nn4j.format\":\"1\",\"nn4j.architecture\":\""
        + architecture.toString().replace("\"", "\\\"") + "\"}}").getBytes(StandardCharsets.UTF_8);
    Path file = folder.resolve("deep.safetensors");
    writePadded(file, header, 0, new byte[0]);
    assertThat(Files.size(file)).isGreaterThan(2_300_000L);

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Network loaded = Network.load(file);
          assertThat(loaded.layers()).hasSize(65_536);
          Network again = Network.fromBytes(loaded.toBytes());
          assertThat(again.layers()).hasSize(65_536);
        });
  }

  @Test
  void aSaveRemovesTheTemporaryFilesThatKilledSavesLeftAndNothingElse() throws Exception {
    Path target = folder.resolve("model.safetensors");
    byte[][] model = smallModel(5);
    Network network = Network.fromBytes(concat(model));
    // Left by saves that did not finish, of this target and of another; and files that only look alike.
    Path stale1 = Files.write(folder.resolve(".model.safetensors.nn4j-k3j9a0.tmp"), new byte[100]);
    Path stale2 = Files.write(folder.resolve(".model.safetensors.nn4j-1.tmp"), new byte[100]);
    Path otherTargets = Files.write(folder.resolve(".other.safetensors.nn4j-k3j9a0.tmp"), new byte[100]);
    Path notATemporary = Files.write(folder.resolve(".model.safetensors.nn4j-k3j9a0.tmp.bak"), new byte[100]);
    Path usersOwn = Files.write(folder.resolve(".model.safetensors.backup.tmp"), new byte[100]);
    Path unrelated = Files.write(folder.resolve("model.safetensors.tmp"), new byte[100]);
    // A save still running holds its temporary file locked: it is kept.
    Path running = Files.write(folder.resolve(".model.safetensors.nn4j-zz9.tmp"), new byte[100]);
    try (FileChannel channel = FileChannel.open(running, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
      network.save(target);
      assertThat(running).exists();
    }
    assertThat(stale1).doesNotExist();
    assertThat(stale2).doesNotExist();
    assertThat(otherTargets).exists();
    assertThat(notATemporary).exists();
    assertThat(usersOwn).exists();
    assertThat(unrelated).exists();
    assertThat(Network.load(target).stateDict()).isEqualTo(network.stateDict());
  }

  /**
   * Saves of one target from several threads at once all succeed, and the last one wins whole: no save's
   * cleaner takes another's temporary file for a stale one, even before it is locked.
   */
  @Test
  void concurrentSavesOfOneTargetAllSucceed() throws Exception {
    Path target = folder.resolve("model.safetensors");
    List<Network> networks = List.of(Network.fromBytes(concat(smallModel(1))), Network.fromBytes(concat(smallModel(2))));
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> saves = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Network network = networks.get(t % 2);
        saves.add(threads.submit(() -> {
          for (int i = 0; i < 300; i++) {
            network.save(target);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> save : saves) {
        save.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(Network.load(target).stateDict()).isIn(networks.get(0).stateDict(), networks.get(1).stateDict());
    assertThat(temporaries(target)).isEmpty();
  }

  @Test
  void killedSavesLeaveNoLitterThatGrows() throws Exception {
    // A 30 MB model saved in a loop by another JVM, killed with SIGKILL again and again while it writes.
    Network network =
        Network.builder().input(2000).dense(1900, Activation.named("golden_tanh")).loss(Losses.mse()).seed(6).build();
    Path source = folder.resolve("source.safetensors");
    network.save(source);
    Path target = folder.resolve("model.safetensors");
    network.save(target);
    int killsThatLeftLitter = 0;
    for (int attempt = 0; attempt < 20 && killsThatLeftLitter < 3; attempt++) {
      Process saver = ForkedJvm.start(List.of("-Xmx256m"), SaveForever.class, source.toString(), target.toString());
      java.io.BufferedReader output =
          new java.io.BufferedReader(new java.io.InputStreamReader(saver.getInputStream(), StandardCharsets.UTF_8));
      for (String line = output.readLine(); !"saving".equals(line); line = output.readLine()) {
        assertThat(line).as("the saver's output").isNotNull();
      }
      Thread.sleep(150 + 37L * attempt % 200);
      saver.destroyForcibly().waitFor();
      // Each save clears what the killed ones before it left: at most the last one's file is there.
      int left = temporaries(target).size();
      assertThat(left).as("temporary files after %s kills", attempt + 1).isLessThanOrEqualTo(1);
      killsThatLeftLitter += left;
    }
    assertThat(killsThatLeftLitter).as("kills that left a temporary file").isPositive();
    assertThat(Network.load(target).stateDict()).isEqualTo(network.stateDict());

    network.save(target);

    assertThat(temporaries(target)).isEmpty();
    assertThat(Network.load(target).stateDict()).isEqualTo(network.stateDict());
  }

  private List<Path> temporaries(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target.getParent())) {
      return files.filter(p -> p.getFileName().toString().matches("\\.model\\.safetensors\\.nn4j-[0-9a-z]+\\.tmp")).toList();
    }
  }

  @Test
  void aCheckpointReadAsAModelIsCheckedAsACheckpoint() throws Exception {
    Network network =
        Network.builder().input(3).dense(2, Activation.named("golden_tanh")).loss(Losses.mse())
            .optimizer(new dev.nn4j.core.testing.TestSgd(0.1)).seed(7).build();
    byte[] checkpoint = checkpointWithMomentum(network);
    assertThat(Network.fromBytes(checkpoint).stateDict()).isEqualTo(network.stateDict());
    byte[] damaged = withValue(checkpoint, "optimizer.layers.0.bias.momentum_buffer", 1, Double.NaN);

    assertThatThrownBy(() -> Network.fromBytes(damaged))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor 'optimizer.layers.0.bias.momentum_buffer' holds NaN at index 1");
    assertThatThrownBy(() -> ModelFile.loadCheckpoint(new java.io.ByteArrayInputStream(damaged)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor 'optimizer.layers.0.bias.momentum_buffer' holds NaN at index 1");

    // The same bytes under another shape: [1, 2] where the bias, and so its buffer, is [2].
    byte[] misshaped = withHeader(checkpoint, h -> h.replace(
        "\"optimizer.layers.0.bias.momentum_buffer\":{\"dtype\":\"F64\",\"shape\":[2]",
        "\"optimizer.layers.0.bias.momentum_buffer\":{\"dtype\":\"F64\",\"shape\":[1,2]"));
    for (ThrowingCallable read :
        List.<ThrowingCallable>of(
            () -> Network.fromBytes(misshaped), () -> ModelFile.loadCheckpoint(new java.io.ByteArrayInputStream(misshaped)))) {
      assertThatThrownBy(read)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("optimizer.layers.0.bias.momentum_buffer")
          .hasMessageContaining("[1, 2]");
    }
  }

  /** The file {@code bytes} with its header rewritten by {@code edit} (which must change it), data unchanged. */
  private static byte[] withHeader(byte[] bytes, java.util.function.UnaryOperator<String> edit) {
    int length = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, length, StandardCharsets.UTF_8);
    byte[] edited = edit.apply(header).getBytes(StandardCharsets.UTF_8);
    assertThat(edited).as("the edited header").isNotEqualTo(header.getBytes(StandardCharsets.UTF_8));
    ByteBuffer out = ByteBuffer.allocate(8 + edited.length + bytes.length - 8 - length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(edited.length).put(edited).put(bytes, 8 + length, bytes.length - 8 - length);
    return out.array();
  }

  /** A checkpoint whose optimizer keeps a momentum buffer per parameter. */
  private static byte[] checkpointWithMomentum(Network network) {
    Trainer trainer = Trainer.of(network, new Momentum());
    dev.nn4j.core.math.Matrix x = dev.nn4j.core.math.Matrix.of(new double[][] {{1, 2, 3}, {0, -1, 2}});
    dev.nn4j.core.math.Matrix y = dev.nn4j.core.math.Matrix.of(new double[][] {{0.5, -0.5}, {0.1, 0.2}});
    trainer.step(x, y);
    return trainer.checkpointBytes();
  }

  /** The file {@code bytes} with value {@code index} of tensor {@code name} (F64) replaced by {@code value}. */
  private static byte[] withValue(byte[] bytes, String name, int index, double value) throws IOException {
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    long begin;
    try (SafetensorsFile file = SafetensorsFile.open(bytes, "bytes", "read")) {
      begin = file.entriesByName().get(name).begin();
    }
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putDouble((int) (8 + headerLength + begin + 8L * index), value);
    return copy;
  }

  /** Gradient descent with a momentum buffer {@code b ← 0.9 b + g}, {@code θ ← θ − 0.1 b}, whose state saves. */
  private static final class Momentum implements Optimizer {
    @Override
    public String name() {
      return "test_momentum";
    }

    @Override
    public Updater start(Map<String, Parameter> parameters) {
      Map<String, double[]> buffers = new java.util.LinkedHashMap<>();
      parameters.forEach((n, p) -> buffers.put(n, new double[p.size()]));
      return new Updater() {
        private long steps;

        @Override
        public void step() {
          parameters.forEach((n, p) -> {
            double[] b = buffers.get(n);
            double[] g = p.gradient().data();
            double[] theta = p.value().data();
            for (int i = 0; i < b.length; i++) {
              b[i] = 0.9 * b[i] + g[i];
              theta[i] -= 0.1 * b[i];
            }
          });
          steps++;
        }

        @Override
        public OptimizerState state() {
          Map<String, double[][]> state = new java.util.LinkedHashMap<>();
          buffers.forEach((n, b) -> state.put(n, new double[][] {b}));
          return new OptimizerState(steps, List.of("momentum_buffer"), state);
        }
      };
    }
  }

  private static byte[] concat(byte[][] model) {
    byte[] file = new byte[8 + model[0].length + model[1].length];
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(model[0].length).put(model[0]).put(model[1]);
    return file;
  }
}
