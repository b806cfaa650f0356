package dev.nn4j.blas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of an ELF shared library that {@link BlasLibrary} needs, read from its section headers: the
 * {@code SONAME}, the {@code NEEDED} libraries, the dynamic symbols it defines (exports), and text in its
 * {@code .rodata}. 32- and 64-bit files of either byte order are read; nothing is mapped or loaded.
 *
 * <p>A file that is not ELF, is truncated, or whose headers point outside it throws {@link IOException}, so
 * that a caller can treat it as unidentified. Files stripped of their section headers (rare for shared
 * libraries: {@code strip} keeps them, only {@code sstrip} removes them) are treated the same way.
 */
final class ElfFile {
  private static final int SHT_STRTAB = 3;
  private static final int SHT_DYNAMIC = 6;
  private static final int SHT_DYNSYM = 11;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_SONAME = 14;
  private static final int SHN_UNDEF = 0;
  private static final int SHN_XINDEX = 0xffff;
  private static final int STB_GLOBAL = 1;
  private static final int STB_WEAK = 2;
  private static final int STB_GNU_UNIQUE = 10;

  /** No section read here is larger in a real BLAS (OpenBLAS: 370 KB of symbols); a guard against garbage. */
  private static final long MAX_SECTION = 256L << 20;

  /** How much of {@code .rodata} is searched for text. */
  private static final long MAX_TEXT = 16L << 20;

  private final Path file;
  private final boolean is64;
  private final ByteOrder order;
  private final long fileSize;
  private final List<Section> sections;
  private final Optional<String> soname;
  private final List<String> needed;
  private Set<String> defined;

  /** One section header: its name, type, where it is in the file, its string table and entry size. */
  private record Section(String name, int type, long offset, long size, int link, long entrySize) {}

  private ElfFile(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.fileSize = channel.size();
    ByteBuffer ident = read(channel, 0, 16, ByteOrder.LITTLE_ENDIAN);
    if (ident.getInt(0) != 0x464c457f) { // 0x7f 'E' 'L' 'F', read little-endian
      throw new IOException(file + " is not an ELF file");
    }
    is64 =
        switch (ident.get(4)) {
          case 1 -> false;
          case 2 -> true;
          default -> throw new IOException(file + ": unknown ELF class " + ident.get(4));
        };
    order =
        switch (ident.get(5)) {
          case 1 -> ByteOrder.LITTLE_ENDIAN;
          case 2 -> ByteOrder.BIG_ENDIAN;
          default -> throw new IOException(file + ": unknown ELF byte order " + ident.get(5));
        };
    ByteBuffer header = read(channel, 0, is64 ? 64 : 52, order);
    long sectionsAt = is64 ? header.getLong(0x28) : Integer.toUnsignedLong(header.getInt(0x20));
    int entrySize = Short.toUnsignedInt(header.getShort(is64 ? 0x3a : 0x2e));
    long count = Short.toUnsignedInt(header.getShort(is64 ? 0x3c : 0x30));
    int namesIndex = Short.toUnsignedInt(header.getShort(is64 ? 0x3e : 0x32));
    if (sectionsAt == 0) {
      throw new IOException(file + " has no section headers");
    }
    if (entrySize < (is64 ? 64 : 40)) {
      throw new IOException(file + ": section header entries of " + entrySize + " bytes");
    }
    if (count == 0 || namesIndex == SHN_XINDEX) {
      // More than 0xff00 sections: the real count and index are in section 0's size and link.
      ByteBuffer first = read(channel, sectionsAt, entrySize, order);
      count = count == 0 ? (is64 ? first.getLong(0x20) : Integer.toUnsignedLong(first.getInt(0x14))) : count;
      namesIndex = namesIndex == SHN_XINDEX ? first.getInt(is64 ? 0x28 : 0x18) : namesIndex;
    }
    ByteBuffer table = read(channel, sectionsAt, count * entrySize, order);
    List<Section> raw = new ArrayList<>();
    int[] nameOffsets = new int[(int) count];
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      nameOffsets[i] = table.getInt(at);
      int type = table.getInt(at + 4);
      long offset = is64 ? table.getLong(at + 0x18) : Integer.toUnsignedLong(table.getInt(at + 0x10));
      long size = is64 ? table.getLong(at + 0x20) : Integer.toUnsignedLong(table.getInt(at + 0x14));
      int link = table.getInt(is64 ? at + 0x28 : at + 0x18);
      long entry = is64 ? table.getLong(at + 0x38) : Integer.toUnsignedLong(table.getInt(at + 0x24));
      raw.add(new Section("", type, offset, size, link, entry));
    }
    ByteBuffer names =
        namesIndex > 0 && namesIndex < count && raw.get(namesIndex).type() == SHT_STRTAB
            ? contents(channel, raw.get(namesIndex))
            : null;
    List<Section> named = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Section s = raw.get(i);
      String name = names == null ? "" : string(names, nameOffsets[i]);
      named.add(new Section(name, s.type(), s.offset(), s.size(), s.link(), s.entrySize()));
    }
    sections = List.copyOf(named);

    String so = null;
    List<String> libraries = new ArrayList<>();
    for (Section dynamic : sections) {
      if (dynamic.type() != SHT_DYNAMIC) {
        continue;
      }
      ByteBuffer strings = contents(channel, linked(dynamic));
      ByteBuffer entries = contents(channel, dynamic);
      int step = is64 ? 16 : 8;
      for (int at = 0; at + step <= entries.limit(); at += step) {
        long tag = is64 ? entries.getLong(at) : entries.getInt(at);
        long value = is64 ? entries.getLong(at + 8) : Integer.toUnsignedLong(entries.getInt(at + 4));
        if (tag == DT_NULL) {
          break;
        } else if (tag == DT_NEEDED) {
          libraries.add(string(strings, value));
        } else if (tag == DT_SONAME) {
          so = string(strings, value);
        }
      }
    }
    soname = Optional.ofNullable(so);
    needed = List.copyOf(libraries);
  }

  /**
   * Reads the headers and the dynamic section of {@code file}.
   *
   * @throws IOException if it cannot be read or is not a well-formed ELF file
   */
  static ElfFile read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new ElfFile(file, channel);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException(file + " is not a well-formed ELF file (" + e + ")", e);
    }
  }

  /** The file read. */
  Path file() {
    return file;
  }

  /** {@code DT_SONAME}, the name the dynamic linker knows the library by ({@code libblas.so.3}). */
  Optional<String> soname() {
    return soname;
  }

  /** {@code DT_NEEDED}: the libraries it links against, by name, in order. */
  List<String> needed() {
    return needed;
  }

  /**
   * Whether the library defines and exports {@code symbol}: a global or weak entry of {@code .dynsym} that
   * is not undefined. A library that only calls {@code symbol} (an undefined entry) does not count.
   *
   * @throws IOException if the symbol table cannot be read
   */
  boolean defines(String symbol) throws IOException {
    return definedSymbols().contains(symbol);
  }

  /**
   * The first match of {@code pattern} in the text of {@code .rodata} (read as ISO-8859-1, its first 16 MB
   * at most), if any; for version strings compiled into the library.
   *
   * @throws IOException if the section cannot be read
   */
  Optional<String> findInReadOnlyData(Pattern pattern) throws IOException {
    for (Section s : sections) {
      if (s.name().equals(".rodata")) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          ByteBuffer data = read(channel, s.offset(), Math.min(s.size(), MAX_TEXT), order);
          byte[] bytes = new byte[data.remaining()];
          data.get(bytes);
          Matcher m = pattern.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
          if (m.find()) {
            return Optional.of(m.group());
          }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
          throw new IOException(file + ": malformed .rodata (" + e + ")", e);
        }
      }
    }
    return Optional.empty();
  }

  private synchronized Set<String> definedSymbols() throws IOException {
    if (defined == null) {
      Set<String> names = new HashSet<>();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        for (Section symbols : sections) {
          if (symbols.type() != SHT_DYNSYM) {
            continue;
          }
          int step = is64 ? 24 : 16;
          if (symbols.entrySize() != 0 && symbols.entrySize() != step) {
            throw new IOException(file + ": .dynsym entries of " + symbols.entrySize() + " bytes");
          }
          ByteBuffer strings = contents(channel, linked(symbols));
          ByteBuffer entries = contents(channel, symbols);
          for (int at = 0; at + step <= entries.limit(); at += step) {
            int name = entries.getInt(at);
            int info = Byte.toUnsignedInt(entries.get(is64 ? at + 4 : at + 12));
            int index = Short.toUnsignedInt(entries.getShort(is64 ? at + 6 : at + 14));
            int binding = info >>> 4;
            if (name != 0
                && index != SHN_UNDEF
                && (binding == STB_GLOBAL || binding == STB_WEAK || binding == STB_GNU_UNIQUE)) {
              names.add(string(strings, Integer.toUnsignedLong(name)));
            }
          }
        }
      } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
        throw new IOException(file + ": malformed .dynsym (" + e + ")", e);
      }
      defined = Collections.unmodifiableSet(names);
    }
    return defined;
  }

  private Section linked(Section s) throws IOException {
    if (s.link() <= 0 || s.link() >= sections.size() || sections.get(s.link()).type() != SHT_STRTAB) {
      throw new IOException(file + ": section " + s.name() + " links to no string table");
    }
    return sections.get(s.link());
  }

  private ByteBuffer contents(FileChannel channel, Section s) throws IOException {
    return read(channel, s.offset(), s.size(), order);
  }

  private ByteBuffer read(FileChannel channel, long offset, long size, ByteOrder byteOrder) throws IOException {
    if (offset < 0 || size < 0 || size > MAX_SECTION || offset > fileSize - size) {
      throw new IOException(file + ": " + size + " bytes at " + offset + " lie outside its " + fileSize);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size).order(byteOrder);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException(file + " ends early");
      }
    }
    return buffer.flip();
  }

  /** The NUL-terminated string at {@code offset} of a string table. */
  private String string(ByteBuffer table, long offset) throws IOException {
    if (offset < 0 || offset >= table.limit()) {
      throw new IOException(file + ": string at " + offset + " outside its table of " + table.limit());
    }
    int start = (int) offset;
    int end = start;
    while (end < table.limit() && table.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - start];
    table.get(start, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
