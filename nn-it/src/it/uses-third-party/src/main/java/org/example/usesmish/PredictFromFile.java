package org.example.usesmish;

import dev.nn4j.core.Network;
import dev.nn4j.core.io.ModelFormatException;
import java.nio.file.Path;

/**
 * An application that loads a saved model and predicts: {@code java -cp ... PredictFromFile model.safetensors}.
 *
 * <p>It prints whether Mish is on its class path, then one line per sample of {@link #INPUTS}, {@code
 * prediction <i> <bits>} with the exact bits of the output as hexadecimal; exit code 0. If the model cannot be
 * built it prints {@code ModelFormatException: <message>} and exits with {@link #MODEL_FORMAT_ERROR}.
 */
public final class PredictFromFile {
  /** The samples predicted. */
  public static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.25, -0.5}, {3, 2}};

  /** The exit code when loading fails with a {@link ModelFormatException}. */
  public static final int MODEL_FORMAT_ERROR = 3;

  private PredictFromFile() {}

  public static void main(String[] args) throws Exception {
    System.out.println("mish on class path: " + onClassPath("org.example.mish.Mish"));
    Network network;
    try {
      network = Network.load(Path.of(args[0]));
    } catch (ModelFormatException e) {
      System.out.println("ModelFormatException: " + e.getMessage());
      System.exit(MODEL_FORMAT_ERROR);
      return;
    }
    for (int i = 0; i < INPUTS.length; i++) {
      System.out.println("prediction " + i + " " + Long.toHexString(Double.doubleToRawLongBits(network.predict(INPUTS[i])[0])));
    }
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, PredictFromFile.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
