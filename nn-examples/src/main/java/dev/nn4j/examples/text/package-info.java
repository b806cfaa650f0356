/**
 * Examples on text: {@link dev.nn4j.examples.text.CharLstmExample}, a character-level language model
 * trained on a public-domain book shipped with the examples.
 */
package dev.nn4j.examples.text;
