package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A data set cut in two by {@link DataSet#split}: the samples to train on and the samples held out to
 * measure how well the network does on data it has not seen.
 *
 * @param train the samples to fit the network (and any {@link Standardizer}) on
 * @param validation the held-out samples, disjoint from {@code train}
 */
public record Split(DataSet train, DataSet validation) {
  /**
   * Checks that both parts are present.
   *
   * @param train the samples to train on
   * @param validation the held-out samples
   */
  public Split {
    checkNotNull(train, "train");
    checkNotNull(validation, "validation");
  }
}
