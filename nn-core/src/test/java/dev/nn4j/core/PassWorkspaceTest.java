package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.layers.Flatten;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Pass#workspace}: made once per pass, layer and name, and remade only when of another type. */
class PassWorkspaceTest {
  private final Layer first = new Flatten(Shape.of(2, 3));
  private final Layer second = new Flatten(Shape.of(2, 3));

  @Test
  void aWorkspaceIsMadeOnceAndReturnedAfterwards() {
    Pass pass = Pass.forInference();
    AtomicInteger made = new AtomicInteger();
    StringBuilder a = pass.workspace(first, "w", StringBuilder.class, () -> {
      made.incrementAndGet();
      return new StringBuilder("a");
    });
    StringBuilder again = pass.workspace(first, "w", StringBuilder.class, StringBuilder::new);
    assertThat(again).isSameAs(a);
    assertThat(made).hasValue(1);
  }

  @Test
  void layersNamesAndPassesHaveTheirOwn() {
    Pass pass = Pass.forInference();
    Object a = pass.workspace(first, "w", Object.class, Object::new);
    assertThat(pass.workspace(second, "w", Object.class, Object::new)).isNotSameAs(a);
    assertThat(pass.workspace(first, "v", Object.class, Object::new)).isNotSameAs(a);
    assertThat(Pass.forInference().workspace(first, "w", Object.class, Object::new)).isNotSameAs(a);
  }

  @Test
  void aWorkspaceOfAnotherTypeIsReplaced() {
    Pass pass = Pass.forInference();
    pass.workspace(first, "w", StringBuilder.class, StringBuilder::new);
    int[] counts = pass.workspace(first, "w", int[].class, () -> new int[3]);
    assertThat(counts).hasSize(3);
    assertThat(pass.workspace(first, "w", int[].class, () -> new int[5])).isSameAs(counts);
  }

  @Test
  void aFactoryThatReturnsNullIsAClearError() {
    assertThatThrownBy(() -> Pass.forInference().workspace(first, "w", Object.class, () -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("workspace factory returned null");
  }
}
