package dev.nn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One runnable example: a name to call it by, a one-line description for {@code list}, and a {@link
 * #run} that prints what it does and returns the numbers it computed, so that tests can assert them (an
 * example that only prints could go wrong silently).
 *
 * <p>To add an example, write one class implementing this interface and add one line to {@link
 * Examples#all()}.
 *
 * @param <R> what {@link #run} returns: a record of the example's results
 */
public interface Example<R> {

  /** The name on the command line, lower case without spaces, such as {@code "neuron"}; unique. */
  String name();

  /** One line saying what the example shows, printed by {@code list}. */
  String description();

  /**
   * What {@code help NAME} prints: the description and, for an example that trains, its defaults.
   *
   * @return the help text
   */
  default String help() {
    return description();
  }

  /**
   * Whether the command line's training options ({@code --epochs}, {@code --batch-size}, {@code
   * --learning-rate}, {@code --seed}) apply to this example.
   *
   * @return true for an example that trains a network with them
   */
  default boolean takesTrainingOptions() {
    return false;
  }

  /**
   * Runs the example.
   *
   * @param out where the example prints its explanation and its numbers
   * @param outputDirectory an existing directory for the files the example writes (charts)
   * @return the numbers the example computed
   * @throws IOException if a file cannot be written
   */
  R run(PrintStream out, Path outputDirectory) throws IOException;
}
