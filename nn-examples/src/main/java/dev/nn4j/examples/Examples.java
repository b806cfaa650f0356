package dev.nn4j.examples;

import com.google.common.collect.ImmutableList;
import dev.nn4j.examples.classify.DigitsCnnExample;
import dev.nn4j.examples.classify.DigitsExample;
import dev.nn4j.examples.classify.FashionCnnExample;
import dev.nn4j.examples.classify.FashionMnistExample;
import dev.nn4j.examples.classify.IrisExample;
import dev.nn4j.examples.classify.XorExample;
import dev.nn4j.examples.tutorial.TutorialWalkthrough;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The command line of the examples:
 *
 * <pre>
 * java -jar nn-examples.jar [--out DIR]                the whole tutorial walk-through
 * java -jar nn-examples.jar [--out DIR] [--data DIR] [--epochs N] [--batch-size N] [--learning-rate X] [--seed S] NAME
 *                                                      one example
 * java -jar nn-examples.jar list                       the usage and the examples, one line each
 * java -jar nn-examples.jar help NAME                  what one example does, and its defaults
 * </pre>
 *
 * <p>Charts go to {@code DIR}, by default {@code nn4j-output} in the current directory (created when
 * needed). Exit status: 0 on success, 1 if an example failed, 2 for a command line that names no known
 * example or is otherwise malformed.
 */
public final class Examples {
  /** Exit status of a successful run. */
  public static final int OK = 0;

  /** Exit status when an example throws. */
  public static final int FAILED = 1;

  /** Exit status for a malformed command line or an unknown example name. */
  public static final int USAGE = 2;

  /** Where charts go unless {@code --out} says otherwise. */
  public static final Path DEFAULT_OUTPUT_DIRECTORY = Path.of("nn4j-output");

  private static final String DEFAULT_EXAMPLE = "tutorial";

  private Examples() {}

  /**
   * Every example, in the order {@code list} shows them. To add one, write its class and add one line
   * here.
   */
  public static List<Example<?>> all() {
    return all(Path.of(FashionMnistExample.DEFAULT_DIRECTORY));
  }

  /** Every example, those that read a data set reading it from {@code dataDirectory}. */
  public static List<Example<?>> all(Path dataDirectory) {
    return all(dataDirectory, TrainingOptions.DEFAULTS);
  }

  /** Every example, those that train taking {@code options} where they set something. */
  public static List<Example<?>> all(Path dataDirectory, TrainingOptions options) {
    TutorialWalkthrough tutorial = new TutorialWalkthrough();
    return ImmutableList.<Example<?>>builder()
        .add(tutorial)
        .addAll(tutorial.sections())
        .add(new XorExample())
        .add(new IrisExample())
        .add(new DigitsExample())
        .add(new FashionMnistExample(dataDirectory))
        .add(new DigitsCnnExample(options))
        .add(new FashionCnnExample(dataDirectory, options))
        .build();
  }

  /** The example called {@code name}, if there is one. */
  public static Optional<Example<?>> named(String name) {
    return named(name, Path.of(FashionMnistExample.DEFAULT_DIRECTORY), TrainingOptions.DEFAULTS);
  }

  private static Optional<Example<?>> named(String name, Path dataDirectory, TrainingOptions options) {
    return all(dataDirectory, options).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line {@code args}, printing results to {@code out} and problems to {@code err}.
   *
   * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path outputDirectory = DEFAULT_OUTPUT_DIRECTORY;
    Path dataDirectory = Path.of(FashionMnistExample.DEFAULT_DIRECTORY);
    List<String> names = new ArrayList<>();
    OptionalInt epochs = OptionalInt.empty();
    OptionalInt batchSize = OptionalInt.empty();
    OptionalDouble learningRate = OptionalDouble.empty();
    OptionalLong seed = OptionalLong.empty();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (TRAINING_OPTIONS.contains(arg)) {
        if (i + 1 == args.length) {
          err.println("Expected a value after " + arg + ", got nothing");
          printUsage(err);
          return USAGE;
        }
        String value = args[++i];
        try {
          switch (arg) {
            case "--epochs" -> epochs = OptionalInt.of(positive(value, arg));
            case "--batch-size" -> batchSize = OptionalInt.of(positive(value, arg));
            case "--learning-rate" -> learningRate = OptionalDouble.of(positiveDouble(value, arg));
            default -> seed = OptionalLong.of(Long.parseLong(value));
          }
        } catch (NumberFormatException e) {
          err.println("Expected a number after " + arg + ", got '" + value + "'");
          return USAGE;
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          return USAGE;
        }
      } else if (arg.equals("help")) {
        help = true;
      } else if (arg.equals("--out")) {
        if (i + 1 == args.length) {
          err.println("Expected a directory after --out, got nothing");
          printUsage(err);
          return USAGE;
        }
        outputDirectory = Path.of(args[++i]);
      } else if (arg.startsWith("--out=")) {
        outputDirectory = Path.of(arg.substring("--out=".length()));
      } else if (arg.equals("--data")) {
        if (i + 1 == args.length) {
          err.println("Expected a directory after --data, got nothing");
          printUsage(err);
          return USAGE;
        }
        dataDirectory = Path.of(args[++i]);
      } else if (arg.startsWith("--data=")) {
        dataDirectory = Path.of(arg.substring("--data=".length()));
      } else if (arg.equals("list") || arg.equals("--help") || arg.equals("-h")) {
        printUsage(out);
        return OK;
      } else if (arg.startsWith("-")) {
        err.println("Unknown option '" + arg + "'; the options are --out DIR, --data DIR, " + String.join(", ", TRAINING_OPTIONS));
        printUsage(err);
        return USAGE;
      } else {
        names.add(arg);
      }
    }
    if (names.size() > 1) {
      err.println("Expected at most one example name, got " + names);
      printUsage(err);
      return USAGE;
    }
    if (help && names.isEmpty()) {
      printUsage(out);
      return OK;
    }
    String name = names.isEmpty() ? DEFAULT_EXAMPLE : names.get(0);
    TrainingOptions options = new TrainingOptions(epochs, batchSize, learningRate, seed);
    Optional<Example<?>> example = named(name, dataDirectory, options);
    if (example.isEmpty()) {
      err.println(
          "Unknown example '"
              + name
              + "'. The examples are: "
              + knownNames()
              + ". Run 'list' to see what each does.");
      return USAGE;
    }
    if (help) {
      out.println(example.get().name() + ": " + example.get().help());
      return OK;
    }
    if (!options.equals(TrainingOptions.DEFAULTS) && !example.get().takesTrainingOptions()) {
      err.println("Example '" + name + "' does not train with the options " + String.join(", ", TRAINING_OPTIONS)
          + "; these do: " + all().stream().filter(Example::takesTrainingOptions).map(Example::name).toList());
      return USAGE;
    }
    try {
      Files.createDirectories(outputDirectory);
      example.get().run(out, outputDirectory);
      return OK;
    } catch (java.io.FileNotFoundException e) {
      err.println(e.getMessage());
      return FAILED;
    } catch (IOException | RuntimeException e) {
      err.println("Example '" + name + "' failed: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  private static final List<String> TRAINING_OPTIONS = List.of("--epochs", "--batch-size", "--learning-rate", "--seed");

  private static int positive(String value, String option) {
    int n = Integer.parseInt(value);
    if (n <= 0) {
      throw new IllegalArgumentException("Expected a positive whole number after " + option + ", got " + n);
    }
    return n;
  }

  private static double positiveDouble(String value, String option) {
    double x = Double.parseDouble(value);
    if (!(x > 0 && Double.isFinite(x))) {
      throw new IllegalArgumentException("Expected a positive number after " + option + ", got " + value);
    }
    return x;
  }

  private static String knownNames() {
    return all().stream().map(Example::name).collect(Collectors.joining(", "));
  }

  private static void printUsage(PrintStream stream) {
    stream.println("Usage: java -jar nn-examples.jar [--out DIR] [--data DIR] [training options] [list | help NAME | NAME]");
    stream.println("Training options, for the examples that train (see help NAME for their defaults):");
    stream.println("  --epochs N  --batch-size N  --learning-rate X  --seed S");
    stream.println("Without NAME, runs '" + DEFAULT_EXAMPLE + "'. Charts go to --out DIR (default "
        + DEFAULT_OUTPUT_DIRECTORY + ").");
    stream.println("Fashion-MNIST is read from --data DIR (default " + FashionMnistExample.DEFAULT_DIRECTORY + ").");
    stream.println("Examples:");
    int width = all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (Example<?> example : all()) {
      stream.printf("  %-" + width + "s  %s%n", example.name(), example.description());
    }
  }
}
