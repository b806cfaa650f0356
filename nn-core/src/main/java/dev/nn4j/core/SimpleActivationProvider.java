package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An {@link ActivationProvider} for an activation without parameters, in one line:
 *
 * <pre>{@code
 * public final class MishProvider extends SimpleActivationProvider {
 *   public MishProvider() { super("mish", Mish::new); }
 * }
 * }</pre>
 */
public abstract class SimpleActivationProvider implements ActivationProvider {
  private final String name;
  private final Supplier<? extends Activation> factory;
  private final ImmutableSet<String> aliases;

  /**
   * @param name the canonical name
   * @param factory creates the activation
   * @param aliases other names for it
   */
  protected SimpleActivationProvider(String name, Supplier<? extends Activation> factory, String... aliases) {
    this.name = checkNotNull(name, "name");
    this.factory = checkNotNull(factory, "factory");
    this.aliases = ImmutableSet.copyOf(aliases);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ImmutableSet<String> aliases() {
    return aliases;
  }

  /** Creates the activation; it takes no configuration, so {@code config} must be empty. */
  @Override
  public final Activation create(Map<String, String> config) {
    ComponentConfig.of("activation '" + name + "'", config);
    return factory.get();
  }
}
