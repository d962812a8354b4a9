package org.recoverybench.report;

import java.util.Locale;

/** How the report writes a figure or a text in a table cell. */
final class Format {
  private Format() {}

  /** Milliseconds as seconds with one decimal, {@code 12.2 s}; "–" when unknown. */
  static String secs(Long ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** A long text cut for a table cell; the full text is in result.json. */
  static String clip(String s) {
    if (s == null || s.isBlank()) {
      return "–";
    }
    String one = s.replace('\n', ' ').replace('\r', ' ').trim();
    return one.length() <= 200 ? one : one.substring(0, 199) + "…";
  }

  /** A number of a settings map, or null. */
  static Long asLong(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }
}
