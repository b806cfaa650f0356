package dev.nn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The processor the figures were measured on, with the widest vector instructions it has (AVX2 and AVX-512
 * machines rank the kernels differently), from Linux's {@code /proc/cpuinfo}.
 */
final class Processor {
  private Processor() {}

  /** Such as {@code "Intel(R) Xeon(R) Processor, 2 processors, AVX-512"}; the JVM's word where there is no /proc. */
  static String describe() {
    int processors = Runtime.getRuntime().availableProcessors();
    try {
      return describe(Files.readAllLines(Path.of("/proc/cpuinfo")), processors);
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch") + ", " + processors + " processors (no /proc/cpuinfo)";
    }
  }

  /** The description from the lines of {@code /proc/cpuinfo}. */
  static String describe(List<String> cpuinfo, int processors) {
    String model = field(cpuinfo, "model name").orElse("unknown model");
    List<String> flags = List.of(field(cpuinfo, "flags").orElse("").split("\\s+"));
    String vectors = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.contains("avx") ? "AVX"
        : "no AVX";
    return model + ", " + processors + " processors, " + vectors;
  }

  private static Optional<String> field(List<String> cpuinfo, String name) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith(name) && l.indexOf(':') > 0 && l.substring(0, l.indexOf(':')).trim().equals(name))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst();
  }
}
