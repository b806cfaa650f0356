package dev.nn4j.blas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small fabricated ELF shared libraries (only the parts {@link ElfFile} reads: section headers,
 * {@code .dynstr}, {@code .dynsym}, {@code .dynamic}, {@code .rodata}), so that identification is tested on
 * files with known contents, in both classes and byte orders, on any machine.
 */
final class FakeElf {
  private boolean is64 = true;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  private String soname;
  private final List<String> needed = new ArrayList<>();
  private final List<String> defined = new ArrayList<>();
  private final List<String> undefined = new ArrayList<>();
  private String rodata = "";

  static FakeElf library() {
    return new FakeElf();
  }

  FakeElf elf32BigEndian() {
    is64 = false;
    order = ByteOrder.BIG_ENDIAN;
    return this;
  }

  FakeElf soname(String name) {
    soname = name;
    return this;
  }

  FakeElf needs(String... names) {
    needed.addAll(List.of(names));
    return this;
  }

  /** Global function symbols the library defines (exports). */
  FakeElf defines(String... names) {
    defined.addAll(List.of(names));
    return this;
  }

  /** Symbols the library calls but does not define (undefined entries of {@code .dynsym}). */
  FakeElf calls(String... names) {
    undefined.addAll(List.of(names));
    return this;
  }

  FakeElf rodata(String text) {
    rodata = text;
    return this;
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, bytes());
    return file;
  }

  byte[] bytes() {
    // .dynstr: every name, each followed by NUL, after the empty string at 0.
    ByteArrayOutputStream dynstr = new ByteArrayOutputStream();
    dynstr.write(0);
    int sonameAt = soname == null ? -1 : add(dynstr, soname);
    List<Integer> neededAt = new ArrayList<>();
    needed.forEach(n -> neededAt.add(add(dynstr, n)));
    List<int[]> symbols = new ArrayList<>(); // {name offset, defined ? 1 : 0}
    defined.forEach(n -> symbols.add(new int[] {add(dynstr, n), 1}));
    undefined.forEach(n -> symbols.add(new int[] {add(dynstr, n), 0}));

    int symSize = is64 ? 24 : 16;
    ByteBuffer dynsym = buffer(symSize * (symbols.size() + 1)); // entry 0 is the null symbol
    for (int i = 0; i < symbols.size(); i++) {
      int at = (i + 1) * symSize;
      int info = (1 << 4) | 2; // STB_GLOBAL, STT_FUNC
      int section = symbols.get(i)[1] == 1 ? 7 : 0; // some section, or SHN_UNDEF
      dynsym.putInt(at, symbols.get(i)[0]);
      if (is64) {
        dynsym.put(at + 4, (byte) info).put(at + 5, (byte) 0).putShort(at + 6, (short) section);
        dynsym.putLong(at + 8, symbols.get(i)[1] == 1 ? 0x1000 + i * 16L : 0);
      } else {
        dynsym.putInt(at + 4, symbols.get(i)[1] == 1 ? 0x1000 + i * 16 : 0);
        dynsym.put(at + 12, (byte) info).put(at + 13, (byte) 0).putShort(at + 14, (short) section);
      }
    }

    List<long[]> entries = new ArrayList<>();
    neededAt.forEach(n -> entries.add(new long[] {1, n}));
    if (sonameAt >= 0) {
      entries.add(new long[] {14, sonameAt});
    }
    entries.add(new long[] {0, 0});
    int dynSize = is64 ? 16 : 8;
    ByteBuffer dynamic = buffer(dynSize * entries.size());
    for (int i = 0; i < entries.size(); i++) {
      if (is64) {
        dynamic.putLong(i * dynSize, entries.get(i)[0]).putLong(i * dynSize + 8, entries.get(i)[1]);
      } else {
        dynamic.putInt(i * dynSize, (int) entries.get(i)[0]).putInt(i * dynSize + 4, (int) entries.get(i)[1]);
      }
    }

    ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
    shstrtab.write(0);
    int[] names = {
      0, add(shstrtab, ".dynstr"), add(shstrtab, ".dynsym"), add(shstrtab, ".dynamic"), add(shstrtab, ".rodata"),
      add(shstrtab, ".shstrtab")
    };
    byte[][] contents = {
      new byte[0],
      dynstr.toByteArray(),
      dynsym.array(),
      dynamic.array(),
      rodata.getBytes(StandardCharsets.ISO_8859_1),
      shstrtab.toByteArray()
    };
    int[] types = {0, 3, 11, 6, 1, 3};
    int[] links = {0, 0, 1, 1, 0, 0};
    int[] entrySizes = {0, 0, symSize, dynSize, 0, 0};

    int headerSize = is64 ? 64 : 52;
    long[] offsets = new long[contents.length];
    long at = headerSize;
    for (int i = 1; i < contents.length; i++) {
      at = (at + 7) & ~7L;
      offsets[i] = at;
      at += contents[i].length;
    }
    long sectionsAt = (at + 7) & ~7L;
    int shentsize = is64 ? 64 : 40;
    ByteBuffer file = buffer((int) (sectionsAt + (long) shentsize * contents.length));
    file.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
    file.put(4, (byte) (is64 ? 2 : 1)).put(5, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2)).put(6, (byte) 1);
    file.putShort(16, (short) 3); // ET_DYN
    file.putShort(18, (short) (is64 ? 62 : 3)); // x86-64 or i386: not checked by the reader
    file.putInt(20, 1);
    if (is64) {
      file.putLong(0x28, sectionsAt).putShort(0x34, (short) headerSize).putShort(0x3a, (short) shentsize);
      file.putShort(0x3c, (short) contents.length).putShort(0x3e, (short) 5);
    } else {
      file.putInt(0x20, (int) sectionsAt).putShort(0x28, (short) headerSize).putShort(0x2e, (short) shentsize);
      file.putShort(0x30, (short) contents.length).putShort(0x32, (short) 5);
    }
    for (int i = 1; i < contents.length; i++) {
      file.put((int) offsets[i], contents[i]);
      int h = (int) (sectionsAt + (long) i * shentsize);
      file.putInt(h, names[i]).putInt(h + 4, types[i]);
      if (is64) {
        file.putLong(h + 0x18, offsets[i]).putLong(h + 0x20, contents[i].length);
        file.putInt(h + 0x28, links[i]).putLong(h + 0x38, entrySizes[i]);
      } else {
        file.putInt(h + 0x10, (int) offsets[i]).putInt(h + 0x14, contents[i].length);
        file.putInt(h + 0x18, links[i]).putInt(h + 0x24, entrySizes[i]);
      }
    }
    return file.array();
  }

  private ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(order);
  }

  private static int add(ByteArrayOutputStream table, String name) {
    int at = table.size();
    table.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
    table.write(0);
    return at;
  }
}
