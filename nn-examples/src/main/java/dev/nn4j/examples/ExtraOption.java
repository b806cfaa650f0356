package dev.nn4j.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An option of one example beyond the training ones, such as {@code --temperature X}: its name, the label of
 * its value in the help, its type ({@code Integer} or {@code Double}, positive), its default and what it does.
 * An example declares them with {@link Example#extraOptions()} and receives the values given with {@link
 * Example#withExtraOptions}.
 *
 * @param name the option as typed, such as {@code "--temperature"}
 * @param paramLabel the label of the value in the help, such as {@code "X"}
 * @param type {@code Integer.class} or {@code Double.class}
 * @param defaultValue the value when the option is not given, of {@code type}
 * @param description one sentence for the help; the default is appended
 */
public record ExtraOption(String name, String paramLabel, Class<?> type, Object defaultValue, String description) {
  /**
   * Checks the declaration.
   *
   * @param name the option as typed, such as {@code "--temperature"}
   * @param paramLabel the label of the value in the help
   * @param type {@code Integer.class} or {@code Double.class}
   * @param defaultValue the value when the option is not given, of {@code type}
   * @param description one sentence for the help
   * @throws IllegalArgumentException if the name does not start with {@code --}, the type is neither Integer nor
   *     Double or the default is not of the type
   */
  public ExtraOption {
    checkNotNull(name, "name");
    checkNotNull(paramLabel, "paramLabel");
    checkNotNull(description, "description");
    checkArgument(name.startsWith("--"), "Expected an option name starting with --, got '%s'", name);
    checkArgument(type == Integer.class || type == Double.class, "Expected an Integer or Double option, got %s", type);
    checkArgument(type.isInstance(defaultValue), "Expected a default of type %s for %s, got %s", type.getSimpleName(), name, defaultValue);
  }

  /**
   * A positive whole-number option.
   *
   * @param name the option as typed
   * @param defaultValue its default
   * @param description what it does
   * @return the option
   */
  public static ExtraOption positiveInt(String name, int defaultValue, String description) {
    return new ExtraOption(name, "N", Integer.class, defaultValue, description);
  }

  /**
   * A positive number option.
   *
   * @param name the option as typed
   * @param defaultValue its default
   * @param description what it does
   * @return the option
   */
  public static ExtraOption positiveDouble(String name, double defaultValue, String description) {
    return new ExtraOption(name, "X", Double.class, defaultValue, description);
  }
}
