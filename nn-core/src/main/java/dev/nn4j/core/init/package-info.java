/** Weight initialization: {@link dev.nn4j.core.init.Initializers} has a factory for each scheme. */
package dev.nn4j.core.init;
