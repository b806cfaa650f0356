package dev.nn4j.spark;

import dev.nn4j.core.TrainingDivergedException;
import java.util.function.Supplier;

/**
 * Runs a Spark job and, when a task failed for good, throws the task's own exception (bad input, a diverged
 * step) rather than Spark's wrapper, so that the caller sees the message that names the row and partition.
 */
final class SparkErrors {
  private SparkErrors() {}

  static <T> T unwrapped(Supplier<T> job) {
    try {
      return job.get();
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null) {
        if (cause instanceof IllegalArgumentException || cause instanceof TrainingDivergedException) {
          RuntimeException original = (RuntimeException) cause;
          if (original != e) {
            original.addSuppressed(e);
          }
          throw original;
        }
        cause = cause.getCause();
      }
      throw e;
    }
  }
}
