package dev.nn4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the version Maven filtered into {@code version.properties} when it built
 * the benchmark.
 */
final class Version implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + Version.class.getName());
      }
      Properties properties = new Properties();
      properties.load(in);
      return new String[] {"nn-bench " + properties.getProperty("version")};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
