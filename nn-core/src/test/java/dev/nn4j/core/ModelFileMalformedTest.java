package dev.nn4j.core;

import static dev.nn4j.core.ModelFixtures.ARCHITECTURE;
import static dev.nn4j.core.ModelFixtures.ARCHITECTURE_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.nn4j.core.ModelFixtures.Parts;
import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.SafetensorsBytes.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed file is a {@link ModelFormatException} whose message names the file and says
 * what is wrong. Each case starts from the valid file of {@link ModelFixtures#smallNetwork}, built by hand.
 */
class ModelFileMalformedTest {
  private static final Network NETWORK = ModelFixtures.smallNetwork(7);

  @TempDir Path folder;

  /** The valid file, edited by {@code edit}. */
  private static byte[] edited(Consumer<Parts> edit) {
    Parts parts = ModelFixtures.parts(NETWORK);
    edit.accept(parts);
    return parts.file();
  }

  /** The valid file with the architecture string replaced. */
  private static byte[] architecture(Function<String, String> edit) {
    return edited(p -> p.metadata.put("nn4j.architecture", edit.apply(ARCHITECTURE)));
  }

  /** The valid format-1 file with the architecture string replaced. */
  private static byte[] architectureV1(Function<String, String> edit) {
    Parts parts = ModelFixtures.partsV1(NETWORK);
    parts.metadata.put("nn4j.architecture", edit.apply(ARCHITECTURE_V1));
    return parts.file();
  }

  /** The valid file's header text replaced, length recomputed. */
  private static byte[] header(Function<String, String> edit) {
    Parts parts = ModelFixtures.parts(NETWORK);
    return SafetensorsBytes.file(edit.apply(parts.header()), parts.data);
  }

  private static byte[] withLength(long declared) {
    Parts parts = ModelFixtures.parts(NETWORK);
    return SafetensorsBytes.file(declared, parts.header().getBytes(StandardCharsets.UTF_8), parts.data);
  }

  private static byte[] withoutMetadata() {
    Parts parts = ModelFixtures.parts(NETWORK);
    return SafetensorsBytes.file(SafetensorsBytes.header(null, parts.entries), parts.data);
  }

  private static byte[] valid() {
    return edited(p -> {});
  }

  static Stream<Arguments> malformedFiles() {
    byte[] valid = valid();
    int headerEnd = 8 + (int) SafetensorsBytes.headerLength(valid);
    return Stream.of(
        // Truncation, anywhere.
        arguments("empty file", new byte[0], "the file is truncated: it has 0 bytes, fewer than the 8 bytes"),
        arguments("5 bytes", Arrays.copyOf(valid, 5), "truncated: it has 5 bytes"),
        arguments("cut in the header", Arrays.copyOf(valid, 100), "but only 92 bytes follow it: the file is truncated"),
        arguments("cut in the data", Arrays.copyOf(valid, valid.length - 5), "the file is truncated: tensor 'layers.2.bias'"),
        arguments("cut at the data", Arrays.copyOf(valid, headerEnd), "the file is truncated: tensor"),
        // Header length.
        arguments("header length 2^64 - 1", withLength(-1),
            "header length is 18446744073709551615 bytes, more than the limit of 67108864 bytes"),
        arguments("header length 2^40", withLength(1L << 40), "more than the limit of 67108864 bytes"),
        arguments("header length past the end", withLength(valid.length), "the file is truncated or not a safetensors file"),
        arguments("header length too short", withLength(headerEnd - 8 - 10), "is not valid JSON"),
        arguments("header length 0", withLength(0), "an empty header"),
        // Header JSON.
        arguments("not JSON", header(h -> h.replace("\"dtype\":", "\"dtype\"=")), "the header is not valid JSON at byte "),
        arguments("array header", header(h -> "[" + h + "]"), "expected the header to start with '{' (a JSON object), got byte 0x5b ('[')"),
        arguments("leading space", header(h -> " " + h), "expected the header to start with '{'"),
        arguments("two objects", header(h -> h + "{}"), "the header has more content after its closing '}'"),
        arguments("trailing comma", header(h -> h.substring(0, h.length() - 1) + ",}"), "is not valid JSON"),
        arguments("NaN in JSON", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":[NaN,3]")), "is not valid JSON"),
        arguments("bad UTF-8", badUtf8(valid), "the header is not valid UTF-8 (at byte"),
        // Sequences that Jackson's byte reader lets through: '/' encoded in two bytes, a lone surrogate.
        arguments("overlong UTF-8", withBytes(valid, 10, 0xC0, 0xAF), "the header is not valid UTF-8 (at byte 10 of the file)"),
        arguments("UTF-8 surrogate", withBytes(valid, 10, 0xED, 0xA0, 0x80), "the header is not valid UTF-8 (at byte 10 of the file)"),
        arguments("deep nesting", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":" + "[".repeat(40) + "]".repeat(40))),
            "to hold integers in [0, 9223372036854775807], got an array"),
        arguments(
            "deep nesting in metadata",
            header(h -> h.replace("{\"nn4j.format\"", "{\"x\":" + "[".repeat(40) + "]".repeat(40) + ",\"nn4j.format\"")),
            "the value of 'x' in __metadata__"),
        arguments("tensor not an object", header(h -> h.substring(0, h.length() - 1) + ",\"x\":5}"), "expected tensor 'x' to be an object"),
        arguments("unknown tensor key", header(h -> h.replace("\"dtype\":\"F64\",", "\"dtype\":\"F64\",\"strides\":[1],")),
            "has an unknown key 'strides'"),
        arguments("duplicate tensor", header(h -> h.replace("\"layers.0.bias\"", "\"layers.0.weight\"")),
            "Duplicate field 'layers.0.weight'"),
        arguments("duplicate key", header(h -> h.replace("\"dtype\":\"F64\",", "\"dtype\":\"F64\",\"dtype\":\"F64\",")),
            "Duplicate field 'dtype'"),
        // Dtypes.
        arguments("F32 with the bytes of F64", edited(p -> p.entries.set(0, p.entries.get(0).withDtype("F32"))),
            "tensor 'layers.0.weight' has shape [4, 3] and dtype F32, so it needs 48 bytes, but its data_offsets [0, 96] give 96"),
        arguments("unsupported dtype", edited(p -> p.entries.set(1, p.entries.get(1).withDtype("C64"))),
            "tensor 'layers.0.bias' has dtype C64, which nn4j does not read; it reads [BF16, BOOL, F16, F32, F64, I32, I64]"),
        arguments("unknown dtype", edited(p -> p.entries.set(1, p.entries.get(1).withDtype("F65"))),
            "has unknown dtype 'F65'; expected one of [BF16, BOOL, F16, F32, F64, I32, I64]"),
        // Shapes and offsets.
        arguments("shape disagrees with bytes", edited(p -> p.entries.set(0, p.entries.get(0).withShape(4, 2))),
            "tensor 'layers.0.weight' has shape [4, 2] and dtype F64, so it needs 64 bytes, but its data_offsets [0, 96] give 96"),
        arguments("shape disagrees with architecture", edited(p -> p.entries.set(0, p.entries.get(0).withShape(3, 4))),
            "tensor 'layers.0.weight' has shape [3, 4], but layer 0 (dense, [3] -> [4]) needs [4, 3]"),
        arguments("bias of shape [1, out]", edited(p -> p.entries.set(3, p.entries.get(3).withShape(1, 2))),
            "tensor 'layers.2.bias' has shape [1, 2], but layer 2 (dense, [4] -> [2]) needs [2]"),
        arguments("negative size", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":[-4,3]")),
            "to hold integers in [0, 9223372036854775807], got the number -4"),
        arguments("huge size", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":[4000000000000000000,3000]")),
            "too many values to address"),
        arguments("size beyond 64 bits", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":[99999999999999999999,3]")),
            "got the number 99999999999999999999"),
        arguments("fractional size", header(h -> h.replace("\"shape\":[4,3]", "\"shape\":[4.0,3]")), "got the number 4.0"),
        arguments("three offsets", header(h -> h.replace("[0,96]", "[0,96,96]")), "to have at most 2 entries"),
        arguments("one offset", header(h -> h.replace("[0,96]", "[96]")), "to be [begin, end], got [96]"),
        arguments("reversed offsets", edited(p -> p.entries.set(3, p.entries.get(3).withOffsets(208, 192))),
            "data_offsets [208, 192] that end before they begin"),
        arguments("overlapping offsets", edited(p -> {
              p.entries.set(1, p.entries.get(1).withOffsets(88, 120));
            }), "overlaps tensor 'layers.0.weight'"),
        arguments("gap", edited(p -> {
              p.entries.set(3, p.entries.get(3).withOffsets(200, 216));
              p.data = Arrays.copyOf(p.data, 216);
            }), "8 bytes of the data section before tensor 'layers.2.bias' (F64, shape [2], data_offsets [200, 216]) belong to no tensor"),
        arguments("trailing garbage", edited(p -> p.data = Arrays.copyOf(p.data, p.data.length + 3)),
            "3 bytes of trailing data after the last tensor"),
        arguments("offsets past the end", edited(p -> p.entries.set(3, p.entries.get(3).withOffsets(1 << 30, (1 << 30) + 16))),
            "the file is truncated: tensor 'layers.2.bias'"),
        // Tensors against the architecture.
        arguments("missing tensor", edited(p -> {
              p.entries.remove(3);
              p.data = Arrays.copyOf(p.data, 192);
            }), "missing tensor 'layers.2.bias' of layer 2 (dense, [4] -> [2])"),
        arguments("extra tensor", edited(p -> {
              p.entries.add(new Entry("layers.1.weight", "F64", new long[] {1}, 208, 216));
              p.data = Arrays.copyOf(p.data, 216);
            }), "the file holds tensor 'layers.1.weight', which the architecture does not have"),
        arguments("renamed tensor", edited(p -> p.entries.set(0, p.entries.get(0).withName("fc1.weight"))),
            "missing tensor 'layers.0.weight'"),
        // Values.
        arguments("NaN value", edited(p -> putDouble(p.data, 3 * 8, Double.NaN)),
            "tensor 'layers.0.weight' holds NaN at index 3; expected finite values (nn4j writes finite values only, so the file is damaged)"),
        arguments("infinite value", edited(p -> putDouble(p.data, 200, Double.NEGATIVE_INFINITY)),
            "tensor 'layers.2.bias' holds -Infinity at index 1; expected finite values"),
        // Metadata.
        arguments("no metadata", withoutMetadata(),
            "the header has no __metadata__: not a model file written by nn4j"),
        arguments("non-string metadata", header(h -> h.replace("\"nn4j.format\":\"2\"", "\"nn4j.format\":2")),
            "__metadata__ (its values must be strings"),
        arguments("no format", edited(p -> p.metadata.remove("nn4j.format")),
            "__metadata__ has no nn4j.format: not a model file written by nn4j"),
        arguments("format 3", edited(p -> p.metadata.put("nn4j.format", "3")), "written by a newer nn4j: format 3, this version reads 1 to 2"),
        arguments("format 3 with F32 tensors", edited(p -> {
              p.metadata.put("nn4j.format", "3");
              p.entries.replaceAll(e -> e.withDtype("F32"));
            }), "written by a newer nn4j: format 3, this version reads 1 to 2"),
        arguments("format x", edited(p -> p.metadata.put("nn4j.format", "1.0")), "unknown nn4j.format '1.0', this version reads 1 to 2"),
        arguments("no architecture", edited(p -> p.metadata.remove("nn4j.architecture")), "__metadata__ has no nn4j.architecture"),
        arguments("seed not a number", edited(p -> p.metadata.put("nn4j.seed", "seven")), "nn4j.seed must be a 64-bit integer, got 'seven'"),
        // The architecture.
        arguments("architecture not JSON", architecture(a -> a.substring(0, a.length() - 1)),
            "the architecture (nn4j.architecture) is not valid JSON"),
        arguments("architecture array", architecture(a -> "[" + a + "]"), "expected the architecture to be a JSON object, got an array"),
        arguments("architecture unknown key", architecture(a -> a.replace("{\"nodes\":", "{\"seed\":1,\"nodes\":")),
            "the architecture has an unknown key 'seed'; expected nodes, loss"),
        arguments("no loss", architecture(a -> a.replaceFirst(",\"loss\":.*\\}$", "}")), "the architecture lacks 'loss'"),
        arguments("zero input", architecture(a -> a.replace("\"shape\":\"3\"", "\"shape\":\"0\"")),
            "Bad 'shape' of the input node: Expected a shape as 1 to 8 positive sizes separated by commas (such as 1,28,28), got '0'"),
        arguments("input beyond int", architecture(a -> a.replace("\"shape\":\"3\"", "\"shape\":\"3000000000\"")),
            "Expected sizes that fit an int in shape '3000000000'"),
        arguments("no layers", architecture(a -> a.replaceFirst("\\},\\{\"name\":\"layers.0\".*\\}\\],", "}],")),
            "the architecture has no layers"),
        arguments("first node not the input", architecture(a -> a.replace("\"type\":\"input\"", "\"type\":\"dense\"")),
            "the first node, 'input', has type 'dense'; expected type 'input'"),
        arguments("node lacks inputs", architecture(a -> a.replace(",\"inputs\":[\"input\"]", "")),
            "node 1 lacks 'inputs'; expected name, type, config and inputs"),
        arguments("node reads a later node", architecture(a -> a.replace("\"inputs\":[\"layers.0\"]", "\"inputs\":[\"layers.2\"]")),
            "node 'layers.1' reads 'layers.2', which is not a node listed before it"),
        arguments("two nodes of one name", architecture(a -> a.replace("\"name\":\"layers.2\"", "\"name\":\"layers.0\"")),
            "the architecture has two nodes named 'layers.0'"),
        arguments("a branch", architecture(a -> a.replace("\"inputs\":[\"layers.1\"]", "\"inputs\":[\"layers.0\"]")),
            "this version of nn4j builds chains, where node 3 is 'layers.2' reading ['layers.1']"),
        arguments("inputs not names", architecture(a -> a.replace("\"inputs\":[\"input\"]", "\"inputs\":[1]")),
            "expected the inputs of node 1 to be names, got the number 1"),
        arguments("unknown layer type", architecture(a -> a.replace("\"type\":\"dropout\"", "\"type\":\"conv9d\"")),
            "layer 1 ('conv9d') cannot be created here: Unknown layer type 'conv9d'. Known layer type names: [avg_pool2d, batch_norm,"
                + " conv2d, dense, dropout, embedding, flatten, global_avg_pool2d, gru, layer_norm, lstm, max_pool2d, reshape, rnn]"),
        arguments("dropout rate 1", architecture(a -> a.replace("\"rate\":\"0.25\"", "\"rate\":\"1.0\"")),
            "layer 1 ('dropout') has a configuration its provider rejects: Expected 'rate' of layer 'dropout' in [0.0, 1.0), got 1.0"),
        arguments("dropout rate huge", architecture(a -> a.replace("\"rate\":\"0.25\"", "\"rate\":\"1e400\"")),
            "Expected a finite number for 'rate' of layer 'dropout', got '1e400'"),
        arguments("unknown config key", architecture(a -> a.replace("\"units\":\"4\"", "\"units\":\"4\",\"zeta\":\"0.5\"")),
            "layer 0 ('dense') has a configuration its provider rejects: Unknown configuration key 'zeta' for layer 'dense'"),
        arguments("units disagree with tensors", architecture(a -> a.replace("\"units\":\"4\"", "\"units\":\"5\"")),
            "tensor 'layers.0.weight' has shape [4, 3], but layer 0 (dense, [3] -> [5]) needs [5, 3]"),
        arguments("units not a number", architecture(a -> a.replace("\"units\":\"4\"", "\"units\":\"four\"")),
            "Expected a positive integer for 'units' of layer 'dense', got 'four'"),
        arguments("config not strings", architecture(a -> a.replace("\"activation.slope\":\"0.1\"", "\"activation.slope\":0.1")),
            "the value of 'activation.slope' in the config of node 3 as a string, got the number 0.1"),
        arguments("unknown activation", architecture(a -> a.replace("golden_tanh", "swish_of_doom")),
            "layer 0 ('dense') has a configuration its provider rejects: Bad 'activation' of layer 'dense': Unknown activation"
                + " 'swish_of_doom'. Known activation names: [golden_leaky_relu, golden_tanh]"),
        arguments("bad activation config", architecture(a -> a.replace("\"activation.slope\":\"0.1\"", "\"activation.slope\":\"steep\"")),
            "layer 2 ('dense') has a configuration its provider rejects: Bad 'activation' of layer 'dense'"),
        arguments("unknown loss", architecture(a -> a.replace("huber", "hinge")),
            "needs loss 'hinge' {delta=0.5}, which cannot be created here: Unknown loss 'hinge'. Known loss names:"),
        arguments(
            "loss that does not fit",
            architecture(a -> a.replace("{\"name\":\"huber\",\"config\":{\"delta\":\"0.5\"}}", "{\"name\":\"cross_entropy\",\"config\":{}}")),
            "the architecture does not build a network: Categorical cross-entropy expects a softmax output layer"),
        // Format 1's architecture, read as such.
        arguments("format 1: unknown key", architectureV1(a -> a.replace("{\"input\":3,", "{\"input\":3,\"seed\":1,")),
            "the architecture has an unknown key 'seed'; expected input, layers, loss"),
        arguments("format 1: zero input", architectureV1(a -> a.replace("\"input\":3", "\"input\":0")),
            "expected the input size as an integer in [1, 2147483647], got the number 0"),
        arguments("format 1: no layers", architectureV1(a -> a.replaceFirst("\\[.*\\]", "[]")), "the architecture has no layers"),
        arguments("format 1: layer type", architectureV1(a -> a.replace("\"dropout\"", "\"conv2d\"")),
            "layer 1 has type 'conv2d'; format 1 holds only \"dense\" and \"dropout\" layers"),
        arguments("format 1: dropout rate 1", architectureV1(a -> a.replace("\"rate\":0.25", "\"rate\":1.0")),
            "expected a dropout rate in [0, 1) for layer 1, got 1.0"),
        arguments("format 1: dense with rate", architectureV1(a -> a.replace("\"units\":4,", "\"units\":4,\"rate\":0.5,")),
            "dense layer 0 must have exactly type, units and activation; got type, units, activation, rate"),
        arguments("format 1: units disagree with tensors", architectureV1(a -> a.replace("\"units\":4", "\"units\":5")),
            "tensor 'layers.0.weight' has shape [4, 3], but layer 0 (dense, [3] -> [5]) needs [5, 3]"),
        arguments("format 1: config not strings", architectureV1(a -> a.replace("\"slope\":\"0.1\"", "\"slope\":0.1")),
            "the value of 'slope' in the config of the activation of layer 2 as a string, got the number 0.1"),
        arguments("format 1: unknown activation", architectureV1(a -> a.replace("golden_tanh", "swish_of_doom")),
            "Unknown activation 'swish_of_doom'. Known activation names: [golden_leaky_relu, golden_tanh]"));
  }

  private static byte[] badUtf8(byte[] valid) {
    byte[] copy = valid.clone();
    copy[8 + 3] = (byte) 0xC3; // a lead byte followed by an ASCII letter of "__metadata__"
    return copy;
  }

  /** {@code valid} with {@code bytes} written from offset {@code at} of the file. */
  private static byte[] withBytes(byte[] valid, int at, int... bytes) {
    byte[] copy = valid.clone();
    for (int i = 0; i < bytes.length; i++) {
      copy[at + i] = (byte) bytes[i];
    }
    return copy;
  }

  private static void putDouble(byte[] data, int at, double value) {
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putDouble(at, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void malformedFileIsAFormatErrorThatSaysWhatIsWrong(String name, byte[] bytes, String expectedMessage) throws IOException {
    Path file = folder.resolve("bad.safetensors");
    Files.write(file, bytes);
    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("Cannot load a network from " + file + ": ")
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void hugeSizesInTheArchitectureAreRefusedBeforeAnythingIsAllocated() throws IOException {
    // 20,000 x 20,000 weights would take 3.2 GB: the file has no tensor to back them, and says so.
    String architecture =
        "{\"nodes\":[{\"name\":\"input\",\"type\":\"input\",\"config\":{\"shape\":\"20000\"},\"inputs\":[]},"
            + "{\"name\":\"layers.0\",\"type\":\"dense\",\"config\":{\"activation\":\"golden_tanh\",\"units\":\"20000\"},"
            + "\"inputs\":[\"input\"]},"
            + "{\"name\":\"layers.1\",\"type\":\"batch_norm\",\"config\":{},\"inputs\":[\"layers.0\"]}],"
            + "\"loss\":{\"name\":\"mse\",\"config\":{}}}";
    Parts parts = ModelFixtures.parts(NETWORK);
    parts.metadata.put("nn4j.architecture", architecture);
    parts.entries.clear();
    parts.data = new byte[0];
    Path file = folder.resolve("huge.safetensors");
    Files.write(file, parts.file());
    long before = allocatedByThisThread();
    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("missing tensor 'layers.0.weight' of layer 0 (dense, [20000] -> [20000])");
    assertThat(allocatedByThisThread() - before).as("bytes allocated while loading").isLessThan(50_000_000L);
  }

  private static long allocatedByThisThread() {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void theHandBuiltFileIsValidAndLoads() throws IOException {
    Path file = folder.resolve("good.safetensors");
    Files.write(file, valid());
    double[][] inputs = ModelFixtures.randomInputs(10, 3, 3);
    assertThat(Network.load(file).predict(inputs)).isDeepEqualTo(NETWORK.predict(inputs));
  }
}
