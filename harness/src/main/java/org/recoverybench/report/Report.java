package org.recoverybench.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.decision.DecisionRules;
import org.recoverybench.lab.Dist;
import org.recoverybench.result.BenchResult;

/**
 * The architecture decision report of a results directory: {@code report.md}, a self-contained
 * {@code report.html}, and the charts in {@code charts/}. Every figure is read from the {@code
 * result.json} and {@code history.jsonl} files under the directory; every verdict comes from a
 * {@link Claim}, the decision from {@link DecisionRules}. Each section is its own class; this one
 * puts them in order and writes the files.
 */
public final class Report {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String CHARTS = "charts";

  /** The link to the repository's {@code docs/} from a report under {@code results/<name>/}. */
  static final String DOCS = "../../docs/";

  private Report() {}

  /** Writes the report files into {@code dir} and returns the path of {@code report.md}. */
  public static Path write(Path dir) {
    return write(List.of(dir), dir);
  }

  /**
   * Writes the report of one or several results directories into {@code dir} (see {@link
   * MergedResults} for how several are merged) and returns the path of {@code report.md}.
   */
  public static Path write(List<Path> sources, Path dir) {
    Doc doc = build(MergedResults.load(sources), bench(sources), docs(dir));
    try {
      Path charts = dir.resolve(CHARTS);
      Files.createDirectories(charts);
      for (Doc.Block b : doc.blocks()) {
        if (b instanceof Doc.Image i) {
          Files.writeString(dir.resolve(i.file()), i.svg(), StandardCharsets.UTF_8);
        }
      }
      Files.writeString(dir.resolve(MARKDOWN), doc.markdown(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(HTML), doc.html(verdictCss()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
    return dir.resolve(MARKDOWN);
  }

  /** The bench result of the first directory that holds one, or null. */
  private static BenchResult bench(List<Path> sources) {
    for (Path p : sources) {
      BenchResult b = BenchSection.load(p);
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  /**
   * The Markdown text of the report of several results directories merged into {@code dir}, without
   * writing anything.
   */
  public static String markdown(List<Path> sources, Path dir) {
    return build(MergedResults.load(sources), bench(sources), docs(dir)).markdown();
  }

  /** The Markdown text of the report of {@code dir}, without writing anything. */
  public static String markdown(Path dir) {
    return build(ReportModel.load(dir), BenchSection.load(dir), docs(dir)).markdown();
  }

  /** How many trials under {@code dir} failed: an {@code error.txt} and no {@code result.json}. */
  public static int failedTrials(Path dir) {
    return FailedTrial.find(dir).size();
  }

  /**
   * The repository's {@code docs/} relative to a report in {@code dir}: {@code ../../docs/} for a
   * committed results directory, so that the links work in a clone and on the web.
   */
  static String docs(Path dir) {
    Path docs = Dist.home().resolve("docs");
    String rel = dir.toAbsolutePath().normalize().relativize(docs).toString();
    return rel.replace(File.separatorChar, '/') + "/";
  }

  static Map<String, String> verdictCss() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      m.put(v.label, v.css);
    }
    return m;
  }

  static Doc build(ReportModel m) {
    return build(m, null, DOCS);
  }

  static Doc build(ReportModel m, BenchResult bench, String docs) {
    if (m.groups().isEmpty() && bench == null) {
      // every trial failed: the failures alone
      Doc d = new Doc("recoverybench: what happens to the data when the streaming job fails");
      d.p(producedBy(m));
      FailedTrialsSection.write(d, m);
      return d;
    }
    if (m.groups().isEmpty() && bench != null) {
      // a bench run without its recovery phase: the figures alone
      Doc d = new Doc("recoverybench: benchmark");
      BenchSection.write(d, bench);
      return d;
    }
    Doc d = new Doc("recoverybench: what happens to the data when the streaming job fails");
    GridModel grid = GridModel.of(m);
    org.recoverybench.decision.Decision decision = DecisionRules.decide(grid.grid());
    FirstScreen.write(d, m, grid, decision);
    d.p(producedBy(m));
    List<String> targets = m.groups().stream().map(ReportModel.Group::target).distinct().toList();
    List<ClaimRow> claims = Claims.evaluate(m);
    List<Decision.Option> options = Decision.options(m);

    KeyFindingsSection.write(d, options, claims);
    GridSection.write(d, grid);
    PairedSection.write(d, grid);
    SummarySection.write(d, m);
    FaultOutcomesSection.write(d, m);
    StateSection.write(d, m);
    ChartsSection.write(d, m, targets);
    ResourcesSection.write(d, m, targets);
    CostSection.write(d, m);
    if (bench != null) {
      BenchSection.write(d, bench);
    }
    ClaimsSection.write(d, m, claims, docs);
    DecisionSection.write(d, m, grid, decision);
    OperationsSection.write(d, grid);
    MethodologySection.write(d, m, docs);
    TrialsSection.write(d, m);
    PhasesSection.write(d, m, docs);
    FailedTrialsSection.write(d, m);
    return d;
  }

  /** The workload's length, as set and as run: records, rate, seconds of production. */
  private static String workload(ReportModel m) {
    return "Workload: " + String.join("; ", Workload.of(m)) + "; " + Workload.asRun(m) + ".";
  }

  private static String producedBy(ReportModel m) {
    if (m.sources().size() > 1) {
      return "Merged from "
          + m.sources().size()
          + " results directories ("
          + String.join(", ", m.sources().stream().map(s -> "`" + s.shown() + "`").toList())
          + "; their commands are listed under [Methodology](#methodology)). "
          + m.groups().size()
          + " scenario/target pairs, up to "
          + m.maxTrials()
          + (m.maxTrials() == 1 ? " trial" : " trials")
          + " each. "
          + workload(m)
          + " Regenerate this report with `./recoverybench report DIR… --out DIR`; every"
          + " figure below is read from the `result.json` and `history.jsonl` files of those"
          + " directories."
          + (m.failures().isEmpty()
              ? ""
              : " "
                  + m.trialCount()
                  + " trials, "
                  + m.failures().size()
                  + " failed: see [Failed trials](#failed-trials).");
    }
    String first = m.allResults().isEmpty() ? "" : m.allResults().get(0).command();
    String command = String.valueOf(m.run().getOrDefault("command", first));
    return "Produced by `"
        + command
        + "`"
        + (m.run().containsKey("started_at") ? ", started " + m.run().get("started_at") : "")
        + ". "
        + m.groups().size()
        + " scenario/target pairs, "
        + m.maxTrials()
        + (m.maxTrials() == 1 ? " trial" : " trials")
        + " each. "
        + workload(m)
        + " Regenerate this report with `./recoverybench report DIR`; every figure below"
        + " is read from the `result.json` and `history.jsonl` files beside it."
        + (m.failures().isEmpty()
            ? ""
            : " "
                + m.trialCount()
                + " trials, "
                + m.failures().size()
                + " failed: see [Failed trials](#failed-trials).");
  }
}
