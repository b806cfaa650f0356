/**
 * Real data for training: {@link dev.nn4j.core.data.DataSet} (features and labels, shuffled, split and
 * cut into batches with a seed), {@link dev.nn4j.core.data.Sequences} (sequences of different lengths,
 * padded, their lengths kept), {@link dev.nn4j.core.data.CharTokenizer} (text to token ids and back), {@link
 * dev.nn4j.core.data.OneHot} class encoding, {@link
 * dev.nn4j.core.data.Standardizer} feature scaling, readers for CSV ({@link
 * dev.nn4j.core.data.CsvReader}), the IDX files of MNIST and Fashion-MNIST ({@link
 * dev.nn4j.core.data.IdxReader}) and folders of PNG and JPEG images ({@link
 * dev.nn4j.core.data.ImageFolderReader}), and the seeded {@link dev.nn4j.core.data.Augmentation} of
 * training images.
 *
 * <p>Rows are samples, as everywhere in nn4j; a data set's sample shape says how to read a row ({@code
 * [features]}, or {@code [channels, height, width]} for images). This package does not depend on the root
 * package {@code dev.nn4j.core} (which depends on it), so shapes are {@code int[]} sizes here. A
 * classification data set carries its labels one-hot encoded (one column per class), which is what softmax
 * with cross-entropy trains against; a regression data set carries its targets as they are.
 *
 * <p>The readers treat every file as untrusted input: a malformed file gives one checked exception, {@link
 * dev.nn4j.core.data.DataFormatException}, whose message names the file, the line (CSV) or byte offset
 * (IDX) and what was wrong; sizes read from a file are checked before anything is allocated from them.
 * What a read holds in memory is bounded whatever the file says or expands to: a CSV line by {@link
 * dev.nn4j.core.data.CsvReader.Builder#maxLineLength(int)}, a data set by a limit in bytes ({@link
 * dev.nn4j.core.data.CsvReader.Builder#maxBytes(long)}, the {@code maxBytes} argument of {@link
 * dev.nn4j.core.data.IdxReader}, {@link dev.nn4j.core.data.ImageFolderReader.Builder#maxBytes(long)}), an
 * image by {@link dev.nn4j.core.data.ImageFolderReader.Builder#maxImagePixels(long)}, whose defaults are a
 * fraction of the maximum heap (a count of pixels for images); a file beyond a limit is refused with a
 * {@code DataFormatException} that says which limit and how to raise it. Only regular files are opened:
 * a directory or a named pipe is refused with an {@link java.io.IOException} naming it.
 */
package dev.nn4j.core.data;
