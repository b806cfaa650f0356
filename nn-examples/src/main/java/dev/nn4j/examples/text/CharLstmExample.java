package dev.nn4j.examples.text;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.Shape;
import dev.nn4j.core.data.CharTokenizer;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.Sequences;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.ExtraOption;
import dev.nn4j.examples.TrainingOptions;
import dev.nn4j.progress.Progress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A character-level language model: it reads a text one character at a time and learns to predict the next
 * one, then writes new text in the same style, one character at a time, drawn from its predictions.
 *
 * <p>The text is Ambrose Bierce's <em>The Devil's Dictionary</em> (1911), in the public domain, shipped in
 * the examples jar as {@code /datasets/devils-dictionary.txt} (383 KB; taken from Debian's {@code
 * dict-devil} package, as {@code /datasets/devils-dictionary.LICENSE.txt} beside it says). The text is cut
 * into windows of {@value #WINDOW} characters; the targets of a window are the same characters shifted by
 * one (the next character at every step). The network: an embedding of each character id into {@value
 * #EMBEDDING} numbers, an LSTM of {@value #HIDDEN} units returning every step, a dense softmax over the
 * vocabulary on each step, cross-entropy averaged over the steps, Adam. After training it samples: it reads
 * a prime text, takes the softmax of the last step, divides the log-probabilities by the temperature
 * (below 1 sharper and more repetitive, above 1 wilder), draws a character with a seeded random generator,
 * appends it and reads the last {@value #WINDOW} characters again. The whole run is seeded: the same
 * options give the same losses and the same samples.
 */
public final class CharLstmExample implements Example<CharLstmExample.Outcome> {
  /** The default seed. */
  public static final long SEED = 42;
  /** The default epochs. */
  public static final int EPOCHS = 4;
  /** The default batch size. */
  public static final int BATCH_SIZE = 32;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 3e-3;
  /** The characters of a training window: the steps of a sequence. */
  public static final int WINDOW = 64;
  /** The size of a character's vector. */
  public static final int EMBEDDING = 32;
  /** The units of the LSTM. */
  public static final int HIDDEN = 128;
  /** The default sampling temperature. */
  public static final double TEMPERATURE = 0.8;
  /** The default number of characters sampled. */
  public static final int LENGTH = 400;
  /** The text the samples start from. */
  public static final String PRIME = "LOVE, n.  ";
  /** The shipped text, a resource of the examples jar. */
  public static final String TEXT = "/datasets/devils-dictionary.txt";

  private static final String TEMPERATURE_OPTION = "--temperature";
  private static final String LENGTH_OPTION = "--length";

  /**
   * What a run computed.
   *
   * @param losses the training loss of each epoch (mean cross-entropy per character, in nats)
   * @param sample the text drawn after training, the prime first
   * @param vocabularySize the distinct characters of the text
   * @param windows the training windows
   */
  public record Outcome(List<Double> losses, String sample, int vocabularySize, int windows) {}

  private final TrainingOptions options;
  private final int textLimit;
  private final double temperature;
  private final int length;

  /**
   * The full example: the whole text, the default temperature and length.
   *
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public CharLstmExample(TrainingOptions options) {
    this(options, Integer.MAX_VALUE, TEMPERATURE, LENGTH);
  }

  /**
   * The example on the first {@code textLimit} characters of the text (a quick run).
   *
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   * @param textLimit the characters of the text to train on, at most; at least two windows
   * @param temperature the sampling temperature, positive
   * @param length the characters to sample, positive
   */
  public CharLstmExample(TrainingOptions options, int textLimit, double temperature, int length) {
    checkArgument(textLimit >= 2 * WINDOW + 1, "Expected a text limit of at least %s characters, got %s", 2 * WINDOW + 1, textLimit);
    checkArgument(temperature > 0 && Double.isFinite(temperature), "Expected a positive temperature, got %s", temperature);
    checkArgument(length > 0, "Expected a positive sample length, got %s", length);
    this.options = options;
    this.textLimit = textLimit;
    this.temperature = temperature;
    this.length = length;
  }

  @Override
  public String name() {
    return "char-lstm";
  }

  @Override
  public String description() {
    return "A character-level LSTM language model on The Devil's Dictionary, then text sampled from it";
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        description(),
        "Embedding 32, LSTM 128 over windows of 64 characters, dense softmax per step;",
        "a few minutes on 2 cores. The text: Ambrose Bierce's The Devil's Dictionary",
        "(1911), public domain, shipped in the jar as /datasets/devils-dictionary.txt",
        "(from Debian's dict-devil; devils-dictionary.LICENSE.txt beside it says how).");
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  @Override
  public List<ExtraOption> extraOptions() {
    return List.of(
        ExtraOption.positiveDouble(TEMPERATURE_OPTION, TEMPERATURE, "Sampling temperature: below 1 safer, above 1 wilder"),
        ExtraOption.positiveInt(LENGTH_OPTION, LENGTH, "Characters to sample after training"));
  }

  @Override
  public CharLstmExample withExtraOptions(Map<String, Object> values) {
    return new CharLstmExample(
        options,
        textLimit,
        (Double) values.getOrDefault(TEMPERATURE_OPTION, temperature),
        (Integer) values.getOrDefault(LENGTH_OPTION, length));
  }

  /**
   * The shipped text.
   *
   * @return the whole of {@link #TEXT}
   * @throws IOException if it cannot be read
   */
  public static String text() throws IOException {
    try (InputStream in = CharLstmExample.class.getResourceAsStream(TEXT)) {
      if (in == null) {
        throw new FileNotFoundException("Text " + TEXT + " is missing from the examples jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /**
   * The network: embedding, LSTM returning every step, dense softmax on each step, cross-entropy, Adam.
   *
   * @param vocabularySize the distinct characters
   * @param learningRate Adam's learning rate
   * @param seed the seed of the initial weights and the shuffling
   * @return the network, over windows of {@value #WINDOW} ids
   */
  public static Network network(int vocabularySize, double learningRate, long seed) {
    return Network.builder()
        .input(Shape.of(WINDOW))
        .embedding(vocabularySize, EMBEDDING)
        .lstm(HIDDEN, true)
        .dense(vocabularySize, softmax())
        .loss(categoricalCrossEntropy())
        .optimizer(adam(learningRate))
        .seed(seed)
        .build();
  }

  /**
   * Non-overlapping windows of {@value #WINDOW} ids, each step's target the next id.
   *
   * @param ids the text as ids
   * @param vocabularySize the distinct ids
   * @return the data set: samples {@code [WINDOW]}, targets {@code [WINDOW, vocabularySize]}
   */
  public static DataSet windows(int[] ids, int vocabularySize) {
    List<int[]> inputs = new ArrayList<>();
    List<int[]> targets = new ArrayList<>();
    for (int start = 0; start + WINDOW < ids.length; start += WINDOW) {
      inputs.add(Arrays.copyOfRange(ids, start, start + WINDOW));
      targets.add(Arrays.copyOfRange(ids, start + 1, start + WINDOW + 1));
    }
    return Sequences.ofTokenSteps(inputs, targets, vocabularySize, WINDOW);
  }

  /**
   * Draws {@code length} characters after {@code prime}: each from the softmax of the last real step of the
   * last {@value #WINDOW} characters, sharpened or flattened by the temperature.
   *
   * @param network the trained network
   * @param tokenizer the characters of its vocabulary
   * @param prime the text to start from, of characters in the vocabulary
   * @param length the characters to draw
   * @param temperature the temperature, positive
   * @param seed the seed of the draws
   * @return the prime followed by the drawn characters
   */
  public static String sample(Network network, CharTokenizer tokenizer, String prime, int length, double temperature, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int vocabulary = tokenizer.vocabularySize();
    List<Integer> ids = new ArrayList<>();
    for (int id : tokenizer.encode(prime)) {
      ids.add(id);
    }
    Matrix window = new Matrix(1, WINDOW);
    double[] weights = new double[vocabulary];
    for (int n = 0; n < length; n++) {
      int from = Math.max(0, ids.size() - WINDOW);
      int steps = ids.size() - from;
      Arrays.fill(window.data(), 0);
      for (int t = 0; t < steps; t++) {
        window.set(0, t, ids.get(from + t));
      }
      Matrix probabilities = network.predict(window, new int[] {steps});
      int last = (steps - 1) * vocabulary;
      double largest = 0;
      for (int k = 0; k < vocabulary; k++) {
        largest = Math.max(largest, probabilities.get(0, last + k));
      }
      double total = 0;
      for (int k = 0; k < vocabulary; k++) {
        // (p / p_max)^(1/T) = exp((log p - log p_max) / T): proportional to p^(1/T), and the most likely
        // character weighs 1 however low the temperature, so the weights never all underflow to 0.
        weights[k] = Math.exp((Math.log(probabilities.get(0, last + k)) - Math.log(largest)) / temperature);
        total += weights[k];
      }
      double draw = random.nextDouble() * total;
      int chosen = vocabulary - 1;
      for (int k = 0; k < vocabulary; k++) {
        draw -= weights[k];
        if (draw < 0) {
          chosen = k;
          break;
        }
      }
      ids.add(chosen);
    }
    return tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== A character-level LSTM language model on The Devil's Dictionary ==");
    String text = text();
    text = text.substring(0, Math.min(text.length(), textLimit));
    CharTokenizer tokenizer = CharTokenizer.fromText(text);
    int vocabulary = tokenizer.vocabularySize();
    DataSet windows = windows(tokenizer.encode(text), vocabulary);
    long seed = options.seed(SEED);
    Network network = network(vocabulary, options.learningRate(LEARNING_RATE), seed);
    out.println(network.summary());
    out.printf("%d characters, %d distinct; %d windows of %d characters%n", text.length(), vocabulary, windows.size(), WINDOW);
    out.printf("Before training the loss is %.4f (ln %d = %.4f: every character as likely)%n",
        network.loss(windows.head(Math.min(256, windows.size()))), vocabulary, Math.log(vocabulary));
    long started = System.nanoTime();
    History history = network.fit(
        windows,
        FitOptions.builder().epochs(options.epochs(EPOCHS)).batchSize(options.batchSize(BATCH_SIZE)).listener(Progress.to(out)).build());
    out.printf("Training took %.0f s%n", (System.nanoTime() - started) / 1e9);
    for (int epoch = 0; epoch < history.epochs(); epoch++) {
      out.printf("Epoch %d: loss %.4f nats per character%n", epoch + 1, history.loss().get(epoch));
    }
    String prime = PRIME.chars().allMatch(c -> tokenizer.vocabulary().indexOf(c) >= 0) ? PRIME : text.substring(0, 1);
    String sample = sample(network, tokenizer, prime, length, temperature, seed);
    out.printf("Sampled at temperature %s (seed %d):%n%s%n", temperature, seed, sample);
    return new Outcome(history.loss(), sample, vocabulary, windows.size());
  }
}
