package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.Decision;
import org.recoverybench.decision.DecisionRules;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Outcome;
import org.recoverybench.decision.Rule;

/**
 * "Decision record": context, options, the stated rules, what ruled each option out under each
 * fault class, the ranking of the options left, the decision with what would change it, and its
 * risks. The decision is {@link DecisionRules}'s; this class only writes it down.
 */
final class DecisionSection {
  private DecisionSection() {}

  static void write(Doc d, ReportModel m, GridModel g, Decision dec) {
    d.h(2, "Decision record");
    context(d, m);
    options(d, g);
    d.h(3, "Rules");
    List<String> rules = new ArrayList<>();
    for (Rule r : DecisionRules.RULES) {
      rules.add("**" + r.id() + "**: " + r.text());
    }
    d.bullets(rules);
    if (FirstScreen.undecidable(g)) {
      d.h(3, "Decision");
      d.p(
          "**No decision from these results**: no trial ran one fault class of the grid on its"
              + " own, so the rules above have nothing to judge an option on.");
      return;
    }
    perFaultClass(d, g);
    ranking(d, dec);
    decision(d, g, dec);
  }

  private static void context(Doc d, ReportModel m) {
    d.h(3, "Context");
    d.p(
        "A Spark Streaming (DStream) app reads Kafka with `KafkaUtils.createDirectStream`,"
            + " checkpoints with `ssc.checkpoint(…)` and writes every record to PostgreSQL. The"
            + " question is what each option does to the data when a process dies, a server is"
            + " unreachable or the job is restarted, measured here on "
            + m.scenarios().size()
            + " scenarios ("
            + String.join(", ", m.scenarios())
            + ") with up to "
            + m.maxTrials()
            + (m.maxTrials() == 1 ? " trial" : " trials")
            + " each.");
  }

  private static void options(Doc d, GridModel g) {
    d.h(3, "Options");
    List<String> items = new ArrayList<>();
    for (Option o : g.grid().columns()) {
      items.add(
          "**"
              + o.label()
              + "** (`"
              + o.engine()
              + " / "
              + o.variant()
              + " / "
              + o.sinkMode()
              + "`): "
              + String.join("; ", o.production())
              + (o.idempotentWrites() ? " (declares idempotent writes)" : "")
              + ".");
    }
    d.bullets(items);
  }

  /** One row per fault class, one column per option: which rule the cell triggers. */
  private static void perFaultClass(Doc d, GridModel g) {
    d.h(3, "What ruled each option out, per fault class");
    List<Option> cols = g.grid().columns();
    List<String> header = new ArrayList<>(List.of("fault class"));
    cols.forEach(o -> header.add(o.label()));
    List<Boolean> right = header.stream().map(h -> false).toList();
    List<List<String>> rows = new ArrayList<>();
    for (FaultClass c : g.grid().rows()) {
      List<String> row = new ArrayList<>(List.of(c.label()));
      for (Option o : cols) {
        row.add(verdict(g.grid().cell(c, o)));
      }
      rows.add(row);
    }
    d.table(header, right, rows);
  }

  /** What the rules make of one cell, under the default assumptions. */
  static String verdict(Cell c) {
    if (!c.applicable()) {
      return "n/a";
    }
    if (c.trials().isEmpty()) {
      return "not run";
    }
    int n = c.completed().size();
    if (n == 0) {
      return "no evidence: every trial failed";
    }
    List<String> v = new ArrayList<>();
    int loss =
        (int)
            c.completed().stream()
                .filter(t -> t.outcomes().stream().anyMatch(Outcome::isLoss))
                .count();
    if (loss > 0) {
      v.add("**out** (no-loss): lost ids in " + loss + " of " + n);
    }
    int dup = c.count(Outcome.DUPLICATED);
    if (dup > 0) {
      v.add(
          c.option().idempotentWrites()
              ? "duplicates in " + dup + " of " + n + ", accepted: idempotent writes"
              : "**out** (duplicates): ids written twice in " + dup + " of " + n);
    }
    int halted = c.count(Outcome.HALTED);
    if (halted > 0) {
      v.add("operator step (halts) in " + halted + " of " + n + ": see [Operations](#operations)");
    }
    if (c.failedTrials() > 0) {
      v.add(c.failedTrials() + " failed trial(s), no evidence");
    }
    return v.isEmpty() ? "passes" : String.join("; ", v);
  }

  private static void ranking(Doc d, Decision dec) {
    d.h(3, "Ranking of the options left");
    if (dec.ranking().isEmpty()) {
      d.p("No option is left to rank: every one was ruled out (below).");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    int i = 1;
    for (Decision.Ranked r : dec.ranking()) {
      rows.add(
          List.of(
              String.valueOf(i++),
              r.option().label(),
              String.valueOf(r.haltingClasses()),
              Format.secs(r.recoveryMs()),
              Format.secs(r.latencyP99Ms()),
              r.cpuMsPer1000() == null ? "not measured" : Format.secs(r.cpuMsPer1000())));
    }
    d.table(
        List.of(
            "rank",
            "option",
            "fault classes needing an operator",
            "first write after worker + coordinator loss (medians)",
            "p99 latency, no fault",
            "CPU per 1,000 records"),
        List.of(true, false, true, true, true, true),
        rows);
  }

  private static void decision(Doc d, GridModel g, Decision dec) {
    d.h(3, "Decision");
    if (dec.recommended() == null) {
      d.p("**No option is left** under these rules and these results.");
    } else {
      d.p(
          "**Recommended: "
              + dec.recommended().label()
              + "**, "
              + assuming(dec.assumptions())
              + ".");
      d.bullets(dec.reasons());
    }
    List<String> out = new ArrayList<>();
    dec.disqualified()
        .forEach(
            (id, reasons) ->
                out.add("**" + label(id) + "** is out: " + String.join("; ", reasons) + "."));
    if (!out.isEmpty()) {
      d.p("Ruled out:");
      d.bullets(out);
    }
    d.h(3, "What would change the decision");
    d.bullets(dec.flips());
    if (dec.recommended() != null) {
      d.h(3, "Risks of the recommended option");
      List<String> risks = new ArrayList<>(dec.risks());
      FirstScreen.ownRisks(g, dec).stream()
          .map(r -> Character.toUpperCase(r.charAt(0)) + r.substring(1) + ".")
          .forEach(risks::add);
      if (risks.isEmpty()) {
        risks.add("None recorded beyond the limits of this lab (under Methodology).");
      }
      d.bullets(risks);
    }
  }

  /** The assumptions a decision was made under, in words. */
  static String assuming(org.recoverybench.decision.Assumptions a) {
    return "assuming "
        + (a.idempotentConsumers()
            ? "consumers that tolerate an id written twice"
            : "consumers that do not tolerate an id written twice")
        + (a.haltsAcceptable()
            ? ", an operator on call when a pipeline halts"
            : ", nobody on call when a pipeline halts")
        + (a.latencyFirst() ? " and latency before recovery time" : "");
  }

  static String label(String optionId) {
    return org.recoverybench.decision.Options.DEFAULT
        .byId(optionId)
        .map(Option::label)
        .orElse(optionId);
  }
}
