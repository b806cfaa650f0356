package dev.nn4j.blas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which native BLAS netlib loaded, and whether it is OpenBLAS: the decision behind {@link OpenBlasProvider}.
 *
 * <p><b>Why the ELF symbol table.</b> netlib {@code dlopen}s {@code libblas.so.3} (or the library named by
 * {@code -Ddev.ludovic.netlib.blas.nativeLib} or {@code nativeLibPath}) and tells nothing about it. OpenBLAS
 * describes itself through {@code openblas_get_config()}, but Java 17 cannot call a C function without JNI
 * code of its own or an incubating API, so the next best evidence is that a library <em>exports</em> that
 * function: OpenBLAS does (every version in current distributions), the reference BLAS does not. The check:
 *
 * <ol>
 *   <li>the files mapped into this process are read from {@code /proc/self/maps} (after netlib has loaded
 *       the library, so the real files are there, with symbolic links and the alternatives system already
 *       resolved);
 *   <li>the one netlib loaded is picked among them: the real path of {@code nativeLibPath}, else the file
 *       whose name or ELF {@code SONAME} is the library name ({@code libblas.so.3});
 *   <li>that file is OpenBLAS if its dynamic symbol table defines {@code openblas_get_config}, or if one of
 *       the libraries it needs ({@code DT_NEEDED}, found among the mapped files by name or {@code SONAME})
 *       does. The second case is Debian's {@code openblas-pthread/libblas.so.3}: a thin front end whose
 *       {@code dgemm_} runs the kernels of {@code libopenblas.so.0} and which itself exports no {@code
 *       openblas_*} function.
 * </ol>
 *
 * <p>Reading the symbol table (a few hundred KB, with a small parser: {@link ElfFile}) is more robust than
 * the alternatives: file names say little ({@code libblas.so.3} is the name of both the reference BLAS and
 * OpenBLAS's front end), and searching the bytes for the text {@code openblas_get_config} would also match a
 * library that merely calls it. Anything that cannot be established (no {@code /proc}, the library not among
 * the mapped files, a file that is not ELF) makes the library {@link Kind#UNIDENTIFIED}. A library that
 * reaches OpenBLAS other than through {@code DT_NEEDED} (a wrapper that {@code dlopen}s its BLAS at run
 * time) is {@link Kind#NOT_OPENBLAS}; so is OpenBLAS built with a symbol suffix ({@code
 * openblas_get_config64_}, 64-bit integers), which netlib's 32-bit-integer calls could not use anyway. The
 * version in the description comes from the {@code "OpenBLAS 0.3.21 ..."} text that OpenBLAS compiles into
 * its {@code .rodata}; it is for logs only.
 *
 * @param kind what the library is
 * @param file the library file netlib loaded, if it was found
 * @param description for logs: the file, what it is, and how that was established
 */
record BlasLibrary(Kind kind, Optional<Path> file, String description) {

  /** What a library was found to be. */
  enum Kind {
    /** It, or a library it needs, exports {@code openblas_get_config}. */
    OPENBLAS,
    /** An ELF library that neither exports {@code openblas_get_config} nor needs one that does. */
    NOT_OPENBLAS,
    /** The library, or one it needs, could not be found or read. */
    UNIDENTIFIED
  }

  /** The function every OpenBLAS exports; it returns the build's configuration string. */
  static final String OPENBLAS_SYMBOL = "openblas_get_config";

  /** netlib's system properties for the library, and the name it loads by default. */
  static final String NATIVE_LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";

  static final String NATIVE_LIB = "dev.ludovic.netlib.blas.nativeLib";
  static final String DEFAULT_NATIVE_LIB = "libblas.so.3";

  private static final Pattern OPENBLAS_VERSION = Pattern.compile("OpenBLAS \\d+\\.\\d+(\\.\\d+)?(\\.dev)?");

  /** Symbols that name some other BLAS in the log message (never in the decision). */
  private static final Map<String, String> OTHER_BLAS =
      Map.of(
          "mkl_get_version_string", "Intel MKL",
          "bli_info_get_version_str", "BLIS");

  BlasLibrary {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(description, "description");
  }

  /** Whether the library is OpenBLAS. */
  boolean isOpenBlas() {
    return kind == Kind.OPENBLAS;
  }

  /**
   * The library netlib has loaded into this process, identified: reads netlib's properties and {@code
   * /proc/self/maps}. Call it after netlib has loaded its native code.
   */
  static BlasLibrary ofThisProcess() {
    Path maps = Path.of("/proc/self/maps");
    List<Path> mapped;
    try (Stream<String> lines = Files.lines(maps)) {
      mapped = mappedFiles(lines.toList());
    } catch (IOException | RuntimeException e) {
      return unidentified("the files mapped into this process cannot be read from " + maps + " (" + e + ")");
    }
    try {
      return identify(System.getProperty(NATIVE_LIB_PATH), System.getProperty(NATIVE_LIB), mapped);
    } catch (RuntimeException e) { // such as an invalid path in a property
      return unidentified("netlib's library cannot be identified (" + e + ")");
    }
  }

  /**
   * Identifies the library netlib loaded, given netlib's two properties (either may be null) and the files
   * mapped into the process.
   */
  static BlasLibrary identify(String nativeLibPath, String nativeLib, List<Path> mapped) {
    Libraries libraries = new Libraries(mapped);
    // netlib hands the path, or else the name, to dlopen, which searches the library path for a name
    // without a slash and opens anything else as a file.
    String requested =
        nativeLibPath != null && !nativeLibPath.isBlank()
            ? nativeLibPath.trim()
            : nativeLib != null && !nativeLib.isBlank() ? nativeLib.trim() : DEFAULT_NATIVE_LIB;
    Optional<Path> loaded = requested.contains("/") ? libraries.byPath(Path.of(requested)) : libraries.byName(requested);
    if (loaded.isEmpty()) {
      return unidentified(
          "netlib's library " + requested + " is not among the " + mapped.size() + " files mapped into this process");
    }
    return identify(loaded.get(), libraries);
  }

  /**
   * Identifies {@code file}, looking for the libraries it needs among {@code mapped} (the files mapped into
   * the process: the ones the dynamic linker really chose).
   */
  static BlasLibrary identify(Path file, List<Path> mapped) {
    return identify(file, new Libraries(mapped));
  }

  private static BlasLibrary identify(Path file, Libraries libraries) {
    ElfFile elf;
    try {
      elf = ElfFile.read(file);
      if (elf.defines(OPENBLAS_SYMBOL)) {
        return new BlasLibrary(
            Kind.OPENBLAS, Optional.of(file), version(elf) + " (" + file + ", which exports " + OPENBLAS_SYMBOL + ")");
      }
    } catch (IOException | RuntimeException e) {
      return new BlasLibrary(Kind.UNIDENTIFIED, Optional.of(file), file + ", which cannot be read as a library (" + e.getMessage() + ")");
    }
    List<String> unread = new ArrayList<>();
    for (String name : elf.needed()) {
      Optional<ElfFile> dependency = libraries.elfByName(name);
      if (dependency.isEmpty()) {
        unread.add(name);
        continue;
      }
      try {
        if (dependency.get().defines(OPENBLAS_SYMBOL)) {
          Path on = dependency.get().file();
          return new BlasLibrary(
              Kind.OPENBLAS,
              Optional.of(file),
              version(dependency.get()) + " (" + file + ", which needs " + on + ", which exports " + OPENBLAS_SYMBOL + ")");
        }
      } catch (IOException | RuntimeException e) {
        unread.add(name);
      }
    }
    if (!unread.isEmpty()) {
      // Not seen in a process that loaded the library: the dynamic linker maps every library it needs.
      return new BlasLibrary(
          Kind.UNIDENTIFIED,
          Optional.of(file),
          file + ", which does not export " + OPENBLAS_SYMBOL + " and needs libraries that were not found or not read: " + unread);
    }
    String what = otherBlas(elf).orElse("possibly the reference BLAS (Debian: libblas3), slower than nn4j's java backend");
    return new BlasLibrary(
        Kind.NOT_OPENBLAS,
        Optional.of(file),
        file
            + ", which is not OpenBLAS: neither it nor the libraries it needs "
            + elf.needed()
            + " export "
            + OPENBLAS_SYMBOL
            + "; "
            + what);
  }

  /**
   * The distinct files named in lines of {@code /proc/self/maps} whose name contains {@code .so}, in order
   * of appearance, without the {@code (deleted)} mark of a file removed since.
   */
  static List<Path> mappedFiles(List<String> mapsLines) {
    Set<Path> files = new LinkedHashSet<>();
    for (String line : mapsLines) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String path = line.substring(slash).trim();
      if (path.endsWith(" (deleted)")) {
        path = path.substring(0, path.length() - " (deleted)".length());
      }
      Path file = Path.of(path);
      if (file.getFileName() != null && file.getFileName().toString().contains(".so")) {
        files.add(file);
      }
    }
    return List.copyOf(files);
  }

  private static BlasLibrary unidentified(String why) {
    return new BlasLibrary(Kind.UNIDENTIFIED, Optional.empty(), why);
  }

  private static String version(ElfFile openBlas) {
    try {
      return openBlas.findInReadOnlyData(OPENBLAS_VERSION).orElse("OpenBLAS");
    } catch (IOException | RuntimeException e) {
      return "OpenBLAS";
    }
  }

  private static Optional<String> otherBlas(ElfFile elf) {
    try {
      for (Map.Entry<String, String> other : OTHER_BLAS.entrySet()) {
        if (elf.defines(other.getKey())) {
          return Optional.of(other.getValue());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Only for the message.
    }
    return Optional.empty();
  }

  /** The mapped files, looked up by path, file name or SONAME; each read at most once. */
  private static final class Libraries {
    private final List<Path> mapped;
    private final Map<Path, Optional<ElfFile>> read = new HashMap<>();

    Libraries(List<Path> mapped) {
      this.mapped = List.copyOf(mapped);
    }

    /** The mapped file that is {@code path} once links are resolved; else {@code path} itself if it exists. */
    Optional<Path> byPath(Path path) {
      Path real;
      try {
        real = path.toRealPath();
      } catch (IOException | RuntimeException e) {
        return mapped.contains(path) ? Optional.of(path) : Optional.empty();
      }
      return Optional.of(mapped.stream().filter(real::equals).findFirst().orElse(real));
    }

    /** The mapped file called {@code name}, else the first whose SONAME is {@code name}. */
    Optional<Path> byName(String name) {
      for (Path file : mapped) {
        if (file.getFileName().toString().equals(name)) {
          return Optional.of(file);
        }
      }
      for (Path file : mapped) {
        Optional<ElfFile> elf = elf(file);
        if (elf.isPresent() && elf.get().soname().filter(name::equals).isPresent()) {
          return Optional.of(file);
        }
      }
      return Optional.empty();
    }

    Optional<ElfFile> elfByName(String name) {
      return byName(name).flatMap(this::elf);
    }

    private Optional<ElfFile> elf(Path file) {
      return read.computeIfAbsent(
          file,
          f -> {
            try {
              return Optional.of(ElfFile.read(f));
            } catch (IOException | RuntimeException e) {
              return Optional.empty();
            }
          });
    }
  }
}
