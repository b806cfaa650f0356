package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.core.data.CsvReader.Header;
import dev.nn4j.core.data.CsvReader.LabelType;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Facts about the real data sets in {@code ../shared/data}; each test is skipped, saying where to get
 * the files, when they are absent.
 */
class SharedDataSetsTest {
  private static final CsvReader SKLEARN =
      CsvReader.builder().header(Header.SKLEARN).labels(LabelType.CLASS_INDEX).build();

  private static Path small(String file) {
    Path path = SharedData.file("small", file).orElse(null);
    assumeTrue(path != null, SharedData.smallMissing(file));
    return path;
  }

  private static Path fashionMnist(String file) {
    Path path = SharedData.file("fashion-mnist", file).orElse(null);
    assumeTrue(path != null, SharedData.FASHION_MNIST_MISSING);
    return path;
  }

  /** How many samples of each class a one-hot label matrix holds. */
  private static int[] classCounts(Matrix oneHot) {
    int[] counts = new int[oneHot.cols()];
    for (int label : OneHot.decode(oneHot)) {
      counts[label]++;
    }
    return counts;
  }

  private static double[] columnMinMax(Matrix m) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m.data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new double[] {min, max};
  }

  @Test
  void irisHas150FlowersOf4FeaturesIn3ClassesOf50() throws IOException {
    DataSet iris = SKLEARN.read(small("iris.csv"));

    assertThat(iris.size()).isEqualTo(150);
    assertThat(iris.features().cols()).isEqualTo(4);
    assertThat(iris.classNames()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(classCounts(iris.labels())).containsExactly(50, 50, 50);
    assertThat(iris.features().row(0)).containsExactly(5.1, 3.5, 1.4, 0.2);
    assertThat(OneHot.decode(iris.labels())[149]).isEqualTo(2);
  }

  @Test
  void irisStandardizerMatchesTheStatisticsOfTheDescription() throws IOException {
    DataSet iris = SKLEARN.read(small("iris.csv"));

    Standardizer standardizer = Standardizer.fit(iris.features());

    // iris.rst: means 5.84 3.05 3.76 1.20; the exact population values (numpy's mean and std).
    assertThat(standardizer.mean()[0]).isCloseTo(5.843333333333334, within(1e-12));
    assertThat(standardizer.mean()[2]).isCloseTo(3.758, within(1e-12));
    assertThat(standardizer.std()[0]).isCloseTo(0.8253012917851409, within(1e-12));
    assertThat(standardizer.std()[1]).isCloseTo(0.43441096773549454, within(1e-12));
    assertThat(standardizer.std()[2]).isCloseTo(1.759404065775303, within(1e-12));
    assertThat(standardizer.std()[3]).isCloseTo(0.7596926279021594, within(1e-12));
  }

  @Test
  void irisSplitsReproduciblyIntoDisjointParts() throws IOException {
    DataSet iris = SKLEARN.read(small("iris.csv"));

    Split split = iris.split(0.8, 42);

    assertThat(split.train().size()).isEqualTo(120);
    assertThat(split.validation().size()).isEqualTo(30);
    assertThat(iris.split(0.8, 42)).isEqualTo(split);
    assertThat(split.train().classNames()).isEqualTo(iris.classNames());
    int[] total = classCounts(split.train().labels());
    int[] validation = classCounts(split.validation().labels());
    for (int k = 0; k < 3; k++) {
      total[k] += validation[k];
    }
    assertThat(total).containsExactly(50, 50, 50);
  }

  @Test
  void digitsHas1797ImagesOf64PixelsFrom0To16() throws IOException {
    DataSet digits =
        CsvReader.builder().labels(LabelType.CLASS_INDEX).build().read(small("digits.csv.gz"));

    assertThat(digits.size()).isEqualTo(1797);
    assertThat(digits.features().cols()).isEqualTo(64);
    assertThat(classCounts(digits.labels()))
        .containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    assertThat(columnMinMax(digits.features())).containsExactly(0, 16);
    assertThat(OneHot.decode(digits.labels())[1796]).isEqualTo(8);
  }

  @Test
  void wineHas178SamplesOf13FeaturesIn3Classes() throws IOException {
    DataSet wine = SKLEARN.read(small("wine_data.csv"));

    assertThat(wine.size()).isEqualTo(178);
    assertThat(wine.features().cols()).isEqualTo(13);
    assertThat(wine.classNames()).containsExactly("class_0", "class_1", "class_2");
    assertThat(classCounts(wine.labels())).containsExactly(59, 71, 48);
    assertThat(wine.features().get(0, 12)).isEqualTo(1065.0);
  }

  @Test
  void breastCancerHas569SamplesOf30FeaturesIn2Classes() throws IOException {
    DataSet cancer = SKLEARN.read(small("breast_cancer.csv"));

    assertThat(cancer.size()).isEqualTo(569);
    assertThat(cancer.features().cols()).isEqualTo(30);
    assertThat(cancer.classNames()).containsExactly("malignant", "benign");
    assertThat(classCounts(cancer.labels())).containsExactly(212, 357);
  }

  @Test
  void fashionMnistTrainingSetHas60000ImagesOf784PixelsAnd6000PerClass() throws IOException {
    DataSet train =
        IdxReader.read(
            fashionMnist("train-images-idx3-ubyte.gz"),
            fashionMnist("train-labels-idx1-ubyte.gz"),
            IdxReader.FASHION_MNIST_CLASSES,
            Integer.MAX_VALUE);

    assertThat(train.size()).isEqualTo(60_000);
    assertThat(train.features().cols()).isEqualTo(784);
    assertThat(train.labels().cols()).isEqualTo(10);
    assertThat(classCounts(train.labels())).containsOnly(6000);
    assertThat(columnMinMax(train.features())).containsExactly(0, 1);
    assertThat(Arrays.copyOf(OneHot.decode(train.labels()), 10))
        .containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    // The first image (an ankle boot) has pixel bytes summing to 76247.
    assertThat(Arrays.stream(train.features().row(0)).sum() * 255).isCloseTo(76247, within(1e-6));
  }

  @Test
  void fashionMnistTestSetHas10000ImagesAnd1000PerClass() throws IOException {
    Matrix images = IdxReader.readImages(fashionMnist("t10k-images-idx3-ubyte.gz"));
    int[] labels = IdxReader.readLabels(fashionMnist("t10k-labels-idx1-ubyte.gz"));

    assertThat(images.rows()).isEqualTo(10_000);
    assertThat(images.cols()).isEqualTo(784);
    assertThat(labels).hasSize(10_000);
    assertThat(classCounts(OneHot.encode(labels, 10))).containsOnly(1000);
    assertThat(columnMinMax(images)).containsExactly(0, 1);
    assertThat(Arrays.copyOf(labels, 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
  }

  @Test
  void fashionMnistWithALimitReadsTheFirstItemsOnly() throws IOException {
    DataSet first =
        IdxReader.read(
            fashionMnist("train-images-idx3-ubyte.gz"),
            fashionMnist("train-labels-idx1-ubyte.gz"),
            IdxReader.FASHION_MNIST_CLASSES,
            1000);

    assertThat(first.size()).isEqualTo(1000);
    assertThat(first.features().cols()).isEqualTo(784);
    assertThat(Arrays.copyOf(OneHot.decode(first.labels()), 10))
        .containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    assertThat(classCounts(first.labels())[9]).isEqualTo(99);
    assertThat(Arrays.stream(first.features().row(0)).sum() * 255).isCloseTo(76247, within(1e-6));
    assertThat(Arrays.stream(first.features().row(999)).sum() * 255).isCloseTo(69838, within(1e-6));
  }
}
