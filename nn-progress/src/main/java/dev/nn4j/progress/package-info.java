/**
 * Training progress as Keras shows it, for applications: add {@link dev.nn4j.progress.Progress} to a
 * {@code fit} call's listeners.
 *
 * <pre>{@code
 * network.fit(x, y, FitOptions.builder().epochs(10).listener(Progress.toConsole()).build());
 * }</pre>
 *
 * <p>On a terminal it redraws one bar in place, sized to the terminal's width, and leaves one line per
 * epoch; in a log (output redirected to a file, a pipe, a CI run) it prints exactly one plain line per
 * epoch. It writes only to the stream or writer it was given, and logs nothing.
 */
package dev.nn4j.progress;
