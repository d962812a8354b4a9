package org.recoverybench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Grid;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;
import org.recoverybench.result.TrialCost;
import org.recoverybench.result.TrialResult;

/**
 * "Cost": for each option, what its engine's processes cost, from each trial's {@code cost} in
 * {@code result.json}: CPU-seconds per 1,000 records, peak RSS in MiB, the processes to run, and
 * the S3 requests per hour. Each figure is the median over the trials with its range; a trial
 * without a {@code cost} (results from before it was recorded) counts as not measured.
 *
 * <p>The trials measured are the option's baseline trials where it has baseline trials with a cost
 * (no fault adds restarts to the bill), else all of its trials.
 */
final class CostSection {
  private CostSection() {}

  static final String NOT_MEASURED = "not measured";

  static void write(Doc d, ReportModel m) {
    List<List<String>> rows = rows(m, Options.DEFAULT);
    if (rows.isEmpty()) {
      return;
    }
    d.h(2, "Cost");
    d.p(
        "What each option's engine processes cost, from the `cost` of each trial's `result.json`:"
            + " CPU time of every engine process of the trial (live or killed) in CPU-seconds per"
            + " 1,000 ids produced; the most resident memory (RSS) its processes held at once, in"
            + " MiB; the most engine processes alive at once (the processes to run); and the HTTP"
            + " requests its processes sent to S3, counted at the harness's proxy in front of the"
            + " S3 server, per hour of the trial (the checkpoints' storage traffic). Median over"
            + " the trials, range in brackets, and [k of n] where only k trials had the figure."
            + " Measured on the option's baseline trials where it has some with a cost, else on"
            + " all of its trials. **"
            + NOT_MEASURED
            + "**: no trial recorded it (results from before the cost was recorded, or engines"
            + " that did not reach S3 through the proxy).");
    d.table(
        List.of(
            "option",
            "measured on",
            "CPU per 1,000 records",
            "peak RSS",
            "processes",
            "S3 requests per hour"),
        List.of(false, false, true, true, true, true),
        rows);
  }

  /** One row per option that has trials, in the registry's order, then targets of no option. */
  static List<List<String>> rows(ReportModel m, Options options) {
    Map<String, List<TrialResult>> byOption = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Option o : options.all()) {
      labels.put(o.id(), o.label());
    }
    Map<String, List<TrialResult>> unordered = new LinkedHashMap<>();
    for (TrialResult r : m.allResults()) {
      Grid.Trial t = GridModel.trial(r);
      String key =
          options
              .of(t.engine(), t.variant(), t.sinkMode(), t.startingOffsets(), t.supervised())
              .map(Option::id)
              .orElse(r.engine() + " / " + r.variant() + " / " + r.sinkMode());
      unordered.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    for (String id : labels.keySet()) {
      if (unordered.containsKey(id)) {
        byOption.put(id, unordered.remove(id));
      }
    }
    byOption.putAll(unordered);
    List<List<String>> rows = new ArrayList<>();
    byOption.forEach((key, rs) -> rows.add(row(labels.getOrDefault(key, key), rs)));
    return rows;
  }

  private static List<String> row(String label, List<TrialResult> all) {
    List<TrialResult> baseline =
        all.stream()
            .filter(r -> r.scenario().equals(FaultClass.BASELINE) && r.cost() != null)
            .toList();
    List<TrialResult> rs = baseline.isEmpty() ? all : baseline;
    String on =
        baseline.isEmpty()
            ? scenarioCount(all) + ", " + trials(all.size())
            : FaultClass.BASELINE + ", " + trials(baseline.size());
    return List.of(
        label,
        on,
        figure(rs, c -> c.cpuMsPer1000Records(), v -> secs(v / 1000.0)),
        figure(rs, c -> (double) c.peakRssBytes(), v -> mib(v)),
        figure(rs, c -> (double) c.peakProcesses(), v -> whole(v)),
        figure(rs, TrialCost::s3RequestsPerHour, v -> whole(v)));
  }

  private static String scenarioCount(List<TrialResult> rs) {
    long n = rs.stream().map(TrialResult::scenario).distinct().count();
    return n == 1 ? rs.get(0).scenario() : "all " + n + " scenarios";
  }

  private static String trials(int n) {
    return n + (n == 1 ? " trial" : " trials");
  }

  /**
   * The median of one cost figure over the trials, with its range and the count of trials that had
   * it: {@code 0.42 s (0.40–0.45)}, {@code 812 MiB [2 of 3]}, or {@link #NOT_MEASURED}.
   */
  static String figure(
      List<TrialResult> rs, Function<TrialCost, Double> f, DoubleFunction<String> unit) {
    List<Double> v =
        new ArrayList<>(
            rs.stream().map(TrialResult::cost).filter(Objects::nonNull).map(f).toList());
    v.removeIf(Objects::isNull);
    if (v.isEmpty()) {
      return NOT_MEASURED;
    }
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    String s = unit.apply(median);
    String lo = unit.apply(v.get(0));
    String hi = unit.apply(v.get(n - 1));
    if (!lo.equals(hi)) {
      // the range without the unit: "0.42 s (0.40–0.45)"
      s += " (" + bare(lo) + "–" + bare(hi) + ")";
    }
    if (n < rs.size()) {
      s += " [" + n + " of " + rs.size() + "]";
    }
    return s;
  }

  private static String bare(String withUnit) {
    int space = withUnit.indexOf(' ');
    return space < 0 ? withUnit : withUnit.substring(0, space);
  }

  /** CPU-seconds with two decimals: {@code 0.42 s}. */
  static String secs(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  /** Bytes as whole MiB: {@code 812 MiB}. */
  static String mib(double bytes) {
    return Math.round(bytes / (1024.0 * 1024.0)) + " MiB";
  }

  /** A count or rate, rounded half up to a whole number. */
  static String whole(double v) {
    return String.valueOf(Math.round(v));
  }
}
