package dev.nn4j.core.testing;

import dev.nn4j.core.Network;
import java.nio.file.Path;

/**
 * Saves the model of {@code args[0]} to {@code args[1]} again and again, until killed: to leave the
 * temporary files of saves that never finish.
 */
public final class SaveForever {
  private SaveForever() {}

  public static void main(String[] args) throws Exception {
    Network network = Network.load(Path.of(args[0]));
    System.out.println("saving");
    System.out.flush();
    for (long i = 0; ; i++) {
      network.save(Path.of(args[1]));
    }
  }
}
