/** Internals of nn4j: not part of the public API, may change in any release. */
package dev.nn4j.core.internal;
