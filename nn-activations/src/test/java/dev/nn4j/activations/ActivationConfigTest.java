package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ComponentConfig;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration reader ({@link ComponentConfig}) as the parameterized activations use it, and the services file that registers
 * every activation of this module.
 */
class ActivationConfigTest {

  @Test
  void readsGivenNumbersAndDefaultsForAbsentKeys() {
    ComponentConfig config = ComponentConfig.of("activation 'leaky_relu'", Map.of("slope", "2e-1"), "slope");

    assertThat(config.finiteDouble("slope", 0.01)).isEqualTo(0.2);
    assertThat(ComponentConfig.of("activation 'elu'", Map.of(), "alpha").finiteDouble("alpha", 1.0)).isEqualTo(1.0);
  }

  @Test
  void rejectsUnknownKeysNamingTheKeyAndTheAcceptedOnes() {
    assertThatThrownBy(() -> ComponentConfig.of("activation 'elu'", Map.of("alpha", "1", "beta", "2"), "alpha"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'beta'")
        .hasMessageContaining("'elu'")
        .hasMessageContaining("[alpha]");
  }

  @Test
  void rejectsValuesThatAreNotFiniteNumbers() {
    for (String bad : new String[] {"x", "1,5", "NaN", "-Infinity", " "}) {
      ComponentConfig config = ComponentConfig.of("activation 'elu'", Map.of("alpha", bad), "alpha");

      assertThatThrownBy(() -> config.finiteDouble("alpha", 1.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Expected a finite number for 'alpha' of activation 'elu', got '" + bad + "'");
    }
  }

  @Test
  void rejectsNullValues() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("alpha", null);
    ComponentConfig config = ComponentConfig.of("activation 'elu'", withNull, "alpha");

    assertThatThrownBy(() -> config.finiteDouble("alpha", 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'alpha'");
  }

  @Test
  void readsChoicesAndRejectsOthers() {
    assertThat(ComponentConfig.of("activation 'gelu'", Map.of(), "approximate").choice("approximate", "none", "none", "tanh"))
        .isEqualTo("none");
    assertThat(
            ComponentConfig.of("activation 'gelu'", Map.of("approximate", "tanh"), "approximate")
                .choice("approximate", "none", "none", "tanh"))
        .isEqualTo("tanh");
    ComponentConfig config = ComponentConfig.of("activation 'gelu'", Map.of("approximate", "TANH"), "approximate");
    assertThatThrownBy(() -> config.choice("approximate", "none", "none", "tanh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[none, tanh]")
        .hasMessageContaining("'TANH'");
  }

  @Test
  void formatsNumbersSoTheyReadBackExactly() {
    for (double value : new double[] {0.01, 0.2, 1.0, -3.5, 1e-300, 0.1 + 0.2, Math.PI}) {
      String text = ComponentConfig.format(value);

      assertThat(Double.parseDouble(text)).isEqualTo(value);
    }
    assertThat(ComponentConfig.format(-0.0)).isEqualTo("0.0");
    assertThat(Activations.leakyRelu(-0.0)).isEqualTo(Activations.leakyRelu(0.0));
  }

  @Test
  void equalParametersGiveEqualActivationsHoweverWritten() {
    assertThat(Activation.named("leaky_relu", Map.of("slope", "0.20"))).isEqualTo(Activations.leakyRelu(0.2));
    assertThat(Activation.named("elu", Map.of("alpha", "1"))).isEqualTo(Activations.elu());
  }

  /**
   * Every provider in this module's {@code META-INF/services} file, by canonical name and alias: each name
   * must resolve, to the activation of the same name that the factory gives, and nothing else must be
   * listed. Providers from other class path entries (test plug-ins) are left out by their location.
   */
  @Test
  void servicesFileListsEveryActivationOfThisModule() {
    Map<String, Activation> expected = new TreeMap<>();
    expected.put("sigmoid", Activations.sigmoid());
    expected.put("logistic", Activations.sigmoid());
    expected.put("relu", Activations.relu());
    expected.put("tanh", Activations.tanh());
    expected.put("softmax", Activations.softmax());
    expected.put("leaky_relu", Activations.leakyRelu());
    expected.put("elu", Activations.elu());
    expected.put("gelu", Activations.gelu());
    expected.put("softplus", Activations.softplus());
    expected.put("silu", Activations.silu());
    expected.put("swish", Activations.silu());
    expected.put("identity", Activations.identity());
    expected.put("linear", Activations.identity());

    URL moduleLocation = location(Activations.class);
    Map<String, Activation> registered = new TreeMap<>();
    for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
      if (!location(provider.getClass()).equals(moduleLocation)) {
        continue;
      }
      Activation created = provider.create(Map.of());
      registered.put(provider.name(), created);
      for (String alias : provider.aliases()) {
        registered.put(alias, created);
      }
    }

    assertThat(registered).isEqualTo(expected);
    expected.forEach((name, activation) -> assertThat(Activation.named(name)).as(name).isEqualTo(activation));
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
