package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "Decision record": context, options, drivers, figures per option, the decision and its
 * consequences. Which option qualifies is {@link Decision}'s; this class only writes it down.
 */
final class DecisionSection {
  private DecisionSection() {}

  private static final Map<String, String> OPTION_TEXT =
      Map.of(
          "spark/as-written",
          "keep the app as written: a new `StreamingContext` on every start; `ssc.checkpoint` is"
              + " set but never read back",
          "spark/recoverable",
          "Spark with `StreamingContext.getOrCreate(checkpointDir, …)`: a restart rebuilds the"
              + " context and its pending batches from the checkpoint",
          "spark/transactional",
          "Spark storing each partition's records and its offsets in one database transaction"
              + " (Spark's Kafka guide, \"your own data store\")",
          "flink/datastream",
          "the Flink DataStream port: Kafka source, checkpoints on S3 with RocksDB, and the"
              + " chosen JDBC sink mode");

  static void write(Doc d, ReportModel m, List<Decision.Option> options) {
    d.h(2, "Decision record");
    context(d, m);
    optionsAndDrivers(d, options);
    figures(d, options);
    decision(d, options, !m.failures().isEmpty());
    consequences(d, m, options);
  }

  private static void context(Doc d, ReportModel m) {
    d.h(3, "Context");
    d.p(
        "A Spark Streaming (DStream) app reads Kafka with `KafkaUtils.createDirectStream`,"
            + " checkpoints with `ssc.checkpoint(…)` and writes every record to PostgreSQL. The"
            + " question is what each engine does to the data when a process dies or is restarted,"
            + " measured here on "
            + m.scenarios().size()
            + " scenarios ("
            + String.join(", ", m.scenarios())
            + ") with "
            + m.maxTrials()
            + (m.maxTrials() == 1 ? " trial" : " trials")
            + " each.");
  }

  private static void optionsAndDrivers(Doc d, List<Decision.Option> options) {
    d.h(3, "Options");
    List<String> items = new ArrayList<>();
    for (Decision.Option o : options) {
      String[] parts = o.target().split(" / ");
      String key = parts[0] + "/" + parts[1];
      items.add(
          "**"
              + o.label()
              + "** (`"
              + o.target()
              + "`): "
              + OPTION_TEXT.getOrDefault(key, "as configured in its scenario files"));
    }
    d.bullets(items);
    d.h(3, "Decision drivers");
    d.bullets(
        List.of(
            "no id lost after any fault (a lost record is a silent data error downstream);",
            "no id written twice (a duplicate is a wrong count or a double charge unless every"
                + " consumer is idempotent);",
            "time from the fault to the first new write, and until the lag is back at baseline;",
            "end-to-end latency and throughput in normal running;",
            "checkpoint storage and whether it cleans itself up;",
            "what the option demands of the platform (e.g. PostgreSQL prepared transactions for"
                + " Flink's exactly-once sink)."));
  }

  private static void figures(Doc d, List<Decision.Option> options) {
    d.h(3, "Figures per option");
    List<List<String>> rows = new ArrayList<>();
    for (Decision.Option o : options) {
      boolean faced = o.facedFaults();
      rows.add(
          List.of(
              o.label(),
              o.faultScenarios().isEmpty() ? "none" : String.join(", ", o.faultScenarios()),
              o.faultTrialCount(),
              faced ? String.valueOf(o.maxLost()) : "–",
              faced ? String.valueOf(o.maxDuplicated()) : "–",
              faced ? o.recovery().seconds() : "–",
              o.baselineP50().seconds(),
              o.baselineThroughput().format(),
              o.baselineCheckpointBytes().kib()));
    }
    d.table(
        List.of(
            "option",
            "faults faced",
            "fault trials",
            "most ids lost in a trial",
            "most ids duplicated in a trial",
            "first write after fault",
            "p50 latency, no fault",
            "writes/s, no fault",
            "checkpoint KiB, no fault"),
        List.of(false, false, true, true, true, true, true, true, true),
        rows);
  }

  private static void decision(Doc d, List<Decision.Option> options, boolean anyFailed) {
    d.h(3, "Decision");
    List<Decision.Option> qualified = Decision.qualified(options);
    d.p(anyFailed ? Decision.RULE + " " + Decision.FAILED_RULE : Decision.RULE);
    if (qualified.isEmpty()) {
      d.p(
          "**No option qualified** in these results: each one lost or duplicated ids under at"
              + " least one fault"
              + (anyFailed ? ", or had a trial that failed" : "")
              + ". The figures above show which harm each option causes; the"
              + " choice is left to the reader.");
    } else if (qualified.size() == 1) {
      Decision.Option o = qualified.get(0);
      d.p(
          "**Recommended: "
              + o.label()
              + ".** It is the only option that lost nothing and duplicated nothing, over "
              + o.faultTrials()
              + " fault trials ("
              + String.join(", ", o.faultScenarios())
              + "); first write after the fault "
              + o.recovery().seconds()
              + ", p50 latency without faults "
              + o.baselineP50().seconds()
              + ".");
    } else {
      d.p(
          "**"
              + qualified.size()
              + " options qualified**: "
              + qualified.stream()
                  .map(
                      o ->
                          o.label()
                              + " ("
                              + o.faultTrials()
                              + " fault trials, first write after the fault "
                              + o.recovery().seconds()
                              + ", p50 latency "
                              + o.baselineP50().seconds()
                              + ")")
                  .collect(Collectors.joining("; "))
              + ". Between them the choice rests on recovery time, latency and what each asks of"
              + " the code and the platform (below); it is left to the reader.");
    }
  }

  private static void consequences(Doc d, ReportModel m, List<Decision.Option> options) {
    d.h(3, "Consequences");
    List<String> cons = new ArrayList<>();
    for (Decision.Option o : options) {
      if (!o.failures().isEmpty()) {
        cons.add(
            "**"
                + o.label()
                + "**: "
                + failed(o)
                + (o.facedFaults() ? consequence(o, m.rates()) : "no fault trial finished."));
      } else if (o.facedFaults()) {
        cons.add("**" + o.label() + "**: " + consequence(o, m.rates()));
      }
    }
    d.bullets(cons);
  }

  /** "**failed** in 1 trial (kill-driver trial 2: why); ", listing the first failure. */
  private static String failed(Decision.Option o) {
    FailedTrial f = o.failures().get(0);
    int n = o.failures().size();
    return "**failed** in "
        + n
        + (n == 1 ? " trial" : " trials")
        + " ("
        + f.scenario()
        + " trial "
        + f.trial()
        + ": "
        + Format.clip(f.reason())
        + (n > 1 ? "; see [Failed trials](#failed-trials)" : "")
        + "), so its harm there is unknown; ";
  }

  private static String consequence(Decision.Option o, String rates) {
    if (o.clean()) {
      return "no loss and no duplicates in "
          + o.faultTrials()
          + " fault trials; writes are visible after "
          + o.baselineP50().seconds()
          + " at p50 without faults"
          + (o.target().endsWith("exactly-once")
              ? "; an exactly-once sink commits with the checkpoint or batch, so latency"
                  + " follows the checkpoint interval, and the database must allow the"
                  + " transactions it keeps open"
              : "")
          + ".";
    }
    return "expect up to "
        + o.maxDuplicated()
        + " duplicated and "
        + o.maxLost()
        + " lost ids per fault at this rate ("
        + rates
        + " records/s); downstream consumers must tolerate "
        + (o.maxDuplicated() > 0 && o.maxLost() > 0
            ? "both"
            : o.maxDuplicated() > 0 ? "duplicates (e.g. an upsert keyed by id)" : "gaps")
        + ".";
  }
}
