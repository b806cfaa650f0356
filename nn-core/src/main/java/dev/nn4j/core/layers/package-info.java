/** The layers that come with nn4j; each gives its formula and backward pass. */
package dev.nn4j.core.layers;
