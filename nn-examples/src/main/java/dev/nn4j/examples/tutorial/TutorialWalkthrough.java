package dev.nn4j.examples.tutorial;

import com.google.common.collect.ImmutableList;
import dev.nn4j.examples.Example;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole tutorial, section by section: a neuron, feedforward, the loss, backpropagation, training.
 * What the examples' command line runs when given no example name.
 */
public final class TutorialWalkthrough implements Example<TutorialWalkthrough.Result> {
  private final NeuronSection neuron = new NeuronSection();
  private final FeedforwardSection feedforward = new FeedforwardSection();
  private final LossSection loss = new LossSection();
  private final BackpropSection backprop = new BackpropSection();
  private final TrainingSection training = new TrainingSection();

  /**
   * The results of every section.
   *
   * @param neuron section 1
   * @param feedforward section 2
   * @param loss section 3
   * @param backprop section 4, the partial derivatives
   * @param training section 4, training and predictions
   */
  public record Result(
      NeuronSection.Result neuron,
      FeedforwardSection.Result feedforward,
      LossSection.Result loss,
      BackpropSection.Result backprop,
      TrainingSection.Result training) {}

  @Override
  public String name() {
    return "tutorial";
  }

  @Override
  public String description() {
    return "The whole tutorial walk-through, every section below in order (the default)";
  }

  /**
   * The sections of the walk-through.
   *
   * @return the sections, in the tutorial's order; each can also be run on its own
   */
  public List<Example<?>> sections() {
    return ImmutableList.of(neuron, feedforward, loss, backprop, training);
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) throws IOException {
    return new Result(
        neuron.run(out, outputDirectory),
        feedforward.run(out, outputDirectory),
        loss.run(out, outputDirectory),
        backprop.run(out, outputDirectory),
        training.run(out, outputDirectory));
  }
}
