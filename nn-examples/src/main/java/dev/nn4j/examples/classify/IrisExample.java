package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.Split;
import dev.nn4j.core.data.Standardizer;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.listeners.EarlyStopping;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Fisher's iris: 150 flowers, 4 measurements, 3 species. Standardized inputs, a 4-8-3 network (ReLU, then
 * softmax) and cross-entropy, trained with Adam and early stopping; the data ships with the examples.
 *
 * <p>With 30 test flowers, one mistake is 3.3 points: over the seeds 40 to 49 the test accuracy ranged
 * from 0.900 to 1.000 (0.967 for four of them); {@link #SEED} gives 0.9333, 28 of the 30.
 */
public final class IrisExample implements Example<Classification.Outcome> {
  /** The seed of the run the tests check. */
  public static final long SEED = 40;
  /** The default epochs (at most: early stopping ends training sooner). */
  public static final int EPOCHS = 200;
  /** The default batch size. */
  public static final int BATCH_SIZE = 16;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 0.01;

  private final TrainingOptions options;

  /** The example with {@link #SEED}. */
  public IrisExample() {
    this(TrainingOptions.DEFAULTS);
  }

  /**
   * The example with another seed for the split, the initial weights and the shuffling.
   *
   * @param seed the seed
   */
  public IrisExample(long seed) {
    this(TrainingOptions.ofSeed(seed));
  }

  /**
   * The example with the given options.
   *
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public IrisExample(TrainingOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "iris";
  }

  @Override
  public String description() {
    return "Iris species from 4 measurements: a 4-8-3 softmax classifier, 0.9333 test accuracy (shipped data)";
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  @Override
  public boolean writesFiles() {
    return true;
  }

  /**
   * The 150 flowers, labels one-hot over the three species.
   *
   * @return the data set
   * @throws IOException if the shipped file cannot be read
   */
  public static DataSet load() throws IOException {
    CsvReader reader =
        CsvReader.builder().header(CsvReader.Header.SKLEARN).labels(CsvReader.LabelType.CLASS_INDEX).build();
    try (InputStream in = Resources.open("iris.csv")) {
      return reader.read(in, "iris.csv");
    }
  }

  @Override
  public Classification.Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== Iris: three species from four measurements ==");
    long seed = options.seed(SEED);
    Split trainAndTest = load().split(0.8, seed);
    Split trainAndValidation = trainAndTest.train().split(0.8, seed + 1);
    Standardizer standardizer = Standardizer.fit(trainAndValidation.train().features());
    Network network =
        Network.builder()
            .input(4)
            .dense(8, relu())
            .dense(3, softmax())
            .weightInit(Initializers.heNormal())
            .loss(categoricalCrossEntropy())
            .optimizer(adam(options.learningRate(LEARNING_RATE)))
            .seed(seed)
            .build();
    return Classification.run(
        out,
        outputDirectory,
        name(),
        network,
        standardizer.apply(trainAndValidation.train()),
        standardizer.apply(trainAndValidation.validation()),
        standardizer.apply(trainAndTest.validation()),
        FitOptions.builder()
            .epochs(options.epochs(EPOCHS))
            .batchSize(options.batchSize(BATCH_SIZE))
            .listener(EarlyStopping.onValidationLoss(10)));
  }
}
