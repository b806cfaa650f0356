package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.io.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything a network's numbers are: one ordered map of named tensors, its trainable parameters and its
 * non-trainable buffers (running statistics), named as PyTorch's {@code state_dict()} names the same
 * model: {@code layers.<i>.weight}, {@code layers.<i>.bias}, {@code layers.<i>.running_mean}, {@code
 * layers.<i>.num_batches_tracked}.
 *
 * <p>It is the one currency of saving, loading, checkpoints, early stopping and moving a model between
 * machines: {@link Network#stateDict()} takes one, {@link Network#loadStateDict} puts one back. It is also
 * a {@code .safetensors} file of its own ({@link #write}, {@link #read}), so weights trained in PyTorch and
 * saved with {@code safetensors.torch.save_file(model.state_dict(), ...)} load into a network built the
 * same way; reading widens {@code F32}, {@code F16} and {@code BF16} values to float64 exactly.
 *
 * <p>Immutable; the tensors keep their order.
 */
public final class StateDict {
  private final ImmutableMap<String, Tensor> tensors;

  private StateDict(Map<String, Tensor> tensors) {
    this.tensors = ImmutableMap.copyOf(tensors);
  }

  /**
   * A state dict of {@code tensors}, in the map's order.
   *
   * @param tensors the tensors by name
   * @return the state dict
   */
  public static StateDict of(Map<String, Tensor> tensors) {
    checkNotNull(tensors, "tensors");
    tensors.forEach((name, tensor) -> {
      checkNotNull(name, "tensor name");
      checkNotNull(tensor, "tensor %s", name);
    });
    return new StateDict(tensors);
  }

  /**
   * The tensor called {@code name}.
   *
   * @param name such as {@code "layers.0.weight"}
   * @return the tensor
   * @throws IllegalArgumentException if there is none; the message lists the names there are
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    checkArgument(t != null, "No tensor named '%s'; the state dict has %s", name, tensors.keySet());
    return t;
  }

  /**
   * True if there is a tensor called {@code name}.
   *
   * @param name a tensor name
   * @return whether it is here
   */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The names, in order.
   *
   * @return the names
   */
  public Set<String> names() {
    return tensors.keySet();
  }

  /**
   * The tensors by name, in order.
   *
   * @return an immutable view
   */
  public Map<String, Tensor> asMap() {
    return tensors;
  }

  /**
   * The number of tensors.
   *
   * @return the number of tensors
   */
  public int size() {
    return tensors.size();
  }

  /**
   * This state dict without the tensors whose names start with {@code prefix}, or with only those: a
   * helper for files that hold more than one model's state.
   *
   * @param prefix such as {@code "optimizer."}
   * @param keep true to keep only the names with the prefix (with it removed), false to drop them
   * @return a new state dict
   */
  public StateDict filter(String prefix, boolean keep) {
    Map<String, Tensor> selected = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> {
      if (name.startsWith(prefix) == keep) {
        selected.put(keep ? name.substring(prefix.length()) : name, tensor);
      }
    });
    return new StateDict(selected);
  }

  // ---------------------------------------------------------------- files

  /**
   * Writes these tensors to a {@code .safetensors} file ({@code F64}, counters {@code I64}), replacing the
   * file at {@code path} only once the new one is complete.
   *
   * @param path the file
   * @throws IOException if it cannot be written; a previous file there is then unchanged
   */
  public void write(Path path) throws IOException {
    SafetensorsFile.write(path, Map.of(), tensors(), out -> out);
  }

  /**
   * Writes these tensors, as {@link #write(Path)} would, to {@code out}, which is not closed.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(OutputStream out) throws IOException {
    SafetensorsFile.write(out, Map.of(), tensors());
  }

  /**
   * Reads every tensor of a {@code .safetensors} file, whoever wrote it: {@code F64}, {@code F32}, {@code
   * F16}, {@code BF16} values are widened to float64 exactly; {@code I64}, {@code I32} and {@code BOOL}
   * tensors become integer tensors. The file is treated as hostile input.
   *
   * @param path the file
   * @return its tensors, in order of their offsets in the file
   * @throws ModelFormatException if the file is malformed, or holds another dtype or an integer too large
   *     for a double
   * @throws IOException if it cannot be read
   */
  public static StateDict read(Path path) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(path, "read")) {
      return read(file);
    }
  }

  /**
   * {@link #read(Path)} from a stream, read to its end (not closed).
   *
   * @param in the stream
   * @return its tensors
   * @throws ModelFormatException if the bytes are malformed
   * @throws IOException if reading fails
   */
  public static StateDict read(InputStream in) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(in, "the stream", "read")) {
      return read(file);
    }
  }

  private static StateDict read(SafetensorsFile file) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (SafetensorsFile.Entry entry : file.entries()) {
      tensors.put(entry.name(), tensor(file, entry));
    }
    return new StateDict(tensors);
  }

  /** The tensor of a file entry, its values read. */
  static Tensor tensor(SafetensorsFile file, SafetensorsFile.Entry entry) throws IOException {
    if (java.util.Arrays.stream(entry.shape()).anyMatch(d -> d == 0)) {
      throw file.malformed("tensor " + entry + " has no values; nn4j's tensors have sizes of at least 1", null);
    }
    Shape shape = Shape.of(entry.dims());
    double[] values = file.values(entry);
    return entry.isInteger() ? Tensor.ofIntegers(shape, values) : Tensor.of(shape, values);
  }

  /** The tensors as the container writes them. */
  private Map<String, SafetensorsFile.Values> tensors() {
    Map<String, SafetensorsFile.Values> out = new LinkedHashMap<>();
    tensors.forEach((name, t) -> out.put(name, new SafetensorsFile.Values(t.shape().dims(), t.isInteger(), t.values())));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDict s && tensors.equals(s.tensors);
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  /** The names and shapes, such as {@code StateDict{layers.0.weight=[2, 2], layers.0.bias=[2]}}. */
  @Override
  public String toString() {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    tensors.forEach((name, t) -> shapes.put(name, t.shape()));
    return "StateDict" + shapes;
  }
}
