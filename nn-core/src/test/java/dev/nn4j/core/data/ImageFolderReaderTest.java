package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders of PNG and JPEG images, written by ImageIO in each test: classes and files in name order,
 * grayscale and RGB converted both ways, bilinear resizing against hand-computed values, and every bad
 * input refused with a message naming the file or folder, what was expected and what was found.
 */
class ImageFolderReaderTest {
  @TempDir Path root;

  private static final ImageFolderReader GRAY = ImageFolderReader.builder().channels(1).build();
  private static final ImageFolderReader RGB = ImageFolderReader.builder().channels(3).build();
  private static final ImageFolderReader RESIZING = ImageFolderReader.builder().size(4, 4).build();

  // ---------------------------------------------------------------- fixtures

  /** A grayscale image, {@code values[row][column]} in 0..255. */
  private static BufferedImage gray(int[][] values) {
    BufferedImage image = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
    for (int r = 0; r < values.length; r++) {
      for (int c = 0; c < values[0].length; c++) {
        image.getRaster().setSample(c, r, 0, values[r][c]);
      }
    }
    return image;
  }

  /** An RGB image, {@code rgb[row][column]} = 0xRRGGBB. */
  private static BufferedImage rgb(int[][] rgb) {
    BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rgb.length; r++) {
      for (int c = 0; c < rgb[0].length; c++) {
        image.setRGB(c, r, rgb[r][c]);
      }
    }
    return image;
  }

  /** An image of one colour. */
  private static BufferedImage solid(int height, int width, int rgb) {
    int[][] pixels = new int[height][width];
    for (int[] row : pixels) {
      Arrays.fill(row, rgb);
    }
    return rgb(pixels);
  }

  /** Writes {@code image} to {@code root/relative} in {@code format} ("png" or "jpg"). */
  private Path write(String relative, BufferedImage image, String format) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(image, format, file.toFile())).as("ImageIO wrote %s", format).isTrue();
    return file;
  }

  private Path png(String relative, BufferedImage image) throws IOException {
    return write(relative, image, "png");
  }

  private Path bytes(String relative, byte[] content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  private static double[] scaled(double... values) {
    return Arrays.stream(values).map(v -> v / 255).toArray();
  }

  // ---------------------------------------------------------------- layout, classes, values

  @Test
  void readsClassesAndFilesInNameOrderWithOneHotLabels() throws IOException {
    png("b/2.png", gray(new int[][] {{2, 2}}));
    png("b/10.png", gray(new int[][] {{10, 10}}));
    png("a/x.PNG", gray(new int[][] {{0, 255}}));
    png("b/1.png", gray(new int[][] {{1, 1}}));

    DataSet data = GRAY.read(root);

    assertThat(data.classNames()).containsExactly("a", "b");
    assertThat(data.sampleShape()).containsExactly(1, 1, 2);
    // By name, "1.png" < "10.png" ('.' < '0') < "2.png"; "x.PNG" counts as a PNG.
    assertThat(data.features().toArray())
        .isEqualTo(new double[][] {scaled(0, 255), scaled(1, 1), scaled(10, 10), scaled(2, 2)});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{1, 0}, {0, 1}, {0, 1}, {0, 1}});
  }

  @Test
  void readsRgbChannelAfterChannelRowAfterRow() throws IOException {
    png("c/i.png", rgb(new int[][] {{0xff0000, 0x00ff00}, {0x0000ff, 0x336699}}));

    DataSet data = RGB.read(root);

    assertThat(data.sampleShape()).containsExactly(3, 2, 2);
    assertThat(data.features().row(0))
        .containsExactly(scaled(255, 0, 0, 0x33, 0, 255, 0, 0x66, 0, 0, 255, 0x99));
  }

  @Test
  void convertsRgbToGrayByLuminanceAndGrayToRgbByCopying() throws IOException {
    png("c/colour.png", rgb(new int[][] {{0xff0000, 0x00ff00, 0x0000ff, 0x808080}}));
    DataSet toGray = GRAY.read(root);
    assertThat(toGray.features().row(0))
        .containsExactly(new double[] {0.299, 0.587, 0.114, 128 / 255.0}, within(1e-12));

    Files.delete(root.resolve("c/colour.png"));
    png("c/gray.png", gray(new int[][] {{0, 51, 255}}));
    DataSet toRgb = RGB.read(root);
    assertThat(toRgb.sampleShape()).containsExactly(3, 1, 3);
    assertThat(toRgb.features().row(0)).containsExactly(scaled(0, 51, 255, 0, 51, 255, 0, 51, 255));
  }

  @Test
  void keepsValuesInZeroTo255WithoutScaling() throws IOException {
    png("c/i.png", gray(new int[][] {{0, 7, 255}}));

    DataSet data = ImageFolderReader.builder().channels(1).scale(false).build().read(root);

    assertThat(data.features().row(0)).containsExactly(0, 7, 255);
  }

  @Test
  void readsSixteenBitAlphaAndPaletteImages() throws IOException {
    BufferedImage sixteen = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    sixteen.getRaster().setSample(0, 0, 0, 65535);
    sixteen.getRaster().setSample(1, 0, 0, 32768);
    png("a/sixteen.png", sixteen);
    BufferedImage transparent = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    transparent.setRGB(0, 0, 0x00ff0000); // red, fully transparent: alpha is dropped, red stays
    transparent.setRGB(1, 0, 0xff00ff00);
    png("b/alpha.png", transparent);
    IndexColorModel palette =
        new IndexColorModel(2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, (byte) 255});
    BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    indexed.getRaster().setSample(1, 0, 0, 1);
    png("c/palette.png", indexed);

    DataSet data = RGB.read(root);

    assertThat(data.features().row(0)).containsExactly(1, 32768 / 65535.0, 1, 32768 / 65535.0, 1, 32768 / 65535.0);
    assertThat(data.features().row(1)).containsExactly(1, 0, 0, 1, 0, 0);
    assertThat(data.features().row(2)).containsExactly(0, 1, 0, 0, 0, 1); // black, magenta
  }

  @Test
  void readsJpegsOfEveryExtensionWithinJpegLoss() throws IOException {
    write("a/one.jpg", solid(8, 8, 0x8040c8), "jpg");
    write("a/two.JPEG", solid(8, 8, 0x20f010), "jpg");
    BufferedImage grayJpeg = gray(new int[8][8]);
    write("b/three.Jpg", grayJpeg, "jpg");

    DataSet data = RGB.read(root);

    assertThat(data.sampleShape()).containsExactly(3, 8, 8);
    assertThat(data.classNames()).containsExactly("a", "b");
    double[] one = data.features().row(0);
    double[] two = data.features().row(1);
    double[] three = data.features().row(2);
    for (int p = 0; p < 64; p++) {
      // A block of one colour survives JPEG's transform all but exactly (chroma by a few levels).
      assertThat(one[p] * 255).isCloseTo(0x80, within(4.0));
      assertThat(one[64 + p] * 255).isCloseTo(0x40, within(4.0));
      assertThat(one[128 + p] * 255).isCloseTo(0xc8, within(4.0));
      assertThat(two[p] * 255).isCloseTo(0x20, within(4.0));
      assertThat(two[64 + p] * 255).isCloseTo(0xf0, within(4.0));
      assertThat(two[128 + p] * 255).isCloseTo(0x10, within(4.0));
      assertThat(three[p] * 255).isCloseTo(0, within(2.0));
    }
  }

  @Test
  void theContentDecidesTheFormatNotTheName() throws IOException {
    bytes("c/actually-a-png.jpg", encode(gray(new int[][] {{9, 99}}), "png"));

    assertThat(GRAY.read(root).features().row(0)).containsExactly(scaled(9, 99));
  }

  @Test
  void ignoresOtherFilesHiddenEntriesNestedFoldersAndFilesBesideTheClasses() throws IOException {
    png("cat/1.png", gray(new int[][] {{1}}));
    png("dog/1.png", gray(new int[][] {{2}}));
    bytes("cat/README.txt", "not an image".getBytes());
    bytes("cat/._1.png", new byte[] {0, 5, 22, 7}); // a macOS AppleDouble file: no image
    bytes("cat/.DS_Store", new byte[] {1});
    png("cat/nested/3.png", gray(new int[][] {{3}}));
    bytes("labels.csv", "cat,dog".getBytes());
    png(".ipynb_checkpoints/x.png", gray(new int[][] {{4}}));

    DataSet data = GRAY.read(root);

    assertThat(data.classNames()).containsExactly("cat", "dog");
    assertThat(data.features().toArray()).isEqualTo(new double[][] {scaled(1), scaled(2)});
  }

  // ---------------------------------------------------------------- resizing

  @Test
  void enlargesByBilinearInterpolationBetweenPixelCentres() throws IOException {
    png("c/i.png", gray(new int[][] {{0, 100}, {100, 200}}));

    DataSet data = ImageFolderReader.builder().channels(1).size(4, 4).scale(false).build().read(root);

    // Each output pixel centre (o + 0.5) / 2 - 0.5 input pixels in: weights (1, 0), (.75, .25), (.25, .75),
    // (0, 1) along each axis, the border clamped to the nearest pixel.
    assertThat(data.sampleShape()).containsExactly(1, 4, 4);
    assertThat(data.features().row(0))
        .containsExactly(
            new double[] {
              0, 25, 75, 100,
              25, 50, 100, 125,
              75, 100, 150, 175,
              100, 125, 175, 200
            },
            within(1e-12));
  }

  @Test
  void shrinksWithATriangleAsWideAsAnOutputPixel() throws IOException {
    png("c/i.png", gray(new int[][] {{0, 60, 120, 180}}));

    DataSet data = ImageFolderReader.builder().channels(1).size(1, 2).scale(false).build().read(root);

    // Output pixel 0 is centred at input 1.0 with a triangle of half-width 2: input pixels 0, 1, 2 at
    // distances 0.5, 0.5, 1.5 pixel centres weigh 0.75, 0.75, 0.25 (then / 1.75); pixel 1 takes 1, 2, 3.
    assertThat(data.features().row(0))
        .containsExactly(new double[] {(0.75 * 60 + 0.25 * 120) / 1.75, (0.25 * 60 + 0.75 * 120 + 0.75 * 180) / 1.75}, within(1e-12));
  }

  @Test
  void anImageOfTheTargetSizeIsTakenAsItIs() throws IOException {
    png("c/i.png", rgb(new int[][] {{0x010203, 0x040506, 0x0708ff}}));

    DataSet resized = ImageFolderReader.builder().size(1, 3).build().read(root);

    assertThat(resized.features()).isEqualTo(RGB.read(root).features());
  }

  @Test
  void resizesEveryImageToTheSameShape() throws IOException {
    png("a/big.png", solid(40, 30, 0x646464));
    write("b/small.jpg", solid(8, 8, 0x646464), "jpg");

    DataSet data = ImageFolderReader.builder().channels(1).size(5, 6).build().read(root);

    assertThat(data.sampleShape()).containsExactly(1, 5, 6);
    for (double v : data.features().row(0)) {
      assertThat(v).isCloseTo(100 / 255.0, within(1e-12));
    }
    for (double v : data.features().row(1)) {
      assertThat(v).isCloseTo(100 / 255.0, within(4 / 255.0));
    }
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void refusesAFolderWithoutClassFolders() throws IOException {
    bytes("a.png", encode(gray(new int[][] {{1}}), "png"));

    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(root + ": no class folders: expected one subfolder per class, each holding the images of"
            + " that class, found no subfolder, only 1 file: [a.png]");
  }

  @Test
  void refusesAMissingFolderAndAFile() throws IOException {
    Path file = bytes("file", new byte[] {1});

    assertThatThrownBy(() -> GRAY.read(root.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> GRAY.read(file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + ": not a folder; expected a folder holding one subfolder per class");
  }

  @Test
  void refusesAnEmptyClassFolderNamingItBeforeDecodingAnything() throws IOException {
    bytes("a/corrupt.png", new byte[] {1, 2, 3});
    Files.createDirectories(root.resolve("b"));
    bytes("c/notes.txt", new byte[] {1});

    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(root.resolve("b") + ": the class folder 'b' holds no images: expected at least one file"
            + " named *.png, *.jpg or *.jpeg, found nothing");
    Files.delete(root.resolve("b"));
    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageEndingWith("found 1 other entry: [notes.txt]");
  }

  @Test
  void refusesAFileThatIsNotAnImageNamingIt() throws IOException {
    png("a/good.png", gray(new int[][] {{1}}));
    Path text = bytes("b/text.png", "hello, world".getBytes());

    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(text + ": not an image: no ImageIO decoder recognizes its 12 bytes; expected a PNG or JPEG"
            + " file, as its name says");
    Files.write(text, new byte[0]);
    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(text + ": not an image: the file is empty");
  }

  @Test
  void refusesACorruptOrTruncatedPngNamingIt() throws IOException {
    png("a/good.png", gray(new int[][] {{1}}));
    byte[] whole = encode(solid(16, 16, 0x123456), "png");
    Path cut = bytes("b/cut.png", Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> RESIZING.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(cut + ": cannot decode this PNG image (")
        .hasMessageContaining("the file is corrupt or cut short");

    byte[] scrambled = whole.clone();
    for (int i = 40; i < scrambled.length - 12; i++) {
      scrambled[i] ^= 0x5a;
    }
    Files.delete(cut);
    Path corrupt = bytes("b/corrupt.png", scrambled);
    assertThatThrownBy(() -> RESIZING.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(corrupt + ": cannot decode this PNG image (");
  }

  @Test
  void refusesATruncatedJpegThatImageIoWouldDecodeWithAWarning() throws IOException {
    png("a/good.png", gray(new int[][] {{1}}));
    int[][] noise = new int[32][32];
    java.util.Random random = new java.util.Random(1);
    for (int[] row : noise) {
      for (int c = 0; c < row.length; c++) {
        row[c] = random.nextInt(1 << 24);
      }
    }
    byte[] whole = encode(rgb(noise), "jpg");
    Path cut = bytes("b/cut.jpg", Arrays.copyOf(whole, whole.length * 2 / 3));

    assertThatThrownBy(() -> RESIZING.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(cut + ": ")
        .hasMessageContaining("JPEG")
        .hasMessageContaining("corrupt or cut short");
  }

  @Test
  void refusesImagesOfAnotherSizeThanTheFirstWhenNotResizing() throws IOException {
    Path first = png("a/1.png", gray(new int[2][3]));
    Path other = png("b/1.png", gray(new int[3][2]));

    assertThatThrownBy(() -> GRAY.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(other + ": expected an image of 2 x 3 pixels (height x width), the size of the first image, "
            + first + ", found one of 3 x 2; give the reader a size(height, width) to resize every image to");
  }

  @Test
  void refusesImagesOfAnotherSizeWhenResizingIsOff() throws IOException {
    png("a/1.png", gray(new int[2][2]));
    Path other = png("a/2.png", gray(new int[2][3]));
    ImageFolderReader strict = ImageFolderReader.builder().channels(1).size(2, 2).resize(false).build();

    assertThatThrownBy(() -> strict.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(other + ": expected an image of 2 x 2 pixels (height x width), found one of 2 x 3; give the"
            + " reader resize(true) to resize it");
  }

  @Test
  void refusesImagesOfAnotherChannelCountWhenConvertingIsOff() throws IOException {
    png("a/1.png", rgb(new int[][] {{1}}));
    Path alpha = png("a/2.png", new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB));
    Path gray = png("b/1.png", gray(new int[][] {{1}}));

    ImageFolderReader strictRgb = ImageFolderReader.builder().convertChannels(false).build();
    assertThatThrownBy(() -> strictRgb.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(alpha + ": expected an image of 3 channels (RGB), found one of 4 (RGB with alpha); give the"
            + " reader convertChannels(true) to convert it");
    Files.delete(alpha);
    assertThatThrownBy(() -> strictRgb.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(gray + ": expected an image of 3 channels (RGB), found one of 1 (grayscale)");
    ImageFolderReader strictGray = ImageFolderReader.builder().channels(1).convertChannels(false).build();
    assertThatThrownBy(() -> strictGray.read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(root.resolve("a/1.png") + ": expected an image of 1 channel (grayscale), found"
            + " one of 3 (RGB)");
  }

  @Test
  void refusesADataSetBeyondMaxBytesBeforeAllocatingIt() throws IOException {
    png("a/1.png", rgb(new int[2][4]));
    png("b/1.png", rgb(new int[2][4]));
    png("b/2.png", rgb(new int[2][4]));
    // 3 images of 3 x 2 x 4 = 24 values and 2 one-hot columns: 8 * 3 * 26 = 624 bytes.
    assertThat(ImageFolderReader.builder().maxBytes(624).build().read(root).size()).isEqualTo(3);

    assertThatThrownBy(() -> ImageFolderReader.builder().maxBytes(623).build().read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(root + ": 3 images of 3 x 2 x 4 (channels x height x width) and their one-hot"
            + " labels in 2 classes take 624 bytes as doubles, more than the limit of 623 bytes; raise it with"
            + " ImageFolderReader.Builder.maxBytes");
    // Resized, the limit counts the target size.
    assertThatThrownBy(() -> ImageFolderReader.builder().size(100, 100).maxBytes(100_000).build().read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("3 images of 3 x 100 x 100")
        .hasMessageContaining("take 720048 bytes");
  }

  @Test
  void refusesAnImageBeyondMaxImagePixelsFromItsHeader() throws IOException {
    Path big = png("a/big.png", gray(new int[10][12]));

    assertThatThrownBy(() -> ImageFolderReader.builder().size(2, 2).maxImagePixels(119).build().read(root))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(big + ": the PNG header declares an image of 10 x 12 pixels (height x width); expected"
            + " positive sizes and at most 119 pixels, the limit of ImageFolderReader.Builder.maxImagePixels");
    assertThat(ImageFolderReader.builder().maxImagePixels(120).channels(1).build().read(root).size()).isEqualTo(1);
  }

  @Test
  void theBuilderChecksItsArguments() {
    assertThatThrownBy(() -> ImageFolderReader.builder().channels(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected 1 channel (grayscale) or 3 (RGB), got channels=2");
    assertThatThrownBy(() -> ImageFolderReader.builder().size(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a positive image size (height, width), got 0 x 3");
    assertThatThrownBy(() -> ImageFolderReader.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageFolderReader.builder().maxImagePixels(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readersCompareByValueAndPrintTheirConfiguration() {
    ImageFolderReader a = ImageFolderReader.builder().size(28, 28).channels(1).maxBytes(1000).build();
    ImageFolderReader b = ImageFolderReader.builder().channels(1).size(28, 28).maxBytes(1000).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(RGB);
    assertThat(a.toString())
        .isEqualTo("ImageFolderReader{size=28 x 28, channels=1, resize=true, convertChannels=true, scale=[0, 1],"
            + " maxBytes=1000, maxImagePixels=33554432}");
  }
}
