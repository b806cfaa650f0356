package dev.nn4j.bench;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of the IDX files of MNIST and Fashion-MNIST (gzip-compressed when the name ends in
 * {@code .gz}): a big-endian header, magic {@code 0x0000080D} with {@code D} dimensions ({@code 0x08}: unsigned
 * bytes), each dimension as a 4-byte integer, then the bytes. A stand-in until nn-core has its own.
 */
final class Idx {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private Idx() {}

  /** Images as rows of pixels scaled to [0, 1]: {@code [count, rows · cols]}. */
  static Matrix readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      checkArgument(magic == IMAGES_MAGIC, "Expected IDX images (magic 0x%s) in %s, got magic 0x%s",
          Integer.toHexString(IMAGES_MAGIC), file, Integer.toHexString(magic));
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      checkArgument(count >= 0 && rows > 0 && cols > 0, "Bad IDX image dimensions %s x %s x %s in %s", count, rows, cols, file);
      int width = Math.multiplyExact(rows, cols);
      byte[] pixels = new byte[Math.multiplyExact(count, width)];
      in.readFully(pixels);
      Matrix images = new Matrix(count, width);
      double[] data = images.data();
      for (int i = 0; i < pixels.length; i++) {
        data[i] = (pixels[i] & 0xFF) / 255.0;
      }
      return images;
    }
  }

  /** Labels, one unsigned byte each. */
  static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      checkArgument(magic == LABELS_MAGIC, "Expected IDX labels (magic 0x%s) in %s, got magic 0x%s",
          Integer.toHexString(LABELS_MAGIC), file, Integer.toHexString(magic));
      int count = in.readInt();
      checkArgument(count >= 0, "Bad IDX label count %s in %s", count, file);
      byte[] bytes = new byte[count];
      in.readFully(bytes);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xFF;
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }
}
