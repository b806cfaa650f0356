package dev.nn4j.examples;

import com.google.common.collect.ImmutableList;
import dev.nn4j.examples.classify.DigitsCnnExample;
import dev.nn4j.examples.classify.DigitsExample;
import dev.nn4j.examples.classify.FashionCnnExample;
import dev.nn4j.examples.classify.FashionLstmExample;
import dev.nn4j.examples.classify.FashionMnistExample;
import dev.nn4j.examples.classify.IrisExample;
import dev.nn4j.examples.classify.SparkFashionExample;
import dev.nn4j.examples.classify.XorExample;
import dev.nn4j.examples.text.CharLstmExample;
import dev.nn4j.examples.tutorial.TutorialWalkthrough;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line of the examples, one subcommand per example:
 *
 * <pre>
 * java -jar nn-examples.jar                          the whole tutorial walk-through
 * java -jar nn-examples.jar NAME [options]           one example, with the options it takes
 * java -jar nn-examples.jar --help                   the examples, one line each
 * java -jar nn-examples.jar help NAME                one example's options and their defaults (also NAME --help)
 * java -jar nn-examples.jar --version                the version
 * </pre>
 *
 * <p>An example takes only the options that apply to it: {@code --epochs N}, {@code --batch-size N},
 * {@code --learning-rate X} and {@code --seed S} where it trains with them, {@code --data DIR} where it
 * reads a data set from disk, {@code --out DIR} where it writes charts (by default into {@code
 * nn4j-output} in the current directory, created when needed). Exit status: 0 on success, 1 if an example
 * failed, 2 for a command line that cannot be run: malformed, naming no known example, or naming a data
 * folder that does not exist or an output folder that cannot be written.
 */
public final class Examples {
  /** Exit status of a successful run. */
  public static final int OK = 0;

  /** Exit status when an example throws. */
  public static final int FAILED = 1;

  /** Exit status for a command line that cannot be run: malformed, an unknown example, an unusable folder. */
  public static final int USAGE = 2;

  /** Where charts go unless {@code --out} says otherwise. */
  public static final Path DEFAULT_OUTPUT_DIRECTORY = Path.of("nn4j-output");

  /** Where the examples that read Fashion-MNIST look unless {@code --data} says otherwise. */
  static final Path DEFAULT_DATA_DIRECTORY = Path.of(FashionMnistExample.DEFAULT_DIRECTORY);

  /** How the usage names the command. */
  private static final String COMMAND = "java -jar nn-examples.jar";

  private static final String DEFAULT_EXAMPLE = "tutorial";

  private Examples() {}

  /**
   * Every example, in the order {@code --help} lists them. To add one, write its class and add one line
   * here.
   *
   * @return the examples, with their defaults
   */
  public static List<Example<?>> all() {
    return all(DEFAULT_DATA_DIRECTORY);
  }

  /**
   * Every example, those that read a data set reading it from {@code dataDirectory}.
   *
   * @param dataDirectory the folder of the data sets read from disk
   * @return the examples
   */
  public static List<Example<?>> all(Path dataDirectory) {
    return all(dataDirectory, TrainingOptions.DEFAULTS);
  }

  /**
   * Every example, those that train taking {@code options} where they set something.
   *
   * @param dataDirectory the folder of the data sets read from disk
   * @param options the training options given; empty ones keep each example's default
   * @return the examples
   */
  public static List<Example<?>> all(Path dataDirectory, TrainingOptions options) {
    TutorialWalkthrough tutorial = new TutorialWalkthrough();
    return ImmutableList.<Example<?>>builder()
        .add(tutorial)
        .addAll(tutorial.sections())
        .add(new XorExample(options))
        .add(new IrisExample(options))
        .add(new DigitsExample(options))
        .add(new FashionMnistExample(dataDirectory, options))
        .add(new DigitsCnnExample(options))
        .add(new FashionCnnExample(dataDirectory, options))
        .add(new FashionLstmExample(dataDirectory, options))
        .add(new CharLstmExample(options))
        .add(new SparkFashionExample(dataDirectory, options))
        .build();
  }

  /**
   * The example called {@code name}, if there is one.
   *
   * @param name the name on the command line
   * @return the example with its defaults, or empty
   */
  public static Optional<Example<?>> named(String name) {
    return named(name, DEFAULT_DATA_DIRECTORY, TrainingOptions.DEFAULTS);
  }

  static Optional<Example<?>> named(String name, Path dataDirectory, TrainingOptions options) {
    return all(dataDirectory, options).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line {@code args}, printing results and help to {@code out} and problems to {@code err}.
   *
   * @param args the command line
   * @param out where results and help go
   * @param err where problems go
   * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  /** The command with one subcommand per example, printing to {@code out} and {@code err}. */
  private static CommandLine commandLine(PrintStream out, PrintStream err) {
    Map<String, CommandLine> examples = new LinkedHashMap<>();
    Map<String, List<String>> optionsByExample = new LinkedHashMap<>();
    for (Example<?> example : all()) {
      examples.put(example.name(), ExampleCommand.of(example, out, err));
      optionsByExample.put(example.name(), ExampleCommand.optionNames(example));
    }
    // Without a name, the tutorial runs, as it always has.
    CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> examples.get(DEFAULT_EXAMPLE).execute());
    spec.name(COMMAND)
        .mixinStandardHelpOptions(true)
        .versionProvider(new Version());
    spec.usageMessage()
        .description(
            "Runs the examples of nn4j: without NAME, the whole tutorial walk-through ('" + DEFAULT_EXAMPLE + "').",
            "'help NAME' or 'NAME --help' shows the options of one example and their defaults.")
        .synopsisSubcommandLabel("[NAME [OPTIONS]]")
        .optionListHeading("Options:%n")
        .commandListHeading("Examples:%n")
        .footer("Exit status: 0 on success, 1 if the example failed, 2 for a command line that cannot be run.");
    CommandLine commandLine = new CommandLine(spec);
    examples.forEach(commandLine::addSubcommand);
    commandLine.addSubcommand("help", new HelpCommand());
    // 'list' printed the usage and the examples before there was --help; it still does.
    CommandSpec list = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
      commandLine.usage(commandLine.getOut(), commandLine.getColorScheme());
      return OK;
    });
    list.usageMessage().hidden(true).description("The usage and the examples, as --help prints them.");
    commandLine.addSubcommand("list", new CommandLine(list));
    boolean console = out == System.out && err == System.err;
    commandLine
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setColorScheme(CommandLine.Help.defaultColorScheme(console ? Ansi.AUTO : Ansi.OFF))
        .setParameterExceptionHandler(new CommandLineErrors(optionsByExample));
    return commandLine;
  }
}
