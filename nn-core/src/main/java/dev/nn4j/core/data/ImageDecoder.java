package dev.nn4j.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file through {@code javax.imageio} into {@code channels} planes of {@code height x
 * width} doubles, for {@link ImageFolderReader}: it checks the image's size in its header before decoding,
 * refuses an image the decoder warns about (a JPEG cut short decodes with a warning and grey blocks), reads
 * the samples from the raster (never through {@code getRGB}, which passes grayscale through a colour
 * conversion and changes its values), converts the channels and resizes ({@link Resampler}).
 */
final class ImageDecoder {
  /** Luminance weights of ITU-R BT.601, as Pillow's {@code convert("L")} and torchvision's Grayscale. */
  static final double RED_WEIGHT = 0.299;

  static final double GREEN_WEIGHT = 0.587;
  static final double BLUE_WEIGHT = 0.114;

  private final ImageFolderReader reader;
  private final int height;
  private final int width;
  /** The image whose size every other must have when the reader does not resize, or null. */
  private final Path sizeOf;

  ImageDecoder(ImageFolderReader reader, int height, int width, Path sizeOf) {
    this.reader = reader;
    this.height = height;
    this.width = width;
    this.sizeOf = sizeOf;
  }

  /** What is done with an open image reader. */
  private interface Action<T> {
    T apply(ImageReader imageReader, String format) throws IOException;
  }

  /**
   * The size of the image in {@code file}, {@code {height, width}}, from its header alone.
   *
   * @throws DataFormatException naming the file if it is not an image, is corrupt, or has more pixels than
   *     the limit
   */
  static int[] size(Path file, long maxImagePixels) throws IOException {
    return open(file, (imageReader, format) -> checkedSize(file, imageReader, format, maxImagePixels));
  }

  /**
   * Decodes {@code file} into {@code out[offset ..]}: {@code channels} planes of {@code height x width}
   * values, channel after channel, row after row.
   */
  void decode(Path file, double[] out, int offset) throws IOException {
    open(file, (imageReader, format) -> {
      int[] size = checkedSize(file, imageReader, format, reader.maxImagePixels());
      boolean resizing = reader.resize() && sizeOf == null;
      if (!resizing && (size[0] != height || size[1] != width)) {
        throw new DataFormatException(file + ": expected an image of " + height + " x " + width
            + " pixels (height x width), " + (sizeOf != null ? "the size of the first image, " + sizeOf
            + ", " : "") + "found one of " + size[0] + " x " + size[1] + "; "
            + (sizeOf != null ? "give the reader a size(height, width) to resize every image to"
                : "give the reader resize(true) to resize it"));
      }
      List<String> warnings = new ArrayList<>();
      imageReader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      BufferedImage image = imageReader.read(0);
      if (!warnings.isEmpty()) {
        throw new DataFormatException(file + ": the " + format + " image is corrupt or cut short: the decoder"
            + " warns '" + warnings.get(0) + "'");
      }
      Pixels pixels = new Pixels(file, image);
      if (!reader.convertChannels() && pixels.channelCount() != reader.channels()) {
        throw new DataFormatException(file + ": expected an image of " + reader.channels()
            + (reader.channels() == 1 ? " channel (grayscale)" : " channels (RGB)") + ", found one of "
            + pixels.channelCount() + " (" + pixels.kind() + "); give the reader convertChannels(true) to"
            + " convert it");
      }
      resample(pixels, size[0], size[1], out, offset);
      return null;
    });
  }

  /** The image's {@code {height, width}}, checked against {@code maxImagePixels}. */
  private static int[] checkedSize(Path file, ImageReader imageReader, String format, long maxImagePixels)
      throws IOException {
    int imageWidth = imageReader.getWidth(0);
    int imageHeight = imageReader.getHeight(0);
    if (imageWidth < 1 || imageHeight < 1 || (long) imageWidth * imageHeight > maxImagePixels) {
      throw new DataFormatException(file + ": the " + format + " header declares an image of " + imageHeight
          + " x " + imageWidth + " pixels (height x width); expected positive sizes and at most "
          + maxImagePixels + " pixels, the limit of ImageFolderReader.Builder.maxImagePixels");
    }
    return new int[] {imageHeight, imageWidth};
  }

  /**
   * Opens {@code file} with the ImageIO reader that recognizes its bytes (the content decides the format,
   * not the name) and applies {@code action}; what the decoder throws becomes a {@link
   * DataFormatException} naming the file.
   */
  private static <T> T open(Path file, Action<T> action) throws IOException {
    try (InputStream in = Streams.openRegularFile(file);
        ImageInputStream stream = new MemoryCacheImageInputStream(new BufferedInputStream(in))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        long bytes = Files.size(file);
        throw new DataFormatException(file + ": not an image: " + (bytes == 0 ? "the file is empty"
            : "no ImageIO decoder recognizes its " + bytes + " bytes") + "; expected a PNG or JPEG file, as"
            + " its name says");
      }
      ImageReader imageReader = readers.next();
      String format = imageReader.getOriginatingProvider() != null
          ? imageReader.getOriginatingProvider().getFormatNames()[0].toUpperCase(java.util.Locale.ROOT)
          : "image";
      try {
        imageReader.setInput(stream, true, true);
        return action.apply(imageReader, format);
      } catch (IIOException | EOFException | RuntimeException e) {
        // Decoders of hostile files throw IIOExceptions, EOFs and, in places, runtime exceptions
        // (an index out of bounds, a negative array size): all mean the file cannot be decoded.
        throw new DataFormatException(file + ": cannot decode this " + format + " image (" + describe(e)
            + "): the file is corrupt or cut short" + (format.equals("JPEG") ? ", or a kind of JPEG that"
            + " ImageIO does not decode (such as CMYK)" : ""), e);
      } finally {
        imageReader.dispose();
      }
    }
  }

  /** The messages of {@code e} and its causes, those without a message named by their class. */
  private static String describe(Throwable e) {
    StringBuilder detail = new StringBuilder();
    for (Throwable t = e; t != null && detail.length() < 300; t = t.getCause()) {
      String part = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      if (detail.indexOf(part) < 0) {
        detail.append(detail.length() == 0 ? "" : ": ").append(part);
      }
    }
    return detail.toString();
  }

  /**
   * Converts and resizes the image into {@code out}: each source row is read, converted to the target
   * channels and resized horizontally, then added, weighted, into every output row it contributes to, so
   * that no more than a few rows are held at once whatever the image's size.
   */
  private void resample(Pixels pixels, int imageHeight, int imageWidth, double[] out, int offset) {
    int channels = reader.channels();
    Resampler columns = new Resampler(imageWidth, width);
    Resampler rows = new Resampler(imageHeight, height);
    double[][] source = new double[pixels.gray ? 1 : 3][imageWidth];
    double[][] converted = channels == source.length ? source : new double[channels][imageWidth];
    double[][] resized = new double[channels][width];
    int plane = height * width;
    Arrays.fill(out, offset, offset + channels * plane, 0.0);
    int firstRow = 0;
    for (int y = 0; y < imageHeight; y++) {
      pixels.readRow(y, source);
      convert(source, converted);
      for (int c = 0; c < channels; c++) {
        columns.apply(converted[c], resized[c]);
      }
      while (firstRow < height && rows.end(firstRow) <= y) {
        firstRow++;
      }
      for (int o = firstRow; o < height && rows.first(o) <= y; o++) {
        double weight = rows.weight(o, y);
        for (int c = 0; c < channels; c++) {
          int at = offset + c * plane + o * width;
          for (int x = 0; x < width; x++) {
            out[at + x] += weight * resized[c][x];
          }
        }
      }
    }
    if (!reader.scale()) {
      for (int i = offset; i < offset + channels * plane; i++) {
        out[i] *= 255.0;
      }
    }
  }

  /** Gray to gray or RGB to RGB as it is; RGB to gray by luminance; gray to RGB in all three channels. */
  private static void convert(double[][] source, double[][] target) {
    if (source == target) {
      return;
    }
    if (target.length == 1) {
      double[] r = source[0];
      double[] g = source[1];
      double[] b = source[2];
      double[] gray = target[0];
      for (int x = 0; x < gray.length; x++) {
        gray[x] = RED_WEIGHT * r[x] + GREEN_WEIGHT * g[x] + BLUE_WEIGHT * b[x];
      }
    } else {
      for (double[] channel : target) {
        System.arraycopy(source[0], 0, channel, 0, channel.length);
      }
    }
  }

  /** The samples of a decoded image, read a row at a time as values in {@code [0, 1]}. */
  private static final class Pixels {
    private final Raster raster;
    private final IndexColorModel palette;
    /** Whether the image has one colour component (or a palette of grays) rather than three. */
    final boolean gray;

    private final boolean alpha;
    /** The largest value of each colour band's samples, {@code 2^bits - 1}. */
    private final double[] largest;

    private final int[] samples;

    Pixels(Path file, BufferedImage image) throws DataFormatException {
      this.raster = image.getRaster();
      ColorModel model = image.getColorModel();
      this.samples = new int[image.getWidth()];
      if (model instanceof IndexColorModel indexed) {
        this.palette = indexed;
        this.gray = isGrayPalette(indexed);
        this.alpha = indexed.hasAlpha();
        this.largest = new double[] {255.0};
        return;
      }
      this.palette = null;
      int components = model.getNumColorComponents();
      int type = model.getColorSpace().getType();
      int transfer = raster.getTransferType();
      boolean integers =
          transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT || transfer == DataBuffer.TYPE_INT;
      if (!integers
          || !((components == 1 && type == ColorSpace.TYPE_GRAY) || (components == 3 && type == ColorSpace.TYPE_RGB))) {
        throw new DataFormatException(file + ": an image of " + components + " colour components in colour"
            + " space type " + type + " with samples of data type " + transfer + "; expected a grayscale or"
            + " RGB image with integer samples");
      }
      this.gray = components == 1;
      this.alpha = model.hasAlpha();
      this.largest = new double[components];
      for (int band = 0; band < components; band++) {
        largest[band] = (double) ((1L << raster.getSampleModel().getSampleSize(band)) - 1);
      }
    }

    private static boolean isGrayPalette(IndexColorModel palette) {
      for (int i = 0; i < palette.getMapSize(); i++) {
        if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
          return false;
        }
      }
      return true;
    }

    /** The number of channels, alpha included: 1 (grayscale), 2, 3 (RGB) or 4. */
    int channelCount() {
      return (gray ? 1 : 3) + (alpha ? 1 : 0);
    }

    /** What the channels are, for messages. */
    String kind() {
      return (gray ? "grayscale" : "RGB") + (alpha ? " with alpha" : "") + (palette != null ? ", indexed" : "");
    }

    /** Reads row {@code y} into {@code out}: one array for gray, three for red, green and blue. */
    void readRow(int y, double[][] out) {
      int w = samples.length;
      if (palette != null) {
        raster.getSamples(0, y, w, 1, 0, samples);
        for (int x = 0; x < w; x++) {
          int index = samples[x];
          if (gray) {
            out[0][x] = palette.getRed(index) / 255.0;
          } else {
            out[0][x] = palette.getRed(index) / 255.0;
            out[1][x] = palette.getGreen(index) / 255.0;
            out[2][x] = palette.getBlue(index) / 255.0;
          }
        }
        return;
      }
      for (int band = 0; band < out.length; band++) {
        raster.getSamples(0, y, w, 1, band, samples);
        double max = largest[band];
        double[] values = out[band];
        for (int x = 0; x < w; x++) {
          // A 32-bit sample reads as a negative int; its unsigned value is meant.
          values[x] = (samples[x] & 0xffffffffL) / max;
        }
      }
    }
  }
}
