package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * "Resources over time": for the long trials (a soak), the engine's memory and its checkpoint
 * storage in each five-minute window, so that growth shows as a rising column rather than hiding in
 * one end-of-trial figure. Trials shorter than {@link #LONG_MS} or without memory samples
 * (histories from before the engine's RSS was sampled) are left out.
 */
final class ResourcesSection {
  /** A trial this long or longer is shown. */
  static final long LONG_MS = 10 * 60_000L;

  /** The width of one window. */
  static final long WINDOW_MS = 5 * 60_000L;

  private ResourcesSection() {}

  static void write(Doc d, ReportModel m, List<String> targets) {
    List<List<String>> rows = new ArrayList<>();
    List<String> scenarios = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        if (!isLong(t)) {
          continue;
        }
        if (!scenarios.contains(g.scenario())) {
          scenarios.add(g.scenario());
        }
        rows.addAll(windows(g, t));
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    d.h(2, "Resources over time");
    d.p(
        "Long trials only. Each row is a five-minute window of the trial, from its start: the most"
            + " resident memory (RSS) the engine's processes held at once (summed over its"
            + " JobManager and TaskManagers, or its driver, Master, Worker and executors), and the"
            + " most bytes and objects under the trial's checkpoint prefix, from the once-a-second"
            + " samples. Storage that stays bounded levels off; a leak rises window after window.");
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "minutes",
            "RSS max (MiB)",
            "checkpoint storage max (MiB)",
            "objects max",
            "kills in window"),
        List.of(false, false, true, false, true, true, true, true),
        rows);
    for (String s : scenarios) {
      d.image(
          Report.CHARTS + "/resources-" + s + ".svg",
          "Memory and checkpoint storage over time, " + s,
          Charts.svg(Charts.resources(s, m.groupsOf(s), targets), Charts.WIDTH, 620));
    }
  }

  static boolean isLong(ReportModel.Trial t) {
    List<ReportModel.Sample> s = t.samples();
    return !s.isEmpty()
        && s.get(s.size() - 1).tMs() - s.get(0).tMs() >= LONG_MS
        && s.stream().anyMatch(x -> x.rssBytes() != null);
  }

  /** One row per five-minute window of one trial. */
  static List<List<String>> windows(ReportModel.Group g, ReportModel.Trial t) {
    List<List<String>> rows = new ArrayList<>();
    long end = t.samples().get(t.samples().size() - 1).tMs();
    for (long from = 0; from <= end; from += WINDOW_MS) {
      long lo = from;
      long hi = from + WINDOW_MS;
      List<ReportModel.Sample> in =
          t.samples().stream().filter(s -> s.tMs() >= lo && s.tMs() < hi).toList();
      if (in.isEmpty()) {
        continue;
      }
      long kills =
          t.result().faults() == null
              ? 0
              : t.result().faults().stream()
                  .filter(f -> f.startedAtMs() >= lo && f.startedAtMs() < hi)
                  .count();
      rows.add(
          List.of(
              g.scenario(),
              g.target(),
              String.valueOf(t.result().trial()),
              (lo / 60_000) + "–" + (hi / 60_000),
              mib(max(in, ReportModel.Sample::rssBytes)),
              mib(max(in, ReportModel.Sample::s3Bytes)),
              count(max(in, ReportModel.Sample::s3Objects)),
              String.valueOf(kills)));
    }
    return rows;
  }

  private static Long max(List<ReportModel.Sample> in, Function<ReportModel.Sample, Long> figure) {
    return in.stream().map(figure).filter(Objects::nonNull).max(Long::compare).orElse(null);
  }

  private static String mib(Long bytes) {
    return bytes == null ? "–" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024));
  }

  private static String count(Long n) {
    return n == null ? "–" : String.valueOf(n);
  }
}
