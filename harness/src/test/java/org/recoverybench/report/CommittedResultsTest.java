package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverybench.lab.Dist;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * Every committed results directory ({@code results/<name>/} with a {@code run.json}): its report
 * must be exactly what the code makes of the result files beside it, and its figures must match
 * those files when read independently.
 */
class CommittedResultsTest {
  /**
   * {@code results/<name>/} with a {@code run.json}, and {@code results/<name>/<part>/} with one
   * where {@code results/<name>/} is a container of parts (no report of its own, unlike a merged
   * directory such as {@code results/soak/}, whose sources have no report).
   */
  static List<Path> committed() throws IOException {
    Path results = Dist.home().resolve("results");
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(results)) {
      for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(d.resolve("run.json"))) {
          out.add(d);
        } else if (!Files.exists(d.resolve(Report.MARKDOWN))) {
          try (Stream<Path> parts = Files.list(d)) {
            parts.filter(p -> Files.exists(p.resolve("run.json"))).sorted().forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  static Stream<Path> dirs() throws IOException {
    List<Path> dirs = committed();
    assertThat(dirs).as("committed results under results/").isNotEmpty();
    return dirs.stream();
  }

  @ParameterizedTest
  @MethodSource("dirs")
  void theCommittedReportIsWhatTheResultFilesGive(Path dir) throws IOException {
    assertThat(Files.readString(dir.resolve("run.json")))
        .as("run.json names the command that produced the results")
        .containsPattern("\"command\" : \"recoverybench [a-z]+ ");
    assertThat(dir.resolve(Report.MARKDOWN)).exists();
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN)))
        .as("%s/report.md is what `recoverybench report` makes of its files", dir)
        .isEqualTo(Report.markdown(dir));
  }

  /**
   * Committed merged results: {@code results/<name>/} with no {@code run.json} of its own, merged
   * by {@code recoverybench report A B … --out results/<name>} from the results directories that
   * its {@code sources.txt} lists (one repository-relative path a line, in order), or else from its
   * own subdirectories that hold a {@code run.json}, in name order.
   */
  static Stream<Path> mergedDirs() throws IOException {
    Path results = Dist.home().resolve("results");
    try (Stream<Path> s = Files.list(results)) {
      return s
          .filter(d -> !Files.exists(d.resolve("run.json")))
          .filter(d -> Files.exists(d.resolve(Report.MARKDOWN))) // not a container of parts
          .filter(d -> !sourcesOf(d).isEmpty())
          .sorted()
          .toList()
          .stream();
    }
  }

  static List<Path> sourcesOf(Path dir) {
    Path listed = dir.resolve("sources.txt");
    try {
      if (Files.exists(listed)) {
        return Files.readAllLines(listed).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> Dist.home().resolve(l))
            .toList();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(d -> Files.exists(d.resolve("run.json"))).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @ParameterizedTest
  @MethodSource("mergedDirs")
  void aCommittedMergedReportIsWhatItsSourcesGive(Path dir) throws IOException {
    List<Path> sources = sourcesOf(dir);
    assertThat(sources).as("the results directories merged into %s", dir).hasSizeGreaterThan(1);
    for (Path src : sources) {
      assertThat(Files.readString(src.resolve("run.json")))
          .as("%s/run.json names the command that produced the results", src)
          .containsPattern("\"command\" : \"recoverybench [a-z]+ ");
    }
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN)))
        .as("%s/report.md is what `recoverybench report` makes of %s", dir, sources)
        .isEqualTo(Report.markdown(sources, dir));
  }

  @Test
  void theReadmeShowsTheReferenceTableAsTheReportHasIt() throws IOException {
    String readme = Files.readString(Dist.home().resolve("README.md"));
    String start = "<!-- reference-table:start -->\n";
    String end = "<!-- reference-table:end -->";
    assertThat(readme).contains(start, end);
    String shown = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));
    String md = Files.readString(Dist.home().resolve("results/reference").resolve(Report.MARKDOWN));
    String section = md.substring(md.indexOf("\n## Results by scenario\n"));
    section = section.substring(0, section.indexOf("\n## ", 5));
    String table =
        section
            .lines()
            .filter(l -> l.startsWith("|"))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertThat(shown).isEqualTo(table);
    assertThat(readme).contains("](results/reference/charts/recovery.svg)");
  }

  /** Table rows of a report section, as cells. */
  static List<List<String>> rows(String md, String section) {
    String part = md.substring(md.indexOf("\n## " + section + "\n"));
    int next = part.indexOf("\n## ", 5);
    part = next < 0 ? part : part.substring(0, next);
    List<List<String>> out = new ArrayList<>();
    for (String line : part.split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| scenario |")) {
        String inner = line.substring(2, line.length() - 2);
        out.add(Arrays.stream(inner.split(" \\| ")).map(String::trim).toList());
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("dirs")
  void everyTrialRowMatchesItsResultFile(Path dir) throws IOException {
    String md = Files.readString(dir.resolve(Report.MARKDOWN));
    Map<String, TrialResult> byKey = new LinkedHashMap<>();
    for (Path f : ResultFiles.find(dir)) {
      TrialResult r = ResultFiles.read(f);
      byKey.put(
          r.scenario()
              + "|"
              + r.engine()
              + " / "
              + r.variant()
              + " / "
              + r.sinkMode()
              + "|"
              + r.trial(),
          r);
    }
    List<List<String>> rows = rows(md, "Every trial");
    assertThat(rows).hasSize(byKey.size());
    for (List<String> row : rows) {
      TrialResult r = byKey.get(row.get(0) + "|" + row.get(1) + "|" + row.get(2));
      assertThat(r).as("a result.json for %s", row).isNotNull();
      assertThat(row.subList(3, 9))
          .as("counts of %s", row)
          .containsExactly(
              String.valueOf(r.produced()),
              String.valueOf(r.rowsWritten()),
              String.valueOf(r.distinctWritten()),
              String.valueOf(r.lost()),
              String.valueOf(r.duplicatedIds()),
              String.valueOf(r.extraWrites()));
    }
  }

  @ParameterizedTest
  @MethodSource("dirs")
  void everySummaryRowHoldsTheMedianOfItsTrials(Path dir) throws IOException {
    String md = Files.readString(dir.resolve(Report.MARKDOWN));
    Map<String, List<TrialResult>> groups = new LinkedHashMap<>();
    for (Path f : ResultFiles.find(dir)) {
      TrialResult r = ResultFiles.read(f);
      groups
          .computeIfAbsent(
              r.scenario() + "|" + r.engine() + " / " + r.variant() + " / " + r.sinkMode(),
              k -> new ArrayList<>())
          .add(r);
    }
    List<List<String>> rows = rows(md, "Results by scenario");
    assertThat(rows).hasSize(groups.size());
    for (List<String> row : rows) {
      List<TrialResult> trials = groups.get(row.get(0) + "|" + row.get(1));
      assertThat(trials).as("results for %s", row).isNotNull();
      assertThat(row.get(2)).isEqualTo(String.valueOf(trials.size()));
      assertThat(leading(row.get(3)))
          .as("lost of %s", row)
          .isEqualTo(middle(trials.stream().map(TrialResult::lost).toList()));
      assertThat(leading(row.get(4)))
          .as("duplicated ids of %s", row)
          .isEqualTo(middle(trials.stream().map(TrialResult::duplicatedIds).toList()));
    }
  }

  private static long leading(String cell) {
    return Long.parseLong(cell.split(" ")[0]);
  }

  /** The median of an odd count, or the rounded mean of the middle two. */
  private static long middle(List<Long> values) {
    long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return v.length % 2 == 1
        ? v[v.length / 2]
        : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2.0);
  }
}
