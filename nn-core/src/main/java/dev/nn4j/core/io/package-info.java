/**
 * The file format under nn4j's model files and state dicts: the <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> container ({@link
 * dev.nn4j.core.io.SafetensorsFile}), read as hostile input and written atomically, and the architecture
 * that a model file records in its metadata ({@link dev.nn4j.core.io.Architecture}). Nothing here knows
 * networks: {@link dev.nn4j.core.ModelFile} gives the format its meaning, and documents it.
 *
 * <h2>The container</h2>
 *
 * <ol>
 *   <li>8 bytes: {@code N}, the header length, an unsigned little-endian 64-bit integer;
 *   <li>{@code N} bytes: the header, UTF-8 JSON starting with <code>'{'</code>, padded with spaces to a
 *       multiple of 8 bytes;
 *   <li>the data section: the tensors' values, little-endian, row-major, packed one after another.
 * </ol>
 *
 * <p>The header maps each tensor name to {@code {"dtype": "F64", "shape": [...], "data_offsets": [begin,
 * end]}} (offsets in bytes from the start of the data section); its {@code "__metadata__"} object holds
 * strings only.
 *
 * <h2>Reading untrusted files</h2>
 *
 * <p>Every malformation is a {@link dev.nn4j.core.io.ModelFormatException} that names the file and what is
 * wrong; nothing else is thrown for a bad file. The reader checks, before it allocates anything sized by a
 * number from the file: the header length against the file size and 100 MB; each tensor's byte length
 * against its shape and dtype; the tensors' ranges, in order of offset, against each other and the data
 * section (they must cover it exactly: no overlap, no gap, no trailing bytes; the order in the header does
 * not matter). The header is parsed by Jackson's streaming parser with limits on nesting (16), string
 * length (16 M characters), key length (64 K) and number length (64 digits), duplicate keys rejected.
 * {@code F64}, {@code F32}, {@code F16} and {@code BF16} tensors are widened to float64 exactly, {@code
 * I64}, {@code I32} and {@code BOOL} read as whole numbers; the other safetensors dtypes are named as not
 * supported.
 */
package dev.nn4j.core.io;
