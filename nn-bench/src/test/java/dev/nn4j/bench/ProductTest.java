package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The products of the NumPy comparison and their names, as numpy_bench.py reads them. */
class ProductTest {

  @Test
  void parsesAndPrintsBlasNames() {
    Product product = Product.parse("TN:128x784x64");

    assertThat(product).isEqualTo(new Product(true, false, 128, 784, 64));
    assertThat(product).hasToString("TN:128x784x64");
    assertThat(product.flops()).isEqualTo(2.0 * 128 * 784 * 64);
  }

  @Test
  void refusesWhatIsNoProduct() {
    assertThatThrownBy(() -> Product.parse("XT:1x2x3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a product as FORM:MxNxK with FORM one of NN, NT, TN, TT, such as NT:64x128x784; got 'XT:1x2x3'");
    assertThatThrownBy(() -> Product.parse("NT:64x128")).hasMessageContaining("got 'NT:64x128'");
    assertThatThrownBy(() -> Product.parse("NT:64xbx2")).hasMessage("Expected whole numbers in the product's sizes, got 'NT:64xbx2'");
    assertThatThrownBy(() -> Product.parse("NT:0x1x1")).hasMessage("Expected positive sizes, got m=0 n=1 k=1");
  }

  @Test
  void comparesTheCubesAndEveryProductOfW2AndW3Steps() {
    List<String> names = Product.comparedWithNumpy().stream().map(Product::toString).toList();

    assertThat(names).containsExactly(
        "NN:1024x1024x1024", "NT:1024x1024x1024", "TN:1024x1024x1024",
        "NT:64x128x784", "TN:128x784x64", "NN:64x784x128", "NT:64x10x128", "TN:10x128x64", "NN:64x128x10",
        "NT:64x512x784", "TN:512x784x64", "NN:64x784x512", "NT:64x512x512", "TN:512x512x64", "NN:64x512x512",
        "NT:64x10x512", "TN:10x512x64", "NN:64x512x10");
  }
}
