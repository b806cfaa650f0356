package org.example.usesmish;

import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.io.ModelFormatException;
import java.nio.file.Path;

/**
 * An application that loads a saved model and predicts: {@code java -cp ... PredictFromFile model.safetensors}.
 *
 * <p>It prints whether the third parties' classes (Mish, Centering) are on its class path, then for each sample
 * of {@link #INPUTS} the line {@code prediction <i> <bits>} (from {@code network.predict}) and the line {@code
 * served <i> <bits>} (from {@code network.predictor()}), with the exact bits of the output as hexadecimal; exit
 * code 0. If the model cannot be built it prints {@code ModelFormatException: <message>} and exits with {@link
 * #MODEL_FORMAT_ERROR}.
 */
public final class PredictFromFile {
  /** The samples predicted. */
  public static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.25, -0.5}, {3, 2}};

  /** The exit code when loading fails with a {@link ModelFormatException}. */
  public static final int MODEL_FORMAT_ERROR = 3;

  private PredictFromFile() {}

  public static void main(String[] args) throws Exception {
    System.out.println("mish on class path: " + onClassPath("org.example.mish.Mish"));
    System.out.println("centering on class path: " + onClassPath("org.example.centering.Centering"));
    Network network;
    try {
      network = Network.load(Path.of(args[0]));
    } catch (ModelFormatException e) {
      System.out.println("ModelFormatException: " + e.getMessage());
      System.exit(MODEL_FORMAT_ERROR);
      return;
    }
    Predictor predictor = network.predictor();
    for (int i = 0; i < INPUTS.length; i++) {
      System.out.println("prediction " + i + " " + bits(network.predict(INPUTS[i])[0]));
      System.out.println("served " + i + " " + bits(predictor.predict(INPUTS[i])[0]));
    }
  }

  /** The exact bits of {@code value}, in hexadecimal. */
  public static String bits(double value) {
    return Long.toHexString(Double.doubleToRawLongBits(value));
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
