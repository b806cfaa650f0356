/**
 * The core of nn4j: the {@link dev.nn4j.core.Network} and its builder, and the interfaces that users
 * implement to extend it: {@link dev.nn4j.core.Layer}, {@link dev.nn4j.core.Activation} (with {@link
 * dev.nn4j.core.ElementwiseActivation} for the common case), {@link dev.nn4j.core.Loss} and {@link
 * dev.nn4j.core.Optimizer}.
 */
package dev.nn4j.core;
