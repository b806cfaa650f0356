package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;

/**
 * What an {@link OnnxLayerExport} gets to know of one layer of the network being exported: the layer (its
 * {@link Layer#type() type}, {@link Layer#config() configuration}, input and output shapes), its position,
 * and its tensors, taken from the network's {@link dev.nn4j.core.Network#stateDict() state dict}: the
 * trainable parameters and the buffers (running statistics) under the names the layer gives them, such as
 * {@code weight} or {@code running_mean}.
 */
public final class LayerToExport {
  private final int index;
  private final Layer layer;
  private final StateDict tensors;

  LayerToExport(int index, Layer layer, StateDict tensors) {
    this.index = index;
    this.layer = checkNotNull(layer, "layer");
    this.tensors = checkNotNull(tensors, "tensors");
  }

  /**
   * The position of the layer in the network, counted from 0.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * The layer's name, {@code layers.<i>}: the prefix of its tensors in the state dict, and of its constants,
   * nodes and intermediate tensors in the ONNX graph.
   *
   * @return the name
   */
  public String name() {
    return "layers." + index;
  }

  /**
   * The layer itself.
   *
   * @return the layer
   */
  public Layer layer() {
    return layer;
  }

  /**
   * The layer's tensors, named without the prefix ({@code weight}, not {@code layers.0.weight}).
   *
   * @return the tensors, a copy taken when the export started
   */
  public StateDict tensors() {
    return tensors;
  }

  /**
   * The layer's tensor {@code name}, which must have the shape {@code expected}.
   *
   * @param name the name in the layer, such as {@code "running_var"}
   * @param expected the shape that the export relies on
   * @return the tensor
   * @throws IllegalArgumentException if the layer has no such tensor or it has another shape; the message
   *     names the layer, the tensor and both shapes
   */
  public Tensor tensor(String name, Shape expected) {
    checkArgument(
        tensors.contains(name),
        "Layer %s ('%s') has no tensor '%s' to export; it has %s",
        index,
        layer.type(),
        name,
        tensors.names());
    Tensor tensor = tensors.get(name);
    checkArgument(
        tensor.shape().equals(expected),
        "Tensor %s.%s of layer %s ('%s', samples of shape %s) has shape %s; its ONNX export expects %s",
        name(),
        name,
        index,
        layer.type(),
        layer.inputShape(),
        tensor.shape(),
        expected);
    return tensor;
  }

  /**
   * A reader of the layer's configuration for an export that knows {@code acceptedKeys}: an unknown key,
   * which could change what the layer computes, is refused rather than ignored. Messages name the layer as
   * {@code layer 2 ('batch_norm')}.
   *
   * @param acceptedKeys the configuration keys the export understands
   * @return the reader
   * @throws IllegalArgumentException naming a key that is not accepted
   */
  public ComponentConfig config(String... acceptedKeys) {
    return layer.config().reader(describe(), acceptedKeys);
  }

  /**
   * The layer as messages name it: {@code layer 2 ('batch_norm')}.
   *
   * @return the description
   */
  public String describe() {
    return "layer " + index + " ('" + layer.type() + "')";
  }

  @Override
  public String toString() {
    return name() + " (" + layer.type() + ", " + layer.inputShape() + " -> " + layer.outputShape() + ")";
  }
}
