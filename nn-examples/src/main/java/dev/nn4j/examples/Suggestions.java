package dev.nn4j.examples;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names closest to a mistyped one, by edit distance (insertions, deletions and substitutions, each
 * counting one): {@code fashon-cnn} is one away from {@code fashion-cnn}.
 */
final class Suggestions {
  private Suggestions() {}

  /**
   * The known names within a third of the typed name's length (at least 2 edits), closest first; empty when
   * none is that close.
   */
  static List<String> closest(String typed, Collection<String> known) {
    int limit = Math.max(2, typed.length() / 3);
    return known.stream()
        .filter(name -> distance(typed, name) <= limit)
        .sorted(Comparator.comparingInt((String name) -> distance(typed, name)))
        .limit(3)
        .toList();
  }

  /** The Levenshtein distance, one row of the table at a time. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
