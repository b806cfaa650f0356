package dev.nn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The subcommand of one example: its options are the ones the example declares ({@link
 * Example#trainingDefaults()}, {@link Example#defaultDataDirectory()}, {@link Example#writesFiles()}), each
 * with the example's default in its help. Running it checks the folders, builds the example with the options
 * given and runs it.
 */
final class ExampleCommand implements Callable<Integer> {
  static final String EPOCHS = "--epochs";
  static final String BATCH_SIZE = "--batch-size";
  static final String LEARNING_RATE = "--learning-rate";
  static final String SEED = "--seed";
  static final String DATA = "--data";
  static final String OUT = "--out";

  private final Example<?> example;
  private final PrintStream out;
  private final PrintStream err;
  private final CommandSpec spec;

  private ExampleCommand(Example<?> example, PrintStream out, PrintStream err) {
    this.example = example;
    this.out = out;
    this.err = err;
    this.spec = CommandSpec.wrapWithoutInspection(this);
    spec.name(example.name());
    // picocli formats descriptions: a literal % (as in "about 97%") is written %%.
    spec.usageMessage().description(example.help().replace("%", "%%").split("\\R")).optionListHeading("Options:%n")
        .sortOptions(false).sortSynopsis(false);
    for (OptionSpec option : options(example)) {
      spec.addOption(option);
    }
  }

  /**
   * The subcommand of {@code example}.
   *
   * @param out where the example prints its results
   * @param err where a folder that cannot be used is reported
   */
  static CommandLine of(Example<?> example, PrintStream out, PrintStream err) {
    return new CommandLine(new ExampleCommand(example, out, err).spec);
  }

  /** The names of the options {@code example} takes, in the order its help lists them. */
  static List<String> optionNames(Example<?> example) {
    return options(example).stream().map(OptionSpec::longestName).toList();
  }

  private static List<OptionSpec> options(Example<?> example) {
    List<OptionSpec> options = new ArrayList<>();
    TrainingOptions defaults = example.trainingDefaults();
    defaults.epochs().ifPresent(epochs -> options.add(OptionSpec.builder(EPOCHS).paramLabel("N").type(Integer.class)
        .converters(NumberConverters.positiveInt(EPOCHS)).description("Epochs to train (default: " + epochs + ").").build()));
    defaults.batchSize().ifPresent(size -> options.add(OptionSpec.builder(BATCH_SIZE).paramLabel("N").type(Integer.class)
        .converters(NumberConverters.positiveInt(BATCH_SIZE)).description("Samples per step (default: " + size + ").").build()));
    defaults.learningRate().ifPresent(rate -> options.add(OptionSpec.builder(LEARNING_RATE).paramLabel("X").type(Double.class)
        .converters(NumberConverters.positiveDouble(LEARNING_RATE))
        .description("Learning rate of the optimizer (default: " + BigDecimal.valueOf(rate).toPlainString() + ").").build()));
    defaults.seed().ifPresent(seed -> options.add(OptionSpec.builder(SEED).paramLabel("S").type(Long.class)
        .converters(NumberConverters.wholeNumber(SEED))
        .description("Seed of the split, the initial weights and the shuffling (default: " + seed + ").").build()));
    example.defaultDataDirectory().ifPresent(data -> options.add(OptionSpec.builder(DATA).paramLabel("DIR").type(Path.class)
        .description("Folder of the data set (default: " + data + ").").build()));
    for (ExtraOption extra : example.extraOptions()) {
      options.add(OptionSpec.builder(extra.name()).paramLabel(extra.paramLabel()).type(extra.type())
          .converters(extra.type() == Integer.class ? NumberConverters.positiveInt(extra.name()) : NumberConverters.positiveDouble(extra.name()))
          .description(extra.description() + " (default: " + extra.defaultValue() + ").").build());
    }
    if (example.writesFiles()) {
      options.add(OptionSpec.builder(OUT).paramLabel("DIR").type(Path.class)
          .description("Folder for the charts, created when needed (default: " + Examples.DEFAULT_OUTPUT_DIRECTORY + ").").build());
    }
    options.add(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    return options;
  }

  @Override
  public Integer call() {
    TrainingOptions given = new TrainingOptions(
        value(EPOCHS, Integer.class).map(OptionalInt::of).orElse(OptionalInt.empty()),
        value(BATCH_SIZE, Integer.class).map(OptionalInt::of).orElse(OptionalInt.empty()),
        value(LEARNING_RATE, Double.class).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
        value(SEED, Long.class).map(OptionalLong::of).orElse(OptionalLong.empty()));
    Optional<Path> data = value(DATA, Path.class).or(example::defaultDataDirectory);
    if (data.isPresent() && !Files.isDirectory(data.get())) {
      err.println((Files.exists(data.get()) ? "Data folder " + data.get() + " is a file, not a folder" : "Data folder not found: " + data.get())
          + "; give the folder that holds the data with --data DIR ('" + example.name() + " --help' says which files)");
      return Examples.USAGE;
    }
    Path outputDirectory = value(OUT, Path.class).orElse(Examples.DEFAULT_OUTPUT_DIRECTORY);
    if (example.writesFiles()) {
      Optional<String> problem = OutputFolder.prepare(outputDirectory);
      if (problem.isPresent()) {
        err.println(problem.get());
        return Examples.USAGE;
      }
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    for (ExtraOption extra : example.extraOptions()) {
      value(extra.name(), Object.class).ifPresent(v -> extras.put(extra.name(), v));
    }
    Example<?> configured =
        Examples.named(example.name(), data.orElse(Examples.DEFAULT_DATA_DIRECTORY), given).orElseThrow().withExtraOptions(extras);
    try {
      configured.run(out, outputDirectory);
      return Examples.OK;
    } catch (IOException e) {
      // A missing data file, or a chart that could not be written: the message says which.
      err.println("Example '" + example.name() + "' failed: " + e.getMessage());
      return Examples.FAILED;
    } catch (RuntimeException e) {
      // A bug: the stack trace helps whoever reports it.
      err.println("Example '" + example.name() + "' failed: " + e);
      e.printStackTrace(err);
      return Examples.FAILED;
    }
  }

  private <T> Optional<T> value(String option, Class<T> type) {
    OptionSpec spec = this.spec.findOption(option);
    return spec == null ? Optional.empty() : Optional.ofNullable(type.cast(spec.getValue()));
  }
}
