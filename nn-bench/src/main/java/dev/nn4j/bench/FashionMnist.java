package dev.nn4j.bench;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.IdxReader;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fashion-MNIST: 60,000 training and 10,000 test images of 28 x 28 pixels (scaled to [0, 1]) in 10 classes
 * (one-hot targets), read from the four IDX files of the original distribution.
 */
record FashionMnist(Matrix trainImages, Matrix trainTargets, Matrix testImages, Matrix testTargets) {
  static final int CLASSES = 10;
  static final String[] FILES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  /** Reads the data set from {@code dir}, which holds the four files (gzipped or not), with nn4j's reader. */
  static FashionMnist load(Path dir) throws IOException {
    DataSet train = IdxReader.read(file(dir, FILES[0]), file(dir, FILES[1]), IdxReader.FASHION_MNIST_CLASSES, Integer.MAX_VALUE);
    DataSet test = IdxReader.read(file(dir, FILES[2]), file(dir, FILES[3]), IdxReader.FASHION_MNIST_CLASSES, Integer.MAX_VALUE);
    return new FashionMnist(train.features(), train.labels(), test.features(), test.labels());
  }

  /** True if {@code dir} holds all four files. */
  static boolean isComplete(Path dir) {
    for (String name : FILES) {
      if (!Files.isRegularFile(dir.resolve(name + ".gz")) && !Files.isRegularFile(dir.resolve(name))) {
        return false;
      }
    }
    return true;
  }

  private static Path file(Path dir, String name) {
    Path gz = dir.resolve(name + ".gz");
    return Files.isRegularFile(gz) ? gz : dir.resolve(name);
  }

  /**
   * Where to look when no {@code --data} is given, in order: {@code ../shared/data/fashion-mnist} relative to
   * the repository root (found above the running jar or classes, and above the current directory) and to
   * the current directory, then {@code /usr/share/datasets/fashion-mnist}.
   */
  static List<Path> defaultLocations() {
    Set<Path> places = new LinkedHashSet<>();
    Path cwd = Path.of("").toAbsolutePath();
    codeLocation().flatMap(FashionMnist::repositoryRoot).ifPresent(root -> places.add(root.resolve("../shared/data/fashion-mnist").normalize()));
    repositoryRoot(cwd).ifPresent(root -> places.add(root.resolve("../shared/data/fashion-mnist").normalize()));
    places.add(cwd.resolve("../shared/data/fashion-mnist").normalize());
    places.add(Path.of("/usr/share/datasets/fashion-mnist"));
    return new ArrayList<>(places);
  }

  /** The first default location that holds the data set. */
  static Optional<Path> locate() {
    return defaultLocations().stream().filter(FashionMnist::isComplete).findFirst();
  }

  private static Optional<Path> codeLocation() {
    try {
      return Optional.of(Path.of(FashionMnist.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The nearest directory at or above {@code start} that holds nn4j's parent pom and nn-core. */
  private static Optional<Path> repositoryRoot(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("nn-core"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
