package org.recoverybench.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A figure over the trials of a cell: the median with the range, and how many trials had it. The
 * median of an even count is the mean of the two middle values, rounded half up.
 */
public record Spread(Long median, Long min, Long max, int present, int trials) {

  public static Spread of(List<Long> values) {
    List<Long> v = new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
    if (v.isEmpty()) {
      return new Spread(null, null, null, 0, values.size());
    }
    Collections.sort(v);
    int n = v.size();
    long median = n % 2 == 1 ? v.get(n / 2) : Math.round((v.get(n / 2 - 1) + v.get(n / 2)) / 2.0);
    return new Spread(median, v.get(0), v.get(n - 1), n, values.size());
  }

  public boolean isEmpty() {
    return median == null;
  }
}
