package dev.nn4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tables of {@code vs-numpy}: for each product and thread count the median GFLOP/s of every backend and
 * NumPy, and their ratios; the second thread's gain; the order in which each nn4j backend summed each product;
 * and W2 and W3's training, inference and one-sample figures beside NumPy's. A ratio {@code a/numpy} above 1 means
 * {@code a} is faster; for one-sample latencies the ratio is NumPy's time over nn4j's, so that above 1 is still
 * faster.
 */
final class ComparisonSummary {
  private static final String NUMPY = "numpy";
  private static final int LABEL = 38;
  private static final int VALUE = 11;
  private static final int RATIO = 15;
  private final List<Measurement> measurements;
  private final int rounds;

  ComparisonSummary(List<Measurement> measurements, int rounds) {
    this.measurements = List.copyOf(measurements);
    this.rounds = rounds;
  }

  /** The backends measured, {@code java} first and NumPy last. */
  List<String> backends() {
    Set<String> names = new LinkedHashSet<>();
    measurements.stream().filter(m -> !m.kind().equals("environment")).map(Measurement::backend).forEach(names::add);
    List<String> ordered = new ArrayList<>(names);
    ordered.sort(Comparator.comparingInt(b -> b.equals("java") ? 0 : b.equals(NUMPY) ? 2 : 1));
    return ordered;
  }

  /** The median of {@code key} over the rounds, for one kind, item, backend and thread count. */
  Optional<Double> median(String kind, String item, String backend, int threads, String key) {
    double[] values = measurements.stream()
        .filter(m -> m.threads() == threads && m.kind().equals(kind) && m.item().equals(item) && m.backend().equals(backend))
        .flatMap(m -> m.number(key).stream())
        .mapToDouble(Double::doubleValue)
        .sorted()
        .toArray();
    if (values.length == 0) {
      return Optional.empty();
    }
    int mid = values.length / 2;
    return Optional.of(values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
  }

  void print(PrintStream out) {
    List<String> backends = backends();
    List<Integer> threads = measurements.stream().map(Measurement::threads).distinct().sorted().toList();
    out.println();
    out.println("== vs NumPy: medians of " + rounds + " round(s); same-round processes, same machine");
    out.println("   processor: " + Processor.describe());
    measurements.stream().filter(m -> m.kind().equals("environment")).findFirst().ifPresent(env -> out.println(
        "   NumPy " + env.text("numpy") + " on " + env.text("libraries") + (env.text("openblas_core").isEmpty() ? ""
            : "; OpenBLAS kernels " + env.text("openblas_core") + " (OPENBLAS_CORETYPE " + env.text("OPENBLAS_CORETYPE") + ")")));
    out.println("   " + (backends.contains(NUMPY) ? "a/numpy above 1: a is faster than NumPy; " : "")
        + "java/openblas: the pure-Java backend against OpenBLAS through nn-blas");
    List<String> products = items("gemm");
    if (!products.isEmpty()) {
      out.println();
      out.println(header("GEMM GFLOP/s", backends));
      for (String product : products) {
        for (int t : threads) {
          out.println(row(product, t, backends, b -> median("gemm", product, b, t, "gflops"), "%.1f", false));
        }
      }
      if (threads.size() > 1) {
        int one = threads.get(0);
        int last = threads.get(threads.size() - 1);
        out.println();
        StringBuilder heading = new StringBuilder(String.format(Locale.ROOT, "   %-" + LABEL + "s", "second thread: rate at "
            + last + " / at " + one));
        backends.forEach(b -> heading.append(String.format(Locale.ROOT, "%" + VALUE + "s", b)));
        out.println(heading);
        for (String product : products) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-" + LABEL + "s", product));
          for (String b : backends) {
            Optional<Double> a = median("gemm", product, b, one, "gflops");
            Optional<Double> z = median("gemm", product, b, last, "gflops");
            line.append(String.format(Locale.ROOT, "%" + VALUE + "s",
                a.isPresent() && z.isPresent() ? String.format(Locale.ROOT, "%.2fx", z.get() / a.get()) : "-"));
          }
          out.println(line);
        }
      }
    }
    List<String> summed = items("order");
    if (!summed.isEmpty()) {
      out.println();
      out.println("   summed in: the order whose bits every sampled element of C had (up to " + SummationOrder.SAMPLE
          + " a product; nn4j's backends only, NumPy's BLAS not checked); rates compare like with like only where the"
          + " orders agree");
      for (String product : summed) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-" + LABEL + "s", product));
        for (String b : backends) {
          orderOf(product, b).ifPresent(order -> line.append("  ").append(b).append(": ").append(order));
        }
        out.println(line);
      }
    }
    String[][] figures = {
      {"train_samples_per_s", "training samples/s", "%,.0f"},
      {"infer_samples_per_s", "inference samples/s, batches of 1,000", "%,.0f"},
      {"single_sample_ms", "one sample, ms (ratio: NumPy's / this)", "%.4f"}};
    for (String network : items("network")) {
      out.println();
      out.println(header(network.toUpperCase(Locale.ROOT) + ", float64, batch 64", backends));
      for (String[] figure : figures) {
        for (int t : threads) {
          out.println(row(figure[1], t, backends, b -> median("network", network, b, t, figure[0]), figure[2],
              figure[0].endsWith("_ms")));
        }
      }
    }
  }

  /**
   * How {@code backend} summed {@code product} in every round: the order it followed ({@link
   * SummationOrder#describe}), or "other" with the range of shares of one chain's bits over the rounds; each with its
   * thread counts when they differ.
   */
  private Optional<String> orderOf(String product, String backend) {
    String other = "other";
    Map<String, Set<Integer>> threadsByOrder = new LinkedHashMap<>();
    List<Double> otherShares = new ArrayList<>();
    measurements.stream().filter(m -> m.kind().equals("order") && m.item().equals(product) && m.backend().equals(backend))
        .forEach(m -> {
          Map<SummationOrder, Double> shares = new EnumMap<>(SummationOrder.class);
          for (SummationOrder order : SummationOrder.values()) {
            m.number(order.field()).ifPresent(share -> shares.put(order, share));
          }
          boolean followed = shares.isEmpty() || SummationOrder.followed(shares).isPresent();
          if (!followed) {
            otherShares.add(shares.getOrDefault(SummationOrder.ONE_CHAIN, 0.0));
          }
          threadsByOrder.computeIfAbsent(followed ? SummationOrder.describe(shares) : other, o -> new TreeSet<>())
              .add(m.threads());
        });
    Function<String, String> text = order -> order.equals(other) ? SummationOrder.other(otherShares) : order;
    if (threadsByOrder.size() <= 1) {
      return threadsByOrder.keySet().stream().findFirst().map(text);
    }
    return Optional.of(threadsByOrder.entrySet().stream()
        .map(e -> text.apply(e.getKey()) + " with " + e.getValue() + " thread(s)").collect(Collectors.joining(", ")));
  }

  private List<String> items(String kind) {
    return measurements.stream().filter(m -> m.kind().equals(kind)).map(Measurement::item).distinct().toList();
  }

  private static String header(String title, List<String> backends) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-" + LABEL + "s %7s", title, "threads"));
    backends.forEach(b -> line.append(String.format(Locale.ROOT, "%" + VALUE + "s", b)));
    ratios(backends).forEach(r -> line.append(String.format(Locale.ROOT, "%" + RATIO + "s", r[0] + "/" + r[1])));
    return line.toString();
  }

  /** The ratios shown: each nn4j backend against NumPy, then {@code java} against each other nn4j backend. */
  private static List<String[]> ratios(List<String> backends) {
    List<String[]> ratios = new ArrayList<>();
    if (backends.contains(NUMPY)) {
      backends.stream().filter(b -> !b.equals(NUMPY)).forEach(b -> ratios.add(new String[] {b, NUMPY}));
    }
    if (backends.contains("java")) {
      backends.stream().filter(b -> !b.equals(NUMPY) && !b.equals("java")).forEach(b -> ratios.add(new String[] {"java", b}));
    }
    return ratios;
  }

  /**
   * One line: the label, the thread count, each backend's value in {@code format} and the ratios; with {@code
   * lowerIsFaster} (latencies) a ratio is the second's value over the first's, so that above 1 still means faster.
   */
  private static String row(
      String label, int threads, List<String> backends, Function<String, Optional<Double>> value, String format,
      boolean lowerIsFaster) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-" + LABEL + "s %7d", label, threads));
    for (String b : backends) {
      line.append(String.format(Locale.ROOT, "%" + VALUE + "s",
          value.apply(b).map(v -> String.format(Locale.ROOT, format, v)).orElse("-")));
    }
    for (String[] r : ratios(backends)) {
      Optional<Double> a = value.apply(r[0]);
      Optional<Double> b = value.apply(r[1]);
      line.append(String.format(Locale.ROOT, "%" + RATIO + "s", a.isPresent() && b.isPresent()
          ? String.format(Locale.ROOT, "%.2fx", lowerIsFaster ? b.get() / a.get() : a.get() / b.get()) : "-"));
    }
    return line.toString();
  }
}
