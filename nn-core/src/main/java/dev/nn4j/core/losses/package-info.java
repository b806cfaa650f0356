/** The losses that come with nn4j: {@link dev.nn4j.core.losses.Losses} has a factory for each. */
package dev.nn4j.core.losses;
