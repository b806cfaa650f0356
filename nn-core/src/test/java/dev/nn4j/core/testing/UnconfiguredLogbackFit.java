package dev.nn4j.core.testing;

import ch.qos.logback.classic.BasicConfigurator;
import ch.qos.logback.classic.LoggerContext;
import dev.nn4j.core.Activation;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The README's first snippet as a new user runs it with logback-classic added and no configuration: logback
 * as it sets itself up when it finds no configuration file (its {@link BasicConfigurator}: every logger at
 * DEBUG, to the console), then a network built without a seed (of tanh units registered by name
 * on the test class path, so that it loads again), 1,000 epochs of {@code fit}, a save and a
 * load. It prints nothing itself, so everything in its output is a log line. Run in a fresh JVM by {@code
 * QuietLogsTest}, since the tests' own configuration ({@code logback-test.xml}) is on the class path.
 */
public final class UnconfiguredLogbackFit {
  private UnconfiguredLogbackFit() {}

  /**
   * Runs the fit.
   *
   * @param args one argument: a folder to save the model in
   * @throws Exception if saving or loading fails
   */
  public static void main(String[] args) throws Exception {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    logback.reset();
    BasicConfigurator unconfigured = new BasicConfigurator();
    unconfigured.setContext(logback);
    unconfigured.configure(logback);

    Network network =
        Network.builder()
            .input(2)
            .dense(2, Activation.named("golden_tanh"))
            .dense(1, Activation.named("golden_tanh"))
            .weightInit(Initializers.standardNormal())
            .loss(Losses.mse())
            .optimizer(new TestSgd(0.1))
            .build();
    double[][] people = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
    double[][] female = {{1}, {0}, {0}, {1}};
    network.fit(people, female, FitOptions.builder().epochs(1000).batchSize(1).shuffle(false).build());
    Path file = Files.createDirectories(Path.of(args[0])).resolve("gender.safetensors");
    network.save(file);
    Network.load(file);
  }
}
