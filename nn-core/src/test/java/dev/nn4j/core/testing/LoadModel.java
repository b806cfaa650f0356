package dev.nn4j.core.testing;

import dev.nn4j.core.Network;
import dev.nn4j.core.io.ModelFormatException;
import java.nio.file.Path;

/**
 * Loads the model file {@code args[0]} in a JVM of its own (a small heap, for memory bombs) and says how it
 * went: {@code loaded <layers> <parameters>} and exit 0; {@code ModelFormatException: <message>} and exit 3;
 * {@code OutOfMemoryError} and exit 4.
 */
public final class LoadModel {
  private LoadModel() {}

  public static void main(String[] args) throws Exception {
    try {
      Network network = Network.load(Path.of(args[0]));
      double[] prediction = network.predict(new double[network.inputSize()]);
      System.out.println("loaded " + network.layers().size() + " " + network.parameterCount() + " " + prediction.length);
    } catch (ModelFormatException e) {
      System.out.println("ModelFormatException: " + e.getMessage());
      System.exit(3);
    } catch (OutOfMemoryError e) {
      System.out.println("OutOfMemoryError");
      System.exit(4);
    }
  }
}
