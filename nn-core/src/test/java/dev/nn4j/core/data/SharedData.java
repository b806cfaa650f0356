package dev.nn4j.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the data sets shared between projects. Under surefire the working directory is the module
 * ({@code nn-core}), so the project's {@code ../shared/data} is {@code ../../shared/data} from there;
 * running from the project root it is {@code ../shared/data}. Fashion-MNIST may also come from the
 * {@code dataset-fashion-mnist} package, which installs it under {@code /usr/share/datasets}.
 */
final class SharedData {
  static final String FASHION_MNIST_MISSING =
      "../shared/data/fashion-mnist not found: get it with `apt-get install dataset-fashion-mnist` or"
          + " place the IDX files in ../shared/data/fashion-mnist";

  private SharedData() {}

  /** The first existing directory {@code name} under the shared data roots. */
  static Optional<Path> directory(String name) {
    Path here = Path.of("").toAbsolutePath();
    List<Path> candidates =
        List.of(
            here.resolve("../../shared/data").resolve(name),
            here.resolve("../shared/data").resolve(name),
            Path.of("/usr/share/datasets").resolve(name));
    return candidates.stream().map(Path::normalize).filter(Files::isDirectory).findFirst();
  }

  /** The file {@code dir/file} if that directory is found and holds it. */
  static Optional<Path> file(String dir, String file) {
    return directory(dir).map(d -> d.resolve(file)).filter(Files::isRegularFile);
  }

  static String smallMissing(String file) {
    return "../shared/data/small/" + file + " not found: place the scikit-learn CSV files (iris.csv,"
        + " digits.csv.gz, ...) in ../shared/data/small";
  }
}
