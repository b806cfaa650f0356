package dev.nn4j.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Prints results as aligned tables on standard output. */
final class Report {
  private static final String FORMAT = "  %-9s %-34s %13s %9s %14s %11s %10s%n";
  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  /** A workload's title and description. */
  void title(String title, String... details) {
    out.println();
    out.println("== " + title);
    for (String detail : details) {
      out.println("   " + detail);
    }
    out.println("   " + load());
  }

  /**
   * The system's load average, since other processes on the machine slow every figure down: above the
   * number of processors, the figures are not reliable.
   */
  static String load() {
    return String.format(
        Locale.ROOT,
        "system load average (1 min) at start: %.2f on %d processors",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  void line(String text) {
    out.println("   " + text);
  }

  /** The column headings; {@code stepName} says what a step is (step, batch, call). */
  void header(String stepName) {
    header("samples/s", stepName);
  }

  /** The column headings, with {@code rateName} for the rate column ({@code samples/s}, {@code products/s}). */
  void header(String rateName, String stepName) {
    out.printf(
        Locale.ROOT, FORMAT, "backend", "phase", rateName, "GFLOP/s", "alloc B/" + stepName, "peak heap", "vs naive");
  }

  /**
   * A row; {@code naive} is the naive reference's result on the same workload (or null), and the last
   * column is this row's samples/s divided by the naive's.
   */
  void row(Result r, Result naive) {
    out.printf(
        Locale.ROOT,
        FORMAT,
        r.backend(),
        r.phase(),
        String.format(Locale.ROOT, "%,.1f", r.samplesPerSecond()),
        String.format(Locale.ROOT, "%.3f", r.gflops()),
        String.format(Locale.ROOT, "%,.0f", r.bytesPerStep()),
        megabytes(r.peakHeapBytes()),
        naive == null ? "" : String.format(Locale.ROOT, "%.2fx", r.samplesPerSecond() / naive.samplesPerSecond()));
    out.flush();
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
  }
}
