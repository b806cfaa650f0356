package dev.nn4j.spark;

import dev.nn4j.core.TrainingDivergedException;
import java.util.function.Supplier;

/**
 * Runs a Spark job and, when a task failed for good with an {@link IllegalArgumentException} (bad input),
 * throws one with the task's own message, the one that names the column, the partition and the row, rather
 * than Spark's wrapper (which is kept as its cause). Spark does not always keep the task's exception as the
 * cause of its own, but always puts its class and message in its message.
 */
final class SparkErrors {
  private static final String MARK = IllegalArgumentException.class.getName() + ": ";

  private SparkErrors() {}

  static <T> T unwrapped(Supplier<T> job) {
    try {
      return job.get();
    } catch (IllegalArgumentException | TrainingDivergedException e) {
      throw e;
    } catch (Exception e) {
      // Spark's SparkException is a checked exception that Scala throws undeclared.
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof IllegalArgumentException || cause instanceof TrainingDivergedException) {
          cause.addSuppressed(e);
          throw (RuntimeException) cause;
        }
      }
      String message = e.getMessage();
      int at = message == null ? -1 : message.indexOf(MARK);
      if (at >= 0) {
        int start = at + MARK.length();
        int end = message.indexOf('\n', start);
        throw new IllegalArgumentException(end < 0 ? message.substring(start) : message.substring(start, end), e);
      }
      throw e;
    }
  }
}
