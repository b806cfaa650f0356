package dev.nn4j.onnx;

/**
 * The ONNX form of one layer type: appends to an {@link OnnxGraph} the nodes that compute a layer of that
 * type at prediction time. {@link OnnxExporter} finds one per {@linkplain dev.nn4j.core.Layer#type() layer
 * type name} with {@link java.util.ServiceLoader}, so a jar that adds a layer type can add its export.
 *
 * <p><b>Registering one.</b> Give the implementing class a public no-argument constructor and list its
 * fully qualified name in a resource file {@code META-INF/services/dev.nn4j.onnx.OnnxLayerExport} of your
 * jar. nn-onnx registers its own for {@code dense}, {@code dropout}, {@code flatten}, {@code reshape},
 * {@code batch_norm}, {@code layer_norm}, {@code conv2d}, {@code max_pool2d}, {@code avg_pool2d}, {@code
 * global_avg_pool2d}, {@code lstm}, {@code gru} and {@code rnn} (see {@link dev.nn4j.onnx.layers}); if two claim the same type, the first found is used
 * and a warning is logged.
 *
 * <p><b>The contract.</b> Between layers a batch is what nn4j passes: a tensor {@code [N, size]}, each row
 * one sample flattened row-major. {@link #append} receives the name of such a tensor holding the layer's
 * input, {@code [N, inputShape().size()]}, and returns the name of one holding its output, {@code [N,
 * outputShape().size()]}; an operator that needs the sample's dimensions reshapes to them and back ({@link
 * OnnxGraph#samples} and {@link OnnxGraph#rows}, which leave out the {@code Reshape}s between layers on the
 * same dimensions, or {@link OnnxGraph#reshape}). A layer that is the identity at prediction time returns its input and adds nothing.
 * The values come from {@link LayerToExport#tensor}, the network's state dict; the layer's {@link
 * LayerToExport#config configuration} says how to use them. Everything that cannot be exported must be
 * refused with an {@link IllegalArgumentException} naming the layer ({@link LayerToExport#name()}); the
 * export writes nothing until every layer is appended.
 *
 * <p>Implementations are stateless and may be shared between threads.
 */
public interface OnnxLayerExport {

  /**
   * The layer type this exports: the {@link dev.nn4j.core.Layer#type()} (and layer provider name), such as
   * {@code "batch_norm"}.
   *
   * @return the type name
   */
  String type();

  /**
   * Appends the nodes that compute {@code layer} on the batch {@code input}.
   *
   * @param graph the graph under construction
   * @param layer the layer, its position and its tensors
   * @param input the name of the tensor holding the input batch, {@code [N, inputShape().size()]}
   * @return the name of the tensor holding the output batch, {@code [N, outputShape().size()]}: {@code
   *     input} itself if the layer adds no node
   * @throws IllegalArgumentException if the layer, its configuration or its values cannot be exported; the
   *     message names the layer
   */
  String append(OnnxGraph graph, LayerToExport layer, String input);
}
