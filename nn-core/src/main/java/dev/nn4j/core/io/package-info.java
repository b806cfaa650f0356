/**
 * Model files: one network in one {@code .safetensors} file, written by {@link
 * dev.nn4j.core.io.ModelFile#save} (or {@code Network.save}) and read back by {@link
 * dev.nn4j.core.io.ModelFile#load} (or {@code Network.load}).
 *
 * <h2>Format (version 1)</h2>
 *
 * <p>A <a href="https://github.com/huggingface/safetensors">safetensors</a> file, readable by its Python
 * package and by PyTorch:
 *
 * <ol>
 *   <li>8 bytes: {@code N}, the header length, an unsigned little-endian 64-bit integer;
 *   <li>{@code N} bytes: the header, UTF-8 JSON starting with <code>'{'</code>, padded with spaces to a
 *       multiple of 8 bytes;
 *   <li>the data section: the tensors' values, little-endian, row-major, packed one after another.
 * </ol>
 *
 * <p>The header maps each tensor name to {@code {"dtype": "F64", "shape": [...], "data_offsets": [begin,
 * end]}} (offsets in bytes from the start of the data section), in PyTorch's {@code nn.Linear} layout:
 * dense layer {@code i} has {@code layers.<i>.weight} of shape {@code [out, in]} and {@code
 * layers.<i>.bias} of shape {@code [out]}; a dropout layer has no tensors but keeps its index. All values
 * are {@code F64} (nn4j computes in float64). The header's {@code "__metadata__"} holds strings only:
 *
 * <ul>
 *   <li>{@code "nn4j.format": "1"}, the format version;
 *   <li>{@code "nn4j.architecture"}: a JSON document in a string, with the input size, each layer
 *       ({@code {"type": "dense", "units": 4, "activation": {"name": "relu", "config": {}}}} or {@code
 *       {"type": "dropout", "rate": 0.5}}) and the loss ({@code {"name": "mse", "config": {}}}).
 *       Activations and losses are named as their providers register them; configurations are the
 *       string maps of {@link dev.nn4j.core.Activation#config()} and {@link dev.nn4j.core.Loss#config()}.
 * </ul>
 *
 * <h2>Reading untrusted files</h2>
 *
 * <p>Every malformation is a {@link dev.nn4j.core.io.ModelFormatException} that names the file and what
 * is wrong; nothing else is thrown for a bad file. The reader checks, before it allocates anything sized
 * by a number from the file: the header length against the file size and 100 MB; each tensor's byte length
 * against its shape; the tensors' ranges, in order of offset, against each other and the data section
 * (they must cover it exactly: no overlap, no gap, no trailing bytes; the order in the header does not
 * matter); the tensors against the architecture (no tensor missing or extra, every shape as the layer
 * sizes require). The header is parsed by Jackson's streaming parser with limits on nesting (16), string
 * length (16 M characters), key length (64 K) and number length (64 digits), duplicate keys rejected.
 * Only {@code F64} tensors are read ({@code F32} and the other safetensors dtypes are named as not
 * supported). NaN and infinite values are rejected, both when saving and when loading: training never
 * leaves them in a network, so one in a file means the file is damaged.
 */
package dev.nn4j.core.io;
