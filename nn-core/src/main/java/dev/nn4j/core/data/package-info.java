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
 */
package dev.nn4j.core.data;
