/**
 * Real data for training: {@link dev.nn4j.core.data.DataSet} (features and labels, shuffled, split and
 * cut into batches with a seed), {@link dev.nn4j.core.data.OneHot} class encoding, {@link
 * dev.nn4j.core.data.Standardizer} feature scaling, and readers for CSV ({@link
 * dev.nn4j.core.data.CsvReader}) and the IDX files of MNIST and Fashion-MNIST ({@link
 * dev.nn4j.core.data.IdxReader}).
 *
 * <p>Rows are samples, as everywhere in nn4j. A classification data set carries its labels one-hot
 * encoded (one column per class), which is what softmax with cross-entropy trains against; a regression
 * data set carries its targets as they are.
 *
 * <p>The readers treat every file as untrusted input: a malformed file gives one checked exception, {@link
 * dev.nn4j.core.data.DataFormatException}, whose message names the file, the line (CSV) or byte offset
 * (IDX) and what was wrong; sizes read from a file are checked before anything is allocated from them.
 * What a read holds in memory is bounded whatever the file says or expands to: a CSV line by {@link
 * dev.nn4j.core.data.CsvReader.Builder#maxLineLength(int)}, a data set by a limit in bytes ({@link
 * dev.nn4j.core.data.CsvReader.Builder#maxBytes(long)}, the {@code maxBytes} argument of {@link
 * dev.nn4j.core.data.IdxReader}), whose defaults are a fraction of the maximum heap; a file beyond a limit
 * is refused with a {@code DataFormatException} that says which limit and how to raise it. Only regular
 * files are opened: a directory or a named pipe is refused with an {@link java.io.IOException} naming it.
 */
package dev.nn4j.core.data;
