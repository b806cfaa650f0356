package dev.nn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One runnable example: a name to call it by, a one-line description for {@code --help}, the command-line
 * options it takes (each declared by a method below, so its subcommand offers exactly those), and a {@link
 * #run} that prints what it does and returns the numbers it computed, so that tests can assert them (an
 * example that only prints could go wrong silently).
 *
 * <p>To add an example, write one class implementing this interface and add one line to {@link
 * Examples#all()}.
 *
 * @param <R> what {@link #run} returns: a record of the example's results
 */
public interface Example<R> {

  /**
   * The name on the command line, lower case without spaces, such as {@code "neuron"}; unique.
   *
   * @return the name
   */
  String name();

  /**
   * One line saying what the example shows, printed by {@code --help} beside the name.
   *
   * @return the description
   */
  String description();

  /**
   * What {@code help NAME} prints above the options: the description and anything more a user needs (the
   * options and their defaults follow, from {@link #trainingDefaults()} and the rest).
   *
   * @return the help text, one or more lines
   */
  default String help() {
    return description();
  }

  /**
   * The training options ({@code --epochs}, {@code --batch-size}, {@code --learning-rate}, {@code --seed})
   * this example reads, each present with this example's default; the command line offers exactly the ones
   * present.
   *
   * @return the defaults; {@link TrainingOptions#DEFAULTS} (all empty) for an example that takes none
   */
  default TrainingOptions trainingDefaults() {
    return TrainingOptions.DEFAULTS;
  }

  /**
   * Where this example reads its data set from unless {@code --data} says otherwise.
   *
   * @return the default data folder, or empty for an example whose data ship with it (no {@code --data})
   */
  default Optional<Path> defaultDataDirectory() {
    return Optional.empty();
  }

  /**
   * Whether this example writes files (charts) into the output folder of {@link #run}, which the command
   * line then takes with {@code --out} and creates when needed.
   *
   * @return true for an example that writes files
   */
  default boolean writesFiles() {
    return false;
  }

  /**
   * The options this example takes beyond the training ones, each with its default; the command line offers
   * them after the training options.
   *
   * @return the options, none by default
   */
  default List<ExtraOption> extraOptions() {
    return List.of();
  }

  /**
   * This example with the values of its {@link #extraOptions()} given on the command line.
   *
   * @param values the value of each extra option given, by its name ({@code "--temperature"}); options not
   *     given are absent and keep their default
   * @return the example configured with them; this example for one that takes none
   */
  default Example<R> withExtraOptions(Map<String, Object> values) {
    return this;
  }

  /**
   * Runs the example.
   *
   * @param out where the example prints its explanation and its numbers
   * @param outputDirectory an existing directory for the files the example writes (charts); not created for
   *     an example that {@linkplain #writesFiles() writes none}
   * @return the numbers the example computed
   * @throws IOException if a file cannot be written
   */
  R run(PrintStream out, Path outputDirectory) throws IOException;
}
