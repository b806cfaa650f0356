package dev.nn4j.core;

import java.util.List;

/** The table of {@link Network#summary()}, like Keras' {@code model.summary()}. */
final class Summary {
  private static final String FORMAT = "%-34s %-18s %12s%n";

  private Summary() {}

  static String of(Network network) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(FORMAT, "Layer (type)", "Output shape", "Param #"));
    String rule = "=".repeat(66) + System.lineSeparator();
    sb.append(rule);
    int nonTrainable = 0;
    List<Layer> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String type = layer instanceof ActivatedLayer a ? layer.type() + ", " + describe(a.activation()) : layer.type();
      int count = layer.parameters().stream().mapToInt(Parameter::size).sum();
      nonTrainable += layer.buffers().stream().filter(b -> !b.isInteger()).mapToInt(b -> b.shape().size()).sum();
      // Keras' notation: the batch dimension first, as None.
      String shape = "(None, " + layer.outputShape().toString().replaceAll("^\\[|\\]$", "") + ")";
      sb.append(String.format(FORMAT, "layers." + i + " (" + type + ")", shape, String.format("%,d", count)));
    }
    sb.append(rule);
    int trainable = network.parameterCount();
    sb.append(String.format("Total params: %,d (trainable: %,d, non-trainable: %,d)%n", trainable + nonTrainable, trainable, nonTrainable));
    sb.append("Input: ").append(network.inputShape()).append(" (").append(network.inputSize()).append(" values per sample)");
    sb.append(System.lineSeparator());
    sb.append("Loss: ").append(network.lossFunction()).append(System.lineSeparator());
    sb.append("Optimizer: ").append(network.optimizer() == null ? "none" : network.optimizer().toString());
    return sb.toString();
  }

  private static String describe(Activation activation) {
    return activation.config().isEmpty() ? activation.name() : activation.name() + activation.config();
  }
}
