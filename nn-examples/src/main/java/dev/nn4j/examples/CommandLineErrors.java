package dev.nn4j.examples;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a command line picocli cannot parse into a message in the user's words, then one line saying where
 * help is, and the exit status {@link Examples#USAGE}: an unknown example with the closest names, an option
 * the example does not take with the examples that do, a bad number with what was expected.
 */
final class CommandLineErrors implements IParameterExceptionHandler {
  private final Map<String, List<String>> optionsByExample;

  /**
   * The handler for these examples.
   *
   * @param optionsByExample each example's name and the options its subcommand takes, in order
   */
  CommandLineErrors(Map<String, List<String>> optionsByExample) {
    this.optionsByExample = optionsByExample;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(message(e, args));
    String name = command.getCommandSpec().qualifiedName();
    err.println(command.getParent() == null
        ? "Run '" + name + " --help' to list the examples, '" + name + " NAME --help' for one example's options."
        : "Run '" + name + " --help' for its options.");
    err.flush();
    return Examples.USAGE;
  }

  private String message(ParameterException e, String[] args) {
    if (e.getCause() instanceof TypeConversionException conversion) {
      return conversion.getMessage();
    }
    boolean topLevel = e.getCommandLine().getParent() == null;
    if (topLevel && e.getMessage().startsWith("Unknown subcommand") && e.getValue() != null) {
      return unknownExample(e.getValue()); // help NAME with an unknown NAME
    }
    if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return e.getMessage();
    }
    String argument = unmatched.getUnmatched().get(0);
    if (!argument.startsWith("-")) {
      if (topLevel) {
        return unknownExample(argument);
      }
      return "Expected at most one example name, got [" + e.getCommandLine().getCommandName() + ", "
          + String.join(", ", unmatched.getUnmatched()) + "]";
    }
    String option = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
    List<String> takers = optionsByExample.entrySet().stream()
        .filter(entry -> entry.getValue().contains(option)).map(Map.Entry::getKey).toList();
    if (topLevel) {
      if (takers.isEmpty()) {
        return "Unknown option '" + option + "'" + didYouMean(option, List.of("--help", "--version"));
      }
      List<String> given = List.of(args);
      return given.stream().filter(optionsByExample::containsKey).findFirst()
          .map(name -> "Options come after the example's name: '" + e.getCommandLine().getCommandName() + " " + name + " "
              + String.join(" ", given.stream().filter(arg -> !arg.equals(name)).toList()) + "'")
          .orElse("Options come after the example's name, as in '" + e.getCommandLine().getCommandName() + " NAME "
              + option + " ...'; " + option + " is an option of " + String.join(", ", takers));
    }
    String example = e.getCommandLine().getCommandName();
    if (!takers.isEmpty()) {
      return "Example '" + example + "' does not take " + option + "; these do: " + String.join(", ", takers);
    }
    List<String> own = optionsByExample.getOrDefault(example, List.of());
    return "Unknown option '" + option + "' for example '" + example + "'" + didYouMean(option, own)
        + " Its options: " + String.join(", ", own);
  }

  private String unknownExample(String name) {
    return "Unknown example '" + name + "'" + didYouMean(name, optionsByExample.keySet())
        + " The examples are: " + String.join(", ", optionsByExample.keySet()) + ".";
  }

  private static String didYouMean(String typed, Collection<String> known) {
    List<String> closest = Suggestions.closest(typed, known);
    return closest.isEmpty()
        ? "."
        : "; did you mean " + closest.stream().map(name -> "'" + name + "'").collect(Collectors.joining(" or ")) + "?";
  }
}
