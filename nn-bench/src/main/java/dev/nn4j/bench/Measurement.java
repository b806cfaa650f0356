package dev.nn4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link ResultLine} of a {@code vs-numpy} round, with the thread count its process ran with.
 *
 * @param threads the threads of the process that printed it
 * @param fields the line's fields
 */
record Measurement(int threads, Map<String, Object> fields) {
  Measurement {
    fields = Map.copyOf(fields);
  }

  /** The measurements among a process's output {@code lines}; other lines are ignored. */
  static List<Measurement> of(int threads, List<String> lines) {
    List<Measurement> measurements = new ArrayList<>();
    for (String line : lines) {
      ResultLine.parse(line).ifPresent(fields -> measurements.add(new Measurement(threads, fields)));
    }
    return measurements;
  }

  /** {@code gemm}, {@code order}, {@code network} or {@code environment}. */
  String kind() {
    return text("kind");
  }

  /** {@code java}, {@code openblas}, {@code numpy}. */
  String backend() {
    return text("backend");
  }

  /** What was measured: the product ({@code NT:64x128x784}) or the network ({@code w2}). */
  String item() {
    return kind().equals("network") ? text("workload") : text("product");
  }

  /** The number named {@code key}, if the line has one. */
  Optional<Double> number(String key) {
    return fields.get(key) instanceof Double value ? Optional.of(value) : Optional.empty();
  }

  /** The text of {@code key}, or an empty string. */
  String text(String key) {
    Object value = fields.get(key);
    return value == null ? "" : value.toString();
  }
}
