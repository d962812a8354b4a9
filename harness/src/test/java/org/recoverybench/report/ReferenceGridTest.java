package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;

/**
 * Every cell of the committed reference's grid against the median and range this test computes
 * itself, with Jackson, straight from the {@code result.json} files: the grid the report renders
 * (through {@link ReportModel}, {@link GridModel} and {@link GridSection}) must give the same lost,
 * duplicated and recovery figures, cell by cell. A doctored copy with one figure changed in one
 * file must be caught in exactly that cell.
 */
class ReferenceGridTest {
  /** The committed reference, relative to the harness module (the tests' working directory). */
  static final Path REFERENCE = Path.of("../results/reference");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyCellOfTheReferenceIsTheMedianOfItsResultFiles() throws IOException {
    List<JsonNode> files = resultFiles(REFERENCE);
    GridModel grid = GridModel.of(ReportModel.load(REFERENCE));

    List<String> checked = new ArrayList<>();
    assertThat(mismatches(grid, files, checked)).as("cells that differ from the files").isEmpty();
    // every fault trial is in a cell: nothing left out of the grid unsaid
    long faultTrials =
        files.stream().filter(n -> !FaultClass.isBaseline(n.path("scenario").asText())).count();
    assertThat(faultTrials).isPositive();
    assertThat(grid.grid().unplaced()).isEmpty();
    int inCells = grid.grid().cells().values().stream().mapToInt(c -> c.completed().size()).sum();
    assertThat(inCells).isEqualTo(faultTrials);
    // worker loss and coordinator loss are cells of the reference, checked like the others
    assertThat(checked)
        .anyMatch(k -> k.startsWith("worker-loss|"))
        .anyMatch(k -> k.startsWith("coordinator-loss|"));
    assertThat(checked.size())
        .isEqualTo(
            (int)
                grid.grid().cells().values().stream()
                    .filter(c -> !c.completed().isEmpty())
                    .count());
  }

  @Test
  void aDoctoredResultFileIsCaughtInItsCell(@TempDir Path tmp) throws IOException {
    Path victim = null;
    for (Path f : paths(REFERENCE)) {
      Path rel = REFERENCE.relativize(f);
      Path copy = tmp.resolve(rel.toString());
      Files.createDirectories(copy.getParent());
      Files.copy(f, copy);
      JsonNode n = JSON.readTree(f.toFile());
      if (victim == null
          && FaultClass.ofScenario(n.path("engine").asText(), n.path("scenario").asText())
              .map(c -> c.id().equals("worker-loss"))
              .orElse(false)) {
        victim = copy;
      }
    }
    assertThat(victim).as("a worker-loss trial in the reference").isNotNull();
    ObjectNode doctored = (ObjectNode) JSON.readTree(victim.toFile());
    long lost = doctored.path("lost").asLong();
    doctored.put("lost", lost + 1_000_000);
    JSON.writeValue(victim.toFile(), doctored);

    // the grid of the doctored copy, against the figures of the untouched files
    GridModel grid = GridModel.of(ReportModel.load(tmp));
    List<String> found = mismatches(grid, resultFiles(REFERENCE), new ArrayList<>());

    String option = optionOf(grid, doctored).id();
    assertThat(found)
        .as("exactly the doctored cell's lost figure")
        .hasSize(2)
        .allMatch(s -> s.startsWith("worker-loss|" + option + " lost"));
  }

  /**
   * The differences between the grid and the files, one line each (cell key, figure, both values);
   * {@code checked} gets the key of every cell compared.
   */
  static List<String> mismatches(GridModel grid, List<JsonNode> files, List<String> checked) {
    Map<String, List<JsonNode>> byCell = new LinkedHashMap<>();
    for (JsonNode n : files) {
      String scenario = n.path("scenario").asText();
      if (FaultClass.isBaseline(scenario)) {
        continue;
      }
      FaultClass c =
          grid.grid().rows().stream()
              .filter(r -> r.carriedBy(n.path("engine").asText(), scenario))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no grid row for " + scenario));
      byCell.computeIfAbsent(c.id() + "|" + optionOf(grid, n).id(), k -> new ArrayList<>()).add(n);
    }
    List<String> out = new ArrayList<>();
    for (Cell cell : grid.grid().cells().values()) {
      String key = cell.faultClass().id() + "|" + cell.option().id();
      List<JsonNode> mine = byCell.getOrDefault(key, List.of());
      if (cell.completed().size() != mine.size()) {
        out.add(key + " trials: grid " + cell.completed().size() + ", files " + mine.size());
        continue;
      }
      if (mine.isEmpty()) {
        continue;
      }
      checked.add(key);
      String text = GridSection.text(cell);
      compare(out, key, "lost", mine, "lost", cell.lost(), String::valueOf, text);
      compare(
          out, key, "duplicated", mine, "duplicated_ids", cell.duplicated(), String::valueOf, text);
      compare(
          out,
          key,
          "first write",
          mine,
          "recovery_first_write_ms",
          cell.recovery(),
          ms -> String.format(Locale.ROOT, "%.1f", ms / 1000.0),
          text);
    }
    return out;
  }

  /**
   * One figure of a cell: the grid's spread and its rendered text against the median and range of
   * the files' field; a mismatch adds a line for the spread and one for the text.
   */
  private static void compare(
      List<String> out,
      String key,
      String label,
      List<JsonNode> files,
      String field,
      org.recoverybench.decision.Spread spread,
      Function<Long, String> f,
      String text) {
    List<Long> v = new ArrayList<>();
    for (JsonNode n : files) {
      if (n.hasNonNull(field)) {
        v.add(n.get(field).asLong());
      }
    }
    Collections.sort(v);
    Long median = null;
    Long min = null;
    Long max = null;
    if (!v.isEmpty()) {
      int k = v.size();
      median =
          k % 2 == 1
              ? v.get(k / 2)
              : (long) Math.floor((v.get(k / 2 - 1) + v.get(k / 2)) / 2.0 + 0.5);
      min = v.get(0);
      max = v.get(k - 1);
    }
    List<Long> want =
        List.of(
            Objects.requireNonNullElse(median, -1L),
            Objects.requireNonNullElse(min, -1L),
            Objects.requireNonNullElse(max, -1L),
            (long) v.size());
    List<Long> got =
        List.of(
            Objects.requireNonNullElse(spread.median(), -1L),
            Objects.requireNonNullElse(spread.min(), -1L),
            Objects.requireNonNullElse(spread.max(), -1L),
            (long) spread.present());
    if (!want.equals(got)) {
      out.add(key + " " + label + ": grid " + got + ", files " + want);
    }
    String shown = rendered(label, median, min, max, v.size(), files.size(), f);
    String line =
        Stream.of(text.split(Doc.LINE, -1))
            .filter(l -> l.startsWith(label + " "))
            .findFirst()
            .orElse("(none)");
    if (!line.equals(shown)) {
      out.add(key + " " + label + " text: grid \"" + line + "\", files \"" + shown + "\"");
    }
  }

  /** How the grid's cell must show a figure: {@code lost 2417 (2390–2469)}, seconds with " s". */
  private static String rendered(
      String label,
      Long median,
      Long min,
      Long max,
      int present,
      int trials,
      Function<Long, String> f) {
    boolean secs = label.equals("first write");
    if (median == null) {
      return label + " –";
    }
    String s = label + " " + f.apply(median);
    if (!f.apply(min).equals(f.apply(max))) {
      s += " (" + f.apply(min) + "–" + f.apply(max) + ")";
    }
    if (present < trials) {
      s += " [" + present + " of " + trials + "]";
    }
    return secs ? s + " s" : s;
  }

  /** The registered option a result file belongs to, matched on its raw fields. */
  private static Option optionOf(GridModel grid, JsonNode n) {
    JsonNode settings = n.path("settings");
    String offsets = settings.path("starting_offsets").asText("engine-default");
    boolean supervised =
        settings.path("driver_restarts").asLong(0) > 0
            || n.path("faults").findValuesAsText("behaviour").stream()
                .anyMatch(b -> b.contains("supervised_restarts"));
    return grid.grid().columns().stream()
        .filter(
            o ->
                o.matches(
                    n.path("engine").asText(),
                    n.path("variant").asText(),
                    n.path("sink_mode").asText(),
                    offsets,
                    supervised))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no option for " + n.path("run_id").asText()));
  }

  static List<Path> paths(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList();
    }
  }

  static List<JsonNode> resultFiles(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Path p : paths(dir)) {
      out.add(JSON.readTree(p.toFile()));
    }
    assertThat(out).as("result.json files under %s", dir).isNotEmpty();
    return out;
  }
}
