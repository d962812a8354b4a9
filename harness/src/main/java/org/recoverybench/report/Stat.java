package org.recoverybench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * One figure over the trials of a group: the median with the min and max of the trials that have
 * it, and how many trials had none (e.g. no recovery within the grace period). The median of an
 * even count is the mean of the two middle values, rounded half up.
 */
record Stat(Long median, Long min, Long max, int present, int trials) {

  static Stat of(List<Long> values) {
    List<Long> v = new ArrayList<>();
    for (Long x : values) {
      if (x != null) {
        v.add(x);
      }
    }
    if (v.isEmpty()) {
      return new Stat(null, null, null, 0, values.size());
    }
    Collections.sort(v);
    int n = v.size();
    long median = n % 2 == 1 ? v.get(n / 2) : Math.round((v.get(n / 2 - 1) + v.get(n / 2)) / 2.0);
    return new Stat(median, v.get(0), v.get(n - 1), n, values.size());
  }

  boolean isEmpty() {
    return median == null;
  }

  /** {@code 2461 (2449–2473)}, or one value when all trials agree or there is one. */
  String format() {
    return format(String::valueOf);
  }

  /** Milliseconds as seconds with one decimal: {@code 12.2 s (11.8–13.0)}. */
  String seconds() {
    return format(ms -> String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + (isEmpty() ? "" : " s");
  }

  /** Bytes as KiB: {@code 107 KiB (105–110)}. */
  String kib() {
    return format(b -> String.valueOf(Math.round(b / 1024.0))) + (isEmpty() ? "" : " KiB");
  }

  String format(LongFunction<String> f) {
    if (isEmpty()) {
      return trials == 0 ? "–" : "none (0 of " + trials + ")";
    }
    String s = f.apply(median);
    if (!min.equals(max)) {
      s += " (" + f.apply(min) + "–" + f.apply(max) + ")";
    }
    if (present < trials) {
      s += " [" + present + " of " + trials + "]";
    }
    return s;
  }
}
