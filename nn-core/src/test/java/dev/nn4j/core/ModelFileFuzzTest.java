package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nn4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads thousands of seeded mutations of a valid model file (the 3-4-2 network with dropout): truncations,
 * bit flips, inserted and deleted bytes, and edits of the header's length, numbers, dtypes, names and
 * JSON. Each load must either throw {@link ModelFormatException} or return a network whose parameters are
 * exactly the values in the file and that predicts as a network built from those values does. Anything
 * else (another exception, an {@link OutOfMemoryError}, a hang) fails the test.
 */
class ModelFileFuzzTest {
  private static final int MUTATIONS = 5_000;
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final String[] WORDS = {
    "__metadata__", "nn4j.format", "nn4j.architecture", "dtype", "shape", "data_offsets", "F64", "F32", "layers.0.weight",
    "layers.0.bias", "layers.2.weight", "layers.2.bias", "input", "layers", "loss", "type", "dense", "dropout", "units",
    "activation", "rate", "name", "config", "golden_tanh", "golden_leaky_relu", "slope", "huber", "delta", "mse", "x",
    "nodes", "inputs", "nn4j.seed", "layers.1", "activation.slope", "batch_norm", "flatten", "reshape"
  };
  private static final String[] REPLACEMENT_NUMBERS = {
    "0", "1", "2", "3", "4", "7", "8", "-1", "-0", "0.5", "1e3", "1e400", "2147483647", "2147483648", "9223372036854775807",
    "9223372036854775808", "18446744073709551616", "99999999999999999999999", "1" + "0".repeat(70), "3.0", "NaN", ""
  };
  private static final String[] DTYPES = {"F32", "F16", "BF16", "I64", "U8", "BOOL", "F65", "f64", "", "F64 "};
  private static final String JSON_CHARACTERS = "{}[]\",:0123456789.-eE \\atnu/\u00e9\u0000";

  @TempDir Path folder;

  private record Mutation(String description, byte[] bytes) {}

  @Test
  void everyMutationLoadsExactlyOrFailsWithAFormatError() throws IOException {
    Network original = ModelFixtures.smallNetwork(7);
    Path validFile = folder.resolve("valid.safetensors");
    original.save(validFile);
    byte[] valid = Files.readAllBytes(validFile);
    Path file = folder.resolve("mutated.safetensors");
    Random random = new Random(20240611L);
    double[][] inputs = ModelFixtures.randomInputs(8, 3, 5);
    Map<String, Integer> outcomes = new TreeMap<>();

    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < MUTATIONS; i++) {
            Mutation mutation = mutate(valid, random);
            // One in ten goes through a real file; the rest are read from memory, which is much faster.
            boolean onDisk = i % 10 == 0;
            String source = onDisk ? file.toString() : "mutation " + i;
            Network loaded;
            try {
              if (onDisk) {
                Files.write(file, mutation.bytes());
                loaded = ModelFile.load(file);
              } else {
                loaded = ModelFile.fromBytes(mutation.bytes(), source);
              }
            } catch (ModelFormatException e) {
              assertThat(e.getMessage()).startsWith("Cannot load a network from " + source + ": ");
              outcomes.merge("rejected", 1, Integer::sum);
              continue;
            } catch (Throwable t) {
              throw new AssertionError("Mutation " + i + " (" + mutation.description() + ") threw " + t, t);
            }
            outcomes.merge("loaded", 1, Integer::sum);
            checkLoadedAsTheFileSays(loaded, mutation, inputs, i);
          }
        });

    // Both outcomes occur often: the mutations reach the checks, and valid variants still load.
    assertThat(outcomes.getOrDefault("rejected", 0)).isGreaterThan(MUTATIONS / 2);
    assertThat(outcomes.getOrDefault("loaded", 0)).isGreaterThan(100);
  }

  /**
   * The loaded state dict holds the values at the offsets the mutated header gives, and the network
   * predicts, bit for bit, what a network built from its layers' configurations and given those values
   * predicts.
   */
  private static void checkLoadedAsTheFileSays(Network loaded, Mutation mutation, double[][] inputs, int index) {
    byte[] bytes = mutation.bytes();
    String header = SafetensorsBytes.headerText(bytes);
    byte[] data = SafetensorsBytes.data(bytes);
    @SuppressWarnings("unchecked")
    Map<String, Object> tensors = (Map<String, Object>) SafetensorsBytes.parse(header);
    StateDict state = loaded.stateDict();
    Map<String, Tensor> fromFile = new java.util.LinkedHashMap<>();
    for (String name : state.names()) {
      double[] values = values(tensors, data, name);
      assertThat(state.get(name).values()).as("mutation %s (%s): %s", index, mutation.description(), name).isEqualTo(values);
      assertThat(Arrays.stream(values).allMatch(Double::isFinite)).isTrue();
      fromFile.put(name, Tensor.of(state.get(name).shape(), values));
    }
    NetworkBuilder reference = Network.builder().input(loaded.inputShape()).loss(loaded.lossFunction()).seed(loaded.seed());
    for (Layer layer : loaded.layers()) {
      reference.layer(layer.type(), layer.config());
    }
    Network rebuilt = reference.build();
    rebuilt.loadStateDict(StateDict.of(fromFile));
    double[][] predictions = loaded.predict(inputs);
    assertThat(predictions).as("mutation %s (%s)", index, mutation.description()).isDeepEqualTo(rebuilt.predict(inputs));
  }

  /** The values of tensor {@code name}, decoded as its dtype says (the 8-byte ones can pass the size checks). */
  @SuppressWarnings("unchecked")
  private static double[] values(Map<String, Object> tensors, byte[] data, String name) {
    Map<String, Object> tensor = (Map<String, Object>) tensors.get(name);
    List<Object> offsets = (List<Object>) tensor.get("data_offsets");
    long begin = (Long) offsets.get(0);
    int count = (int) (((Long) offsets.get(1) - begin) / 8);
    double[] values = SafetensorsBytes.doubles(data, begin, count);
    if ("I64".equals(tensor.get("dtype"))) {
      for (int i = 0; i < count; i++) {
        values[i] = Double.doubleToRawLongBits(values[i]);
      }
    }
    return values;
  }



  // ---------------------------------------------------------------- mutations

  private static Mutation mutate(byte[] valid, Random random) {
    Mutation mutation = mutateOnce(new Mutation("", valid), random);
    // Sometimes stack a second and third mutation.
    while (random.nextInt(4) == 0) {
      mutation = mutateOnce(mutation, random);
    }
    return mutation;
  }

  private static Mutation mutateOnce(Mutation base, Random random) {
    byte[] bytes = base.bytes();
    String prefix = base.description().isEmpty() ? "" : base.description() + ", then ";
    int kind = random.nextInt(11);
    return switch (kind) {
      case 0 -> {
        int at = random.nextInt(bytes.length + 1);
        yield new Mutation(prefix + "truncated at " + at, Arrays.copyOf(bytes, at));
      }
      case 1 -> {
        byte[] copy = bytes.clone();
        StringBuilder where = new StringBuilder();
        for (int k = 1 + random.nextInt(4); k > 0 && copy.length > 0; k--) {
          int at = random.nextInt(copy.length);
          int bit = random.nextInt(8);
          copy[at] ^= (byte) (1 << bit);
          where.append(' ').append(at).append(':').append(bit);
        }
        yield new Mutation(prefix + "bits flipped at" + where, copy);
      }
      case 2 -> {
        // A byte of the data section set to a random value: usually still a valid file.
        byte[] copy = bytes.clone();
        int dataStart = bytes.length >= 8 ? (int) Math.min(bytes.length, 8 + Math.max(0, SafetensorsBytes.headerLength(bytes))) : 0;
        if (dataStart >= copy.length) {
          yield new Mutation(prefix + "no data to change", copy);
        }
        int at = dataStart + random.nextInt(copy.length - dataStart);
        copy[at] = (byte) random.nextInt(256);
        yield new Mutation(prefix + "data byte " + at + " set to " + (copy[at] & 0xff), copy);
      }
      case 3 -> {
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        if (random.nextBoolean()) {
          Arrays.fill(inserted, (byte) ' ');
        }
        yield new Mutation(prefix + inserted.length + " bytes inserted at " + at, splice(bytes, at, 0, inserted));
      }
      case 4 -> {
        int at = random.nextInt(bytes.length + 1);
        int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
        yield new Mutation(prefix + length + " bytes deleted at " + at, splice(bytes, at, length, new byte[0]));
      }
      case 5 -> {
        long length = bytes.length >= 8 ? SafetensorsBytes.headerLength(bytes) : 0;
        long[] choices = {
          length + 1, length - 1, length + 8, length - 8, 0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, bytes.length,
          bytes.length - 8, length + (1L << 32), 100_000_001, random.nextLong(), random.nextInt(bytes.length + 16)
        };
        long declared = choices[random.nextInt(choices.length)];
        byte[] copy = Arrays.copyOf(bytes, Math.max(bytes.length, 8));
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, declared);
        yield new Mutation(prefix + "header length set to " + Long.toUnsignedString(declared), copy);
      }
      case 6 -> editHeader(base, prefix, random, header -> {
        Matcher m = NUMBER.matcher(header);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
          return null;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String original = header.substring(span[0], span[1]);
        String replacement =
            random.nextInt(3) == 0 ? nearby(original, random) : REPLACEMENT_NUMBERS[random.nextInt(REPLACEMENT_NUMBERS.length)];
        String edited = header.substring(0, span[0]) + replacement + header.substring(span[1]);
        return new String[] {edited, "number " + original + " -> " + replacement};
      });
      case 7 -> editHeader(base, prefix, random, header -> {
        int at = header.indexOf("\"F64\"", random.nextInt(Math.max(1, header.length())));
        if (at < 0) {
          at = header.indexOf("\"F64\"");
        }
        if (at < 0) {
          return null;
        }
        String dtype = DTYPES[random.nextInt(DTYPES.length)];
        return new String[] {header.substring(0, at + 1) + dtype + header.substring(at + 4), "dtype F64 -> '" + dtype + "'"};
      });
      case 8 -> editHeader(base, prefix, random, header -> {
        String word = WORDS[random.nextInt(WORDS.length)];
        int at = header.indexOf(word);
        if (at < 0) {
          return null;
        }
        String replacement = random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)] : word.substring(0, word.length() - 1);
        String edited = header.substring(0, at) + replacement + header.substring(at + word.length());
        return new String[] {edited, "word " + word + " -> " + replacement};
      });
      case 9 -> editHeader(base, prefix, random, header -> {
        if (header.isEmpty()) {
          return null;
        }
        int at = random.nextInt(header.length());
        char c = JSON_CHARACTERS.charAt(random.nextInt(JSON_CHARACTERS.length()));
        String edited = switch (random.nextInt(3)) {
          case 0 -> header.substring(0, at) + c + header.substring(at + 1);
          case 1 -> header.substring(0, at) + c + header.substring(at);
          default -> header.substring(0, at) + header.substring(at + 1);
        };
        return new String[] {edited, "header character " + at + " edited with '" + c + "'"};
      });
      default -> editHeader(base, prefix, random, header -> {
        // Reorder, drop or duplicate a top-level entry of the header, keeping offsets: layout checks.
        int start = header.indexOf("\"layers.");
        if (start < 0) {
          return null;
        }
        String entries = header.substring(start, header.lastIndexOf('}'));
        List<String> parts = new ArrayList<>(Arrays.asList(entries.split("(?<=\\]\\}),")));
        int pick = random.nextInt(parts.size());
        String how;
        switch (random.nextInt(3)) {
          case 0 -> {
            parts.add(parts.remove(pick));
            how = "moved to the end";
          }
          case 1 -> {
            parts.remove(pick);
            how = "dropped";
          }
          default -> {
            parts.add(parts.get(pick));
            how = "duplicated";
          }
        }
        return new String[] {header.substring(0, start) + String.join(",", parts) + "}", "tensor entry " + pick + " " + how};
      });
    };
  }

  /** A header edit: {@code edit} returns the new header text and a description, or null if it cannot apply. */
  private interface HeaderEdit {
    String[] apply(String header);
  }

  /** Applies {@code edit} to the header text and writes the new length (or, one time in five, keeps the old). */
  private static Mutation editHeader(Mutation base, String prefix, Random random, HeaderEdit edit) {
    byte[] bytes = base.bytes();
    if (bytes.length < 8) {
      return base;
    }
    long length = SafetensorsBytes.headerLength(bytes);
    if (length < 0 || length > bytes.length - 8) {
      return base;
    }
    String header = new String(bytes, 8, (int) length, StandardCharsets.UTF_8);
    String[] result = edit.apply(header);
    if (result == null) {
      return base;
    }
    byte[] newHeader = result[0].getBytes(StandardCharsets.UTF_8);
    boolean keepLength = random.nextInt(5) == 0;
    byte[] data = Arrays.copyOfRange(bytes, 8 + (int) length, bytes.length);
    return new Mutation(
        prefix + result[1] + (keepLength ? " (old length kept)" : ""),
        SafetensorsBytes.file(keepLength ? length : newHeader.length, newHeader, data));
  }

  private static String nearby(String number, Random random) {
    try {
      long value = Long.parseLong(number);
      long[] deltas = {-8, -1, 1, 8, 16, 96};
      return Long.toString(value + deltas[random.nextInt(deltas.length)]);
    } catch (NumberFormatException e) {
      return number + "1";
    }
  }

  private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
    byte[] result = new byte[bytes.length - remove + insert.length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(insert, 0, result, at, insert.length);
    System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
    return result;
  }
}
