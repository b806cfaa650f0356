package dev.nn4j.examples.classify;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/** The data sets shipped in the examples jar, under {@code /datasets}. */
final class Resources {
  private Resources() {}

  static InputStream open(String name) throws IOException {
    InputStream in = Resources.class.getResourceAsStream("/datasets/" + name);
    if (in == null) {
      throw new FileNotFoundException("Data set /datasets/" + name + " is missing from the examples jar");
    }
    return in;
  }
}
