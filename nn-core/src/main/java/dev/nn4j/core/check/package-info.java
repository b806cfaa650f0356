/** Finite-difference gradient checks, for testing layers and activations, yours included. */
package dev.nn4j.core.check;
