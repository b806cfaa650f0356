/**
 * The tutorial the project grew from ("神经网络：从原理到优化", after Victor Zhou's "Machine Learning for
 * Beginners: An Introduction to Neural Networks"), one class per section, every number computed by nn4j.
 * {@link dev.nn4j.examples.tutorial.TutorialWalkthrough} runs them all in order.
 */
package dev.nn4j.examples.tutorial;
