package dev.nn4j.core.data;

import dev.nn4j.core.data.CsvReader.LabelType;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads data files in a JVM of its own (a small heap, for memory bombs) with the readers' default limits
 * and prints how each went, one line per file. Each argument is {@code <kind>=<file>}, the kind one of
 * {@code csv} (numeric labels), {@code csv-index} (class indices), {@code csv-name} (class names), {@code
 * idx-images} and {@code idx-labels}. Lines printed: {@code <file>: read <shape> <shape>}; {@code <file>:
 * DataFormatException: <message>}; {@code <file>: <other IOException>: <message>}; and on an
 * OutOfMemoryError {@code <file>: OutOfMemoryError}, then exit 4 at once. Exit 0 otherwise.
 */
public final class ReadDataFiles {
  private ReadDataFiles() {}

  public static void main(String[] args) {
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String kind = arg.substring(0, equals);
      Path file = Path.of(arg.substring(equals + 1));
      try {
        System.out.println(file + ": read " + read(kind, file));
      } catch (DataFormatException e) {
        System.out.println(file + ": DataFormatException: " + e.getMessage());
      } catch (IOException e) {
        System.out.println(file + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (OutOfMemoryError e) {
        System.out.println(file + ": OutOfMemoryError");
        System.out.flush();
        System.exit(4);
      }
    }
    System.out.flush();
  }

  private static String read(String kind, Path file) throws IOException {
    return switch (kind) {
      case "csv" -> describe(CsvReader.builder().build().read(file));
      case "csv-index" -> describe(CsvReader.builder().labels(LabelType.CLASS_INDEX).build().read(file));
      case "csv-name" -> describe(CsvReader.builder().labels(LabelType.CLASS_NAME).build().read(file));
      case "idx-images" -> IdxReader.readImages(file).shape().toString();
      case "idx-labels" -> IdxReader.readLabels(file).length + " labels";
      default -> throw new IllegalArgumentException("Unknown kind " + kind);
    };
  }

  private static String describe(DataSet data) {
    Matrix x = data.features();
    Matrix y = data.labels();
    return x.shape() + " " + y.shape();
  }
}
