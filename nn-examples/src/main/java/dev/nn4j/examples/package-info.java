/**
 * Runnable examples of nn4j. {@link dev.nn4j.examples.Examples} is the command-line entry point; each
 * example is one {@link dev.nn4j.examples.Example}, registered in {@link
 * dev.nn4j.examples.Examples#all()}.
 */
package dev.nn4j.examples;
