package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.ComponentConfig;
import java.util.Objects;

/**
 * A recurrent layer's shape, without its input and cell: hidden size, stacked layers, directions, whether
 * it returns every step, and whether it has biases. Immutable; start from {@link #of} and change with the
 * {@code with} methods. See {@link Recurrent} for what each means.
 */
public final class RecurrentSpec {
  private final int hiddenSize;
  private final int numLayers;
  private final boolean bidirectional;
  private final boolean returnSequences;
  private final boolean bias;

  private RecurrentSpec(int hiddenSize, int numLayers, boolean bidirectional, boolean returnSequences, boolean bias) {
    checkArgument(hiddenSize > 0, "Expected a positive hidden size, got hidden_size=%s", hiddenSize);
    checkArgument(numLayers > 0, "Expected a positive number of layers, got num_layers=%s", numLayers);
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bidirectional = bidirectional;
    this.returnSequences = returnSequences;
    this.bias = bias;
  }

  /**
   * One layer of {@code hiddenSize} units, one direction, every step's output, with biases.
   *
   * @param hiddenSize {@code H}
   * @return the specification
   */
  public static RecurrentSpec of(int hiddenSize) {
    return new RecurrentSpec(hiddenSize, 1, false, true, true);
  }

  /**
   * This with {@code numLayers} stacked layers, each reading the outputs of the one below.
   *
   * @param numLayers the number of layers
   * @return the new specification
   */
  public RecurrentSpec withLayers(int numLayers) {
    return new RecurrentSpec(hiddenSize, numLayers, bidirectional, returnSequences, bias);
  }

  /**
   * This in both directions or one.
   *
   * @param bidirectional whether each layer also runs from the last step to the first
   * @return the new specification
   */
  public RecurrentSpec withBidirectional(boolean bidirectional) {
    return new RecurrentSpec(hiddenSize, numLayers, bidirectional, returnSequences, bias);
  }

  /**
   * This returning every step's output ({@code [T, H·dirs]}) or only the last ({@code [H·dirs]}).
   *
   * @param returnSequences whether to return every step
   * @return the new specification
   */
  public RecurrentSpec withReturnSequences(boolean returnSequences) {
    return new RecurrentSpec(hiddenSize, numLayers, bidirectional, returnSequences, bias);
  }

  /**
   * This with or without the biases {@code b_ih} and {@code b_hh}.
   *
   * @param bias whether there are biases
   * @return the new specification
   */
  public RecurrentSpec withBias(boolean bias) {
    return new RecurrentSpec(hiddenSize, numLayers, bidirectional, returnSequences, bias);
  }

  /**
   * {@code H}.
   *
   * @return the hidden size
   */
  public int hiddenSize() {
    return hiddenSize;
  }

  /**
   * The stacked layers.
   *
   * @return the number of layers
   */
  public int numLayers() {
    return numLayers;
  }

  /**
   * Whether each layer runs in both directions.
   *
   * @return whether bidirectional
   */
  public boolean bidirectional() {
    return bidirectional;
  }

  /**
   * Whether every step's output is returned.
   *
   * @return whether the output is {@code [T, H·dirs]}
   */
  public boolean returnSequences() {
    return returnSequences;
  }

  /**
   * Whether there are biases.
   *
   * @return whether there are biases
   */
  public boolean bias() {
    return bias;
  }

  static RecurrentSpec fromConfig(ComponentConfig c) {
    return of(c.positiveInt("hidden_size"))
        .withLayers(c.positiveInt("num_layers", 1))
        .withBidirectional(c.bool("bidirectional", false))
        .withReturnSequences(c.bool("return_sequences", true))
        .withBias(c.bool("bias", true));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecurrentSpec s
        && hiddenSize == s.hiddenSize
        && numLayers == s.numLayers
        && bidirectional == s.bidirectional
        && returnSequences == s.returnSequences
        && bias == s.bias;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hiddenSize, numLayers, bidirectional, returnSequences, bias);
  }

  @Override
  public String toString() {
    return "hidden_size=" + hiddenSize + ", num_layers=" + numLayers + ", bidirectional=" + bidirectional
        + ", return_sequences=" + returnSequences + ", bias=" + bias;
  }
}
