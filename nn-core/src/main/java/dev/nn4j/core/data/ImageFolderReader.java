package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder of images, one subfolder per class, into a {@link DataSet} of shape {@code [channels,
 * height, width]}, as torchvision's {@code ImageFolder} with a {@code Resize} does:
 *
 * <pre>{@code
 * // flowers/daisy/001.jpg, flowers/daisy/002.jpg, ..., flowers/rose/001.png, ...
 * DataSet flowers = ImageFolderReader.builder().size(64, 64).channels(3).build().read(Path.of("flowers"));
 * flowers.sampleShape();   // [3, 64, 64]
 * flowers.classNames();    // [daisy, rose, ...]: the subfolders, sorted by name
 * }</pre>
 *
 * <p><b>Layout.</b> Each subfolder of the folder read is a class, named after it; the classes are sorted
 * by name ({@link String#compareTo}) and numbered in that order, so class {@code k} is label column {@code
 * k}. The images of a class are the files in its subfolder whose names end in {@code .png}, {@code .jpg}
 * or {@code .jpeg}, in any case; they are read in the order of their names, class after class. Anything
 * else is <b>ignored</b> (with a warning in the log naming a few): files of other names (a {@code
 * README}, {@code Thumbs.db}), folders within a class folder (they are not searched), files directly in
 * the folder read, and every file or folder whose name starts with {@code '.'} (such as {@code
 * .DS_Store}, the {@code ._photo.jpg} files macOS leaves on shared drives, which are not images, and
 * Jupyter's {@code .ipynb_checkpoints}). Symbolic links are followed.
 *
 * <p><b>Decoding.</b> Images are decoded by {@code javax.imageio}, whose decoder is chosen by the file's
 * content, not its name (so a PNG named {@code .jpg} reads); PNG (1 to 16 bits, grayscale, RGB, palette,
 * with or without alpha) and baseline and progressive JPEG (grayscale, RGB) are read. Samples are scaled
 * to {@code [0, 1]} by their largest value ({@code 255} for 8 bits), or kept in {@code [0, 255]} with
 * {@link Builder#scale(boolean) scale(false)}. Alpha is dropped (not composited), as Pillow's {@code
 * convert("RGB")} does. Colours are taken as stored, without colour management.
 *
 * <p><b>Channels.</b> With {@link Builder#channels(int) channels(1)} an RGB image becomes grayscale by
 * luminance, {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, as Pillow's {@code convert("L")} and
 * torchvision's {@code Grayscale}); with {@code channels(3)} (the default) a grayscale image is copied into
 * the three channels. A palette image counts as grayscale when every colour of its palette is a gray. With
 * {@link Builder#convertChannels(boolean) convertChannels(false)} an image of another channel count
 * (alpha counted) is refused instead.
 *
 * <p><b>Size.</b> With {@link Builder#size(int, int) size(height, width)}, every image is resized to it by
 * bilinear interpolation with antialiasing, the method of Pillow's {@code resize(size, BILINEAR)} and of
 * torchvision's {@code Resize}: each output pixel is the mean of the input pixels under it weighted by a
 * triangle as wide as an output pixel (at least as wide as an input pixel), computed in doubles. It is
 * deterministic: the same file gives the same values on every machine. An image of that size already is
 * taken as it is. The aspect ratio is not kept. With {@link Builder#resize(boolean) resize(false)}, an
 * image of another size is refused instead; without a size, nothing is resized and every image must have
 * the size of the first.
 *
 * <p><b>Untrusted input.</b> A read gives the whole data set or throws: nothing half-loaded is returned.
 * Everything that can be checked before decoding is: the folder is listed first (no class folder, or a
 * class folder without images, is refused naming it), then the size of the data set is checked against
 * {@link Builder#maxBytes(long)} before the matrix is allocated, then each image's size is read from its
 * header and checked against {@link Builder#maxImagePixels(long)} before it is decoded. Each bad file is
 * refused with a {@link DataFormatException} naming it and saying what was expected and found: a file
 * that is not an image, one that cannot be decoded (corrupt, cut short, a CMYK JPEG), one the decoder
 * warns about (a JPEG that ends early decodes with a warning and gray blocks: it is refused), or an image
 * of the wrong size or channel count when the reader does not convert. A folder that is missing or not a
 * folder is refused with an {@link IOException} naming it.
 *
 * <p>Immutable and thread-safe; configure it once with {@link #builder()}, read as many folders as you
 * like.
 */
public final class ImageFolderReader {
  private static final Logger log = LoggerFactory.getLogger(ImageFolderReader.class);

  /** The file name endings of images, compared in lower case. */
  public static final List<String> EXTENSIONS = ImmutableList.of(".png", ".jpg", ".jpeg");

  /**
   * The most pixels an image may have by default, checked in its header before it is decoded: 2^25
   * (about 33.5 million, such as 8192 x 4096), which decode into at most 128 MB as 4-byte pixels.
   */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 1L << 25;

  /** The most elements a Java array, and so a {@link Matrix}, can hold on common JVMs. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** How many ignored names a warning lists. */
  private static final int NAMES_LOGGED = 5;

  private final int height;
  private final int width;
  private final int channels;
  private final boolean resize;
  private final boolean convertChannels;
  private final boolean scale;
  private final long maxBytes;
  private final long maxImagePixels;

  private ImageFolderReader(Builder b) {
    this.height = b.height;
    this.width = b.width;
    this.channels = b.channels;
    this.resize = b.resize;
    this.convertChannels = b.convertChannels;
    this.scale = b.scale;
    this.maxBytes = b.maxBytes > 0 ? b.maxBytes : defaultMaxBytes();
    this.maxImagePixels = b.maxImagePixels;
  }

  /**
   * A builder with the defaults: no resizing (every image the size of the first), 3 channels (RGB),
   * channels converted, values scaled to {@code [0, 1]}, a data set of up to {@link #defaultMaxBytes()}
   * bytes, images of up to {@link #DEFAULT_MAX_IMAGE_PIXELS} pixels.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default of {@link Builder#maxBytes(long)}: a quarter of the maximum heap ({@link
   * Runtime#maxMemory()}, set with {@code -Xmx}), which leaves room for the image being decoded and for the
   * copies that shuffling and splitting make.
   *
   * @return the default limit, in bytes
   */
  public static long defaultMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * Reads the images under {@code folder}, one subfolder per class: features {@code n x (channels *
   * height * width)}, each row an image channel after channel, row after row, with the sample shape {@code
   * [channels, height, width]}; labels one-hot, one column per class; the class names, sorted.
   *
   * @param folder the folder holding one subfolder per class
   * @return the images, their one-hot classes and the class names
   * @throws DataFormatException naming the folder or file if there is no class folder, a class folder holds
   *     no image, a file is not an image or cannot be decoded, an image is beyond {@link #maxImagePixels()}
   *     or of the wrong size or channel count (when not converted), or the data set would take more than
   *     {@link #maxBytes()}
   * @throws IOException if the folder is missing or not a folder, or a file cannot be read
   */
  public DataSet read(Path folder) throws IOException {
    checkNotNull(folder, "folder");
    List<String> classNames = new ArrayList<>();
    List<List<Path>> images = new ArrayList<>();
    listClasses(folder, classNames, images);
    long total = 0;
    for (List<Path> files : images) {
      total += files.size();
    }
    if (total > MAX_VALUES) {
      throw new DataFormatException(folder + ": " + total + " images are more than a data set holds");
    }
    int n = (int) total;
    int[] classes = new int[n];
    for (int k = 0, i = 0; k < images.size(); k++) {
      for (int j = 0; j < images.get(k).size(); j++) {
        classes[i++] = k;
      }
    }
    Path first = images.get(0).get(0);
    int[] size = height > 0 ? new int[] {height, width} : ImageDecoder.size(first, maxImagePixels);
    int imageValues = checkSize(folder, n, size, classNames.size());
    double[] values = new double[n * imageValues];
    ImageDecoder decoder = new ImageDecoder(this, size[0], size[1], height > 0 ? null : first);
    int i = 0;
    for (List<Path> files : images) {
      for (Path file : files) {
        decoder.decode(file, values, i * imageValues);
        i++;
      }
    }
    log.debug("Read {} images of {} classes from {} as [{}, {}, {}]", n, classNames.size(), folder, channels,
        size[0], size[1]);
    return DataSet.wrap(
            Matrix.wrap(n, imageValues, values), OneHot.encode(classes, classNames.size()), classNames)
        .withSampleShape(channels, size[0], size[1]);
  }

  /**
   * Lists the class folders of {@code folder}, sorted, and the images of each, sorted; refuses a folder
   * without class folders and a class folder without images.
   */
  private static void listClasses(Path folder, List<String> classNames, List<List<Path>> images)
      throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(folder, BasicFileAttributes.class);
    if (!attributes.isDirectory()) {
      throw new IOException(folder + ": not a folder; expected a folder holding one subfolder per class");
    }
    List<Path> classFolders = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(entry)) {
          classFolders.add(entry);
        } else {
          ignored.add(name);
        }
      }
    }
    if (classFolders.isEmpty()) {
      throw new DataFormatException(folder + ": no class folders: expected one subfolder per class, each"
          + " holding the images of that class, found " + (ignored.isEmpty() ? "nothing"
          : "no subfolder, only " + count(ignored.size(), "file") + ": " + firstNames(ignored)));
    }
    warnIgnored(folder, ignored, "files beside the class folders");
    classFolders.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path classFolder : classFolders) {
      classNames.add(classFolder.getFileName().toString());
      images.add(listImages(classFolder));
    }
  }

  /** The images of a class folder, sorted by name; refuses a folder without any. */
  private static List<Path> listImages(Path classFolder) throws IOException {
    List<Path> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(classFolder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (isImageName(name) && !Files.isDirectory(entry)) {
          files.add(entry);
        } else {
          ignored.add(name);
        }
      }
    }
    if (files.isEmpty()) {
      throw new DataFormatException(classFolder + ": the class folder '" + classFolder.getFileName()
          + "' holds no images: expected at least one file named *.png, *.jpg or *.jpeg, found "
          + (ignored.isEmpty() ? "nothing" : count(ignored.size(), "other entry") + ": "
          + firstNames(ignored)));
    }
    warnIgnored(classFolder, ignored, "entries that are not *.png, *.jpg or *.jpeg files");
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return files;
  }

  private static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String extension : EXTENSIONS) {
      if (lower.endsWith(extension) && lower.length() > extension.length()) {
        return true;
      }
    }
    return false;
  }

  private static void warnIgnored(Path folder, List<String> ignored, String what) {
    if (!ignored.isEmpty()) {
      log.warn("Ignoring {} {} in {}: {}", ignored.size(), what, folder, firstNames(ignored));
    }
  }

  /** The first few names in name order, as {@code [a, b, ...]}. */
  private static String firstNames(List<String> names) {
    List<String> first = names.stream().sorted().limit(NAMES_LOGGED).toList();
    String listed = String.join(", ", first);
    return "[" + listed + (names.size() > first.size() ? ", ...]" : "]");
  }

  /** {@code "1 file"}, {@code "2 files"}; {@code "1 other entry"}, {@code "2 other entries"}. */
  private static String count(int n, String noun) {
    if (n == 1) {
      return "1 " + noun;
    }
    return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
  }

  /**
   * Checks that {@code n} images of {@code size} and their one-hot labels fit {@link #maxBytes} and a
   * matrix, before anything is allocated; returns the values of one image.
   */
  private int checkSize(Path folder, int n, int[] size, int classCount) throws DataFormatException {
    long imageValues = (long) channels * size[0] * size[1];
    String images = n + " images of " + channels + " x " + size[0] + " x " + size[1]
        + " (channels x height x width)";
    if (imageValues * n > MAX_VALUES) {
      throw new DataFormatException(folder + ": " + images + " are " + imageValues * n + " values, more"
          + " than one matrix holds (" + MAX_VALUES + "); read smaller images or fewer of them");
    }
    long perImage = imageValues + classCount;
    long bytes = n > Long.MAX_VALUE / 8 / perImage ? Long.MAX_VALUE : 8L * n * perImage;
    if (bytes > maxBytes) {
      throw new DataFormatException(folder + ": " + images + " and their one-hot labels in " + classCount
          + " classes take " + bytes + " bytes as doubles, more than the limit of " + maxBytes + " bytes;"
          + " raise it with ImageFolderReader.Builder.maxBytes (by default a quarter of the maximum heap)"
          + " and give the JVM the heap (-Xmx), or read smaller images or fewer of them");
    }
    return (int) imageValues;
  }

  /**
   * The height images are resized to, or 0 when they are not resized (each must have the first's size).
   *
   * @return the target height in pixels, or 0
   */
  public int height() {
    return height;
  }

  /**
   * The width images are resized to, or 0 when they are not resized.
   *
   * @return the target width in pixels, or 0
   */
  public int width() {
    return width;
  }

  /**
   * The channels of each sample: 1 (grayscale) or 3 (RGB).
   *
   * @return the channel count
   */
  public int channels() {
    return channels;
  }

  /**
   * Whether images of another size than {@link #height()} x {@link #width()} are resized (true) or
   * refused (false).
   *
   * @return whether images are resized
   */
  public boolean resize() {
    return resize;
  }

  /**
   * Whether images of another channel count are converted (true) or refused (false).
   *
   * @return whether channels are converted
   */
  public boolean convertChannels() {
    return convertChannels;
  }

  /**
   * Whether values are scaled to {@code [0, 1]} (true) or kept in {@code [0, 255]} (false).
   *
   * @return whether values are scaled to {@code [0, 1]}
   */
  public boolean scale() {
    return scale;
  }

  /**
   * The most bytes a data set read may take: {@code 8 * n * (channels * height * width + classes)}.
   *
   * @return the limit, in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * The most pixels an image file may declare in its header.
   *
   * @return the limit, in pixels
   */
  public long maxImagePixels() {
    return maxImagePixels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageFolderReader r
        && height == r.height
        && width == r.width
        && channels == r.channels
        && resize == r.resize
        && convertChannels == r.convertChannels
        && scale == r.scale
        && maxBytes == r.maxBytes
        && maxImagePixels == r.maxImagePixels;
  }

  @Override
  public int hashCode() {
    return Objects.hash(height, width, channels, resize, convertChannels, scale, maxBytes, maxImagePixels);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("size", height > 0 ? height + " x " + width : "the first image's")
        .add("channels", channels)
        .add("resize", resize)
        .add("convertChannels", convertChannels)
        .add("scale", scale ? "[0, 1]" : "[0, 255]")
        .add("maxBytes", maxBytes)
        .add("maxImagePixels", maxImagePixels)
        .toString();
  }

  /** Builds an {@link ImageFolderReader}; each setter checks its argument at once. */
  public static final class Builder {
    private int height;
    private int width;
    private int channels = 3;
    private boolean resize = true;
    private boolean convertChannels = true;
    private boolean scale = true;
    private long maxBytes;
    private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;

    private Builder() {}

    /**
     * The size of every sample: images of another size are resized to it (see the class documentation
     * for the method), or refused with {@link #resize(boolean) resize(false)}. Without it, images keep
     * their size, which must be that of the first.
     *
     * @param height the rows of each sample, at least 1
     * @param width the columns of each sample, at least 1
     * @return this builder
     */
    public Builder size(int height, int width) {
      checkArgument(
          height >= 1 && width >= 1 && (long) height * width <= MAX_VALUES,
          "Expected a positive image size (height, width), got %s x %s",
          height,
          width);
      this.height = height;
      this.width = width;
      return this;
    }

    /**
     * Whether an image of another size than {@link #size} is resized (true, the default) or refused
     * (false).
     *
     * @param resize whether to resize
     * @return this builder
     */
    public Builder resize(boolean resize) {
      this.resize = resize;
      return this;
    }

    /**
     * The channels of each sample: 1 for grayscale, 3 for RGB (the default, as torchvision's {@code
     * ImageFolder} loads images).
     *
     * @param channels 1 or 3
     * @return this builder
     */
    public Builder channels(int channels) {
      checkArgument(
          channels == 1 || channels == 3,
          "Expected 1 channel (grayscale) or 3 (RGB), got channels=%s",
          channels);
      this.channels = channels;
      return this;
    }

    /**
     * Whether an image of another channel count is converted (true, the default: RGB to grayscale by
     * luminance, grayscale to RGB, alpha dropped) or refused (false).
     *
     * @param convert whether to convert channels
     * @return this builder
     */
    public Builder convertChannels(boolean convert) {
      this.convertChannels = convert;
      return this;
    }

    /**
     * Whether values are scaled to {@code [0, 1]} (true, the default, as torchvision's {@code ToTensor})
     * or kept in {@code [0, 255]}.
     *
     * @param scale whether to scale to {@code [0, 1]}
     * @return this builder
     */
    public Builder scale(boolean scale) {
      this.scale = scale;
      return this;
    }

    /**
     * The most bytes a data set read may take, {@code 8 * n * (channels * height * width + classes)} (the
     * features and one-hot labels as doubles), checked once the folder is listed, before anything is
     * allocated; {@link #defaultMaxBytes()} by default.
     *
     * @param bytes the limit, at least 1
     * @return this builder
     */
    public Builder maxBytes(long bytes) {
      checkArgument(bytes >= 1, "Expected a positive limit on the bytes of a data set, got %s", bytes);
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The most pixels an image may declare in its header, checked before it is decoded, so that a small
     * file declaring a huge image (a decompression bomb) is refused; {@link #DEFAULT_MAX_IMAGE_PIXELS} by
     * default.
     *
     * @param pixels the limit, at least 1
     * @return this builder
     */
    public Builder maxImagePixels(long pixels) {
      checkArgument(pixels >= 1, "Expected a positive limit on the pixels of an image, got %s", pixels);
      this.maxImagePixels = pixels;
      return this;
    }

    /**
     * The reader.
     *
     * @return the configured reader
     */
    public ImageFolderReader build() {
      return new ImageFolderReader(this);
    }
  }
}
