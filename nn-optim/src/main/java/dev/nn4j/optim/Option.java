package dev.nn4j.optim;

/**
 * One hyper-parameter of an update rule, its value and PyTorch's default, from which an optimizer
 * derives its equality and its printed form.
 */
record Option(String name, Object value, Object defaultValue) {
  boolean isDefault() {
    return value.equals(defaultValue);
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
