package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.blas.BlasLibrary.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link BlasLibrary} tells OpenBLAS from other libraries: on fabricated ELF files (any machine), on the
 * real files of Debian's OpenBLAS and reference BLAS when they are installed, and on this process.
 */
class BlasLibraryTest {
  @TempDir Path dir;

  // ---- Fabricated files ----

  @Test
  void aLibraryThatExportsOpenblasGetConfigIsOpenBlas() throws IOException {
    Path file =
        FakeElf.library()
            .soname("libopenblas.so.0")
            .defines("dgemm_", "openblas_get_config", "openblas_get_corename")
            .rodata("\0OpenBLAS 0.3.99 DYNAMIC_ARCH NO_AFFINITY\0")
            .writeTo(dir.resolve("libopenblas.so.0"));

    BlasLibrary library = BlasLibrary.identify(file, List.of());

    assertThat(library.kind()).isEqualTo(Kind.OPENBLAS);
    assertThat(library.file()).contains(file);
    assertThat(library.description()).startsWith("OpenBLAS 0.3.99 (").contains(file.toString());
  }

  @Test
  void readsBigEndian32BitFilesToo() throws IOException {
    Path openBlas =
        FakeElf.library().elf32BigEndian().defines("dgemm_", "openblas_get_config").writeTo(dir.resolve("a.so"));
    Path reference = FakeElf.library().elf32BigEndian().defines("dgemm_").writeTo(dir.resolve("b.so"));

    assertThat(BlasLibrary.identify(openBlas, List.of()).kind()).isEqualTo(Kind.OPENBLAS);
    assertThat(BlasLibrary.identify(reference, List.of()).kind()).isEqualTo(Kind.NOT_OPENBLAS);
    assertThat(ElfFile.read(openBlas).soname()).isEmpty();
  }

  @Test
  void aLibraryWithoutTheSymbolIsNotOpenBlas() throws IOException {
    Path file =
        FakeElf.library()
            .soname("libblas.so.3")
            .needs("libc.so.6")
            .defines("dgemm_", "sgemm_", "xerbla_")
            .writeTo(dir.resolve("libblas.so.3.11.0"));
    Path libc = FakeElf.library().soname("libc.so.6").defines("malloc").writeTo(dir.resolve("libc.so.6"));

    BlasLibrary library = BlasLibrary.identify(file, List.of(libc));

    assertThat(library.kind()).isEqualTo(Kind.NOT_OPENBLAS);
    assertThat(library.isOpenBlas()).isFalse();
    assertThat(library.description())
        .contains(file.toString(), "is not OpenBLAS", "openblas_get_config", "libc.so.6", "reference BLAS");
  }

  @Test
  void callingOrMentioningTheFunctionIsNotExportingIt() throws IOException {
    // A library that calls openblas_get_config (an undefined symbol), with the name in its text as well:
    // a search of the bytes would take it for OpenBLAS.
    Path file =
        FakeElf.library()
            .defines("dgemm_")
            .calls("openblas_get_config")
            .rodata("openblas_get_config OpenBLAS 0.3.21")
            .writeTo(dir.resolve("libwrapper.so"));
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).contains("openblas_get_config");

    assertThat(BlasLibrary.identify(file, List.of()).kind()).isEqualTo(Kind.NOT_OPENBLAS);
  }

  @Test
  void aFrontEndIsOpenBlasWhenALibraryItNeedsIs() throws IOException {
    // Debian's openblas-pthread/libblas.so.3: dgemm_ of its own, kernels in libopenblas.so.0, which the
    // dynamic linker found as a file of another name.
    Path frontEnd =
        FakeElf.library()
            .soname("libblas.so.3")
            .needs("libopenblas.so.0", "libc.so.6")
            .defines("dgemm_")
            .calls("gotoblas")
            .writeTo(dir.resolve("libblas.so.3"));
    Path openBlas =
        FakeElf.library()
            .soname("libopenblas.so.0")
            .defines("openblas_get_config", "gotoblas")
            .rodata("OpenBLAS 0.3.7")
            .writeTo(dir.resolve("libopenblasp-r0.3.7.so"));
    Path libc = FakeElf.library().soname("libc.so.6").writeTo(dir.resolve("libc-2.31.so"));

    BlasLibrary library = BlasLibrary.identify(frontEnd, List.of(frontEnd, libc, openBlas));

    assertThat(library.kind()).isEqualTo(Kind.OPENBLAS);
    assertThat(library.file()).contains(frontEnd);
    assertThat(library.description()).startsWith("OpenBLAS 0.3.7 (").contains(frontEnd.toString(), openBlas.toString());
    // Where the library it needs is not mapped, nothing can be said.
    assertThat(BlasLibrary.identify(frontEnd, List.of(libc)).kind()).isEqualTo(Kind.UNIDENTIFIED);
  }

  @Test
  void filesThatAreNotLibrariesAreUnidentified() throws IOException {
    Path empty = Files.write(dir.resolve("empty.so"), new byte[0]);
    Path text = Files.writeString(dir.resolve("libblas.so.3"), "INPUT(openblas_get_config)\n");
    byte[] whole = FakeElf.library().defines("openblas_get_config").bytes();
    Path truncated = Files.write(dir.resolve("truncated.so"), Arrays.copyOf(whole, whole.length / 2));
    byte[] corrupt = whole.clone();
    corrupt[0x3c] = (byte) 0xff; // 255 section headers, past the end of the file
    Path corrupted = Files.write(dir.resolve("corrupt.so"), corrupt);
    Path missing = dir.resolve("missing.so");

    for (Path file : List.of(empty, text, truncated, corrupted, missing)) {
      BlasLibrary library = BlasLibrary.identify(file, List.of());
      assertThat(library.kind()).as(file.toString()).isEqualTo(Kind.UNIDENTIFIED);
      assertThat(library.description()).as(file.toString()).contains(file.toString());
    }
  }

  @Test
  void findsTheLibraryNetlibLoadedAmongTheMappedFiles() throws IOException {
    Path reference =
        FakeElf.library().soname("libblas.so.3").defines("dgemm_").writeTo(dir.resolve("libblas.so.3.11.0"));
    Path openBlas =
        FakeElf.library()
            .soname("libopenblas.so.0")
            .defines("dgemm_", "openblas_get_config")
            .writeTo(dir.resolve("libopenblasp-r0.3.21.so"));
    Path link = Files.createSymbolicLink(dir.resolve("libblas.so"), reference.getFileName());

    // libblas.so.3 (netlib's default): the file of that SONAME.
    assertThat(BlasLibrary.identify(null, null, List.of(reference)).file()).contains(reference);
    assertThat(BlasLibrary.identify(null, null, List.of(reference)).kind()).isEqualTo(Kind.NOT_OPENBLAS);
    // -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0
    assertThat(BlasLibrary.identify(null, "libopenblas.so.0", List.of(reference, openBlas)).file()).contains(openBlas);
    assertThat(BlasLibrary.identify(null, "libopenblas.so.0", List.of(reference, openBlas)).kind())
        .isEqualTo(Kind.OPENBLAS);
    // -Ddev.ludovic.netlib.blas.nativeLibPath=.../libblas.so, a link: the real file; the path wins over the name.
    assertThat(BlasLibrary.identify(link.toString(), "libopenblas.so.0", List.of(reference, openBlas)).file())
        .contains(reference.toRealPath());
    // The library is not among the mapped files.
    BlasLibrary notMapped = BlasLibrary.identify(null, null, List.of(openBlas));
    assertThat(notMapped.kind()).isEqualTo(Kind.UNIDENTIFIED);
    assertThat(notMapped.file()).isEmpty();
    assertThat(notMapped.description()).contains("libblas.so.3", "not among");
  }

  @Test
  void readsTheMappedFilesFromProcSelfMaps() {
    List<String> lines =
        List.of(
            "55d0c5a00000-55d0c5a01000 r--p 00000000 08:01 1234  /usr/lib/jvm/java-17/bin/java",
            "7f0000000000-7f0000001000 r-xp 00000000 08:01 42    /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f0000001000-7f0000002000 r--p 00001000 08:01 42    /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f0000002000-7f0000003000 r-xp 00000000 08:01 43    /tmp/libnetlibblasjni.so123 (deleted)",
            "7f0000003000-7f0000004000 r-xp 00000000 08:01 44    /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0",
            "7f0000004000-7f0000005000 rw-p 00000000 00:00 0     [heap]",
            "7ffd00000000-7ffd00001000 r-xp 00000000 00:00 0     [vdso]",
            "7f0000006000-7f0000007000 r--s 00000000 08:01 45    /usr/lib/jvm/java-17/lib/modules");

    assertThat(BlasLibrary.mappedFiles(lines))
        .containsExactly(
            Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"),
            Path.of("/tmp/libnetlibblasjni.so123"),
            Path.of("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"));
  }

  // ---- The real libraries, where installed ----

  @Test
  void debiansOpenBlasIsOpenBlas() throws IOException {
    Optional<Path> openBlas = SystemBlas.openBlasCore();
    Optional<Path> frontEnd = SystemBlas.openBlasFrontEnd();
    assumeTrue(openBlas.isPresent() && frontEnd.isPresent(), "Debian's OpenBLAS (libopenblas0-pthread) is not installed");

    BlasLibrary core = BlasLibrary.identify(openBlas.get(), List.of());
    assertThat(core.kind()).as(core.description()).isEqualTo(Kind.OPENBLAS);
    assertThat(core.description()).matches("OpenBLAS \\d+\\.\\d+.*");
    // The front end exports no openblas_* function of its own: what it needs decides.
    assertThat(ElfFile.read(frontEnd.get()).defines(BlasLibrary.OPENBLAS_SYMBOL)).isFalse();
    assertThat(ElfFile.read(frontEnd.get()).needed()).contains("libopenblas.so.0");
    BlasLibrary library = BlasLibrary.identify(frontEnd.get(), List.of(frontEnd.get(), openBlas.get()));
    assertThat(library.kind()).as(library.description()).isEqualTo(Kind.OPENBLAS);
  }

  @Test
  void debiansReferenceBlasIsNotOpenBlas() throws IOException {
    Optional<Path> reference = SystemBlas.reference();
    assumeTrue(reference.isPresent(), "Debian's reference BLAS is not installed (apt-get install libblas3)");

    Path file = reference.get().toRealPath();
    BlasLibrary library = BlasLibrary.identify(file, List.of(SystemBlas.libc()));
    assertThat(library.kind()).as(library.description()).isEqualTo(Kind.NOT_OPENBLAS);
    assertThat(library.description()).contains(file.toString(), "is not OpenBLAS");
    // As netlib would load it, by name, from the mapped files of a process.
    assertThat(BlasLibrary.identify(null, null, List.of(SystemBlas.libc(), file)).kind()).isEqualTo(Kind.NOT_OPENBLAS);
    assertThat(BlasLibrary.identify(reference.get().toString(), null, List.of(SystemBlas.libc(), file)).file())
        .contains(file);
  }

  @Test
  void identifiesTheLibraryOfThisProcess() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "no /proc/self/maps here");
    new OpenBlasProvider().create(); // makes netlib load its library, if it has not yet

    BlasLibrary library = BlasLibrary.ofThisProcess();

    if (OpenBlasProvider.status().startsWith("unavailable")) {
      assertThat(library.kind()).isEqualTo(Kind.UNIDENTIFIED);
    } else {
      assertThat(library.file()).as(library.description()).isPresent();
      assertThat(OpenBlasProvider.status()).contains(library.description());
    }
  }
}
