package dev.nn4j.examples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of the training options' values, each naming its option, so that a bad value reads
 * "Expected a positive whole number after --epochs, got 0" ({@link CommandLineErrors} prints the message
 * as it is).
 */
final class NumberConverters {
  private NumberConverters() {}

  /** A whole number above zero, such as epochs or a batch size. */
  static ITypeConverter<Integer> positiveInt(String option) {
    return value -> {
      int n;
      try {
        n = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("Expected a positive whole number after " + option + ", got '" + value + "'");
      }
      if (n <= 0) {
        throw new TypeConversionException("Expected a positive whole number after " + option + ", got " + n);
      }
      return n;
    };
  }

  /** A finite number above zero, such as a learning rate. */
  static ITypeConverter<Double> positiveDouble(String option) {
    return value -> {
      double x;
      try {
        x = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("Expected a number after " + option + ", got '" + value + "'");
      }
      if (!(x > 0 && Double.isFinite(x))) {
        throw new TypeConversionException("Expected a positive number after " + option + ", got " + value);
      }
      return x;
    };
  }

  /** Any whole number, such as a seed. */
  static ITypeConverter<Long> wholeNumber(String option) {
    return value -> {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("Expected a whole number after " + option + ", got '" + value + "'");
      }
    };
  }
}
