package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.InitContext;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.SequenceKernels;
import java.util.List;

/**
 * A lookup table of learned vectors, one per token id, with PyTorch's semantics ({@code nn.Embedding}):
 * {@code y[t] = W[x[t]]}. Its samples are sequences of token ids {@code [T]}, whole numbers stored as
 * doubles (a {@link dev.nn4j.core.data.CharTokenizer}'s ids, say); each step gives the row of {@code W}
 * ({@code "weight"}, {@code [num_embeddings, embedding_dim]}) of its id, so the output is {@code [T,
 * embedding_dim]}, ready for a recurrent layer or a dense layer on each step. Backward: {@code dL/dW[i] +=
 * Σ_{steps with id i} dL/dy[t]}, summed rows first, steps in order, so the same bits on every run.
 *
 * <p><b>Padding.</b> With {@code padding_idx} set, that row starts at zeros and gets no gradient, so it
 * stays as it is, as in PyTorch; a negative {@code padding_idx} counts from the end ({@code -1} is the last
 * row) and is stored normalized. When the pass carries sequence lengths ({@link Pass#lengths()}), padded
 * steps are not looked up: their ids may hold anything, their outputs are zeros and they add no gradient.
 *
 * <p><b>No input gradient.</b> Token ids are indices, not values that can be nudged: the loss has no
 * derivative with respect to them. The backward pass returns zeros for {@code dL/d(ids)} when one is asked
 * for (the network's input gradients), rather than failing. An embedding therefore belongs first in a
 * network: placed after a layer that computes its input, that layer would learn nothing through it, and its
 * outputs, not whole numbers, are refused by the check below in any case.
 *
 * <p><b>Bad ids.</b> An id that is not a whole number in {@code [0, num_embeddings)} is refused with an
 * {@link IllegalArgumentException} naming the id, its row and its step.
 *
 * <p>Weights start from {@code N(0, 1)} (PyTorch's default) unless the builder chose an initializer.
 * Registered as {@code "embedding"}: {@code num_embeddings} and {@code embedding_dim} (required), {@code
 * padding_idx} (optional).
 */
public final class Embedding implements Layer {
  /** The registered type name. */
  public static final String TYPE = "embedding";

  private final Shape inputShape;
  private final Shape outputShape;
  private final int numEmbeddings;
  private final int embeddingDim;
  /** The row that gets no gradient, or -1 for none. */
  private final int paddingIdx;
  private final Parameter weight;

  /**
   * An embedding of {@code numEmbeddings} vectors of {@code embeddingDim} values, without a padding row.
   *
   * @param inputShape {@code [T]}: each sample a sequence of {@code T} token ids
   * @param numEmbeddings the number of distinct ids, the vocabulary size
   * @param embeddingDim the size of each vector
   * @throws IllegalArgumentException if a size is not positive or the input is not of rank 1
   */
  public Embedding(Shape inputShape, int numEmbeddings, int embeddingDim) {
    this(inputShape, numEmbeddings, embeddingDim, null);
  }

  /**
   * An embedding whose row {@code paddingIdx} stays fixed (zeros unless loaded otherwise).
   *
   * @param inputShape {@code [T]}: each sample a sequence of {@code T} token ids
   * @param numEmbeddings the number of distinct ids, the vocabulary size
   * @param embeddingDim the size of each vector
   * @param paddingIdx the padding row, in {@code [-numEmbeddings, numEmbeddings)} (negative counts from the
   *     end), or null for none
   * @throws IllegalArgumentException if a size is not positive, the padding index is out of range, or the
   *     input is not of rank 1
   */
  public Embedding(Shape inputShape, int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    checkNotNull(inputShape, "inputShape");
    checkArgument(numEmbeddings > 0, "Expected a positive num_embeddings for an embedding, got %s", numEmbeddings);
    checkArgument(embeddingDim > 0, "Expected a positive embedding_dim for an embedding, got %s", embeddingDim);
    checkArgument(
        inputShape.rank() == 1,
        "An embedding takes sequences of token ids, samples of shape [T], got samples of shape %s",
        inputShape);
    if (paddingIdx != null) {
      checkArgument(
          paddingIdx >= -numEmbeddings && paddingIdx < numEmbeddings,
          "Expected padding_idx in [%s, %s) (num_embeddings=%s), got %s",
          -numEmbeddings,
          numEmbeddings,
          numEmbeddings,
          paddingIdx);
    }
    this.inputShape = inputShape;
    this.outputShape = Shape.of(inputShape.dim(0), embeddingDim);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx == null ? -1 : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.weight = new Parameter("weight", Shape.of(numEmbeddings, embeddingDim));
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    LayerConfig.Builder config =
        LayerConfig.builder().set("num_embeddings", numEmbeddings).set("embedding_dim", embeddingDim);
    if (paddingIdx >= 0) {
      config.set("padding_idx", paddingIdx);
    }
    return config.build();
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  /**
   * {@code W}, {@code [num_embeddings, embedding_dim]}: row {@code i} is the vector of id {@code i}.
   *
   * @return the weight parameter, live
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * The row that gets no gradient, normalized to {@code [0, num_embeddings)}, or -1 for none.
   *
   * @return the padding index, or -1
   */
  public int paddingIdx() {
    return paddingIdx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight);
  }

  /** {@code N(0, 1)} unless an initializer was chosen; the padding row zeros, as PyTorch's reset. */
  @Override
  public void initialize(InitContext context) {
    Matrix bias = new Matrix(1, numEmbeddings);
    context
        .initializer((weights, ignored, random) -> {
          double[] w = weights.data();
          for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
          }
        })
        .initialize(weight.value(), bias, context.random());
    if (paddingIdx >= 0) {
      java.util.Arrays.fill(weight.value().data(), paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim, 0.0);
    }
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    int steps = inputShape.size();
    checkArgument(
        input.cols() == steps,
        "Embedding expects sequences of %s token ids (shape %s), got %s values per sample (input shape %s)",
        steps,
        inputShape,
        input.cols(),
        input.shape());
    Matrix out = pass.buffer(this, "y", input.rows(), outputShape.size());
    int bad = SequenceKernels.embed(weight.value(), input, pass.lengths(), out);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "Embedding expects token ids that are whole numbers in [0, " + numEmbeddings + "), got "
              + input.data()[bad] + " in row " + bad / steps + ", step " + bad % steps);
    }
    pass.keep(this, "ids", input);
    return out;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix ids = pass.kept(this, "ids");
    SequenceKernels.addEmbeddingGradient(ids, pass.lengths(), outputGradient, paddingIdx, weight.gradient());
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    // Ids are not differentiable (see the class comment): their gradient is zero.
    Matrix inputGradient = pass.buffer(this, "dx", ids.rows(), ids.cols());
    inputGradient.fill(0.0);
    return inputGradient;
  }

  @Override
  public String toString() {
    return "Embedding(" + numEmbeddings + " x " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "")
        + ", " + inputShape + " -> " + outputShape + ")";
  }

  /**
   * Registers {@code "embedding"}: {@code num_embeddings} and {@code embedding_dim} (required), {@code
   * padding_idx} (optional, an integer in {@code [-num_embeddings, num_embeddings)}).
   */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'embedding'", "num_embeddings", "embedding_dim", "padding_idx");
      int num = c.positiveInt("num_embeddings");
      int dim = c.positiveInt("embedding_dim");
      String padding = c.text("padding_idx", null);
      Integer paddingIdx = null;
      if (padding != null) {
        checkArgument(
            padding.matches("-?[0-9]{1,9}"),
            "Expected an integer for 'padding_idx' of layer 'embedding', got '%s'",
            padding.length() > 40 ? padding.substring(0, 40) + "..." : padding);
        paddingIdx = Integer.parseInt(padding);
        checkArgument(
            paddingIdx >= -num && paddingIdx < num,
            "Expected 'padding_idx' of layer 'embedding' in [%s, %s) (num_embeddings=%s), got %s",
            -num,
            num,
            num,
            paddingIdx);
      }
      Integer chosen = paddingIdx;
      return input -> new Embedding(input, num, dim, chosen);
    }
  }
}
