package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's table of the job's options restates {@code --help}; this test holds it to it: the
 * same options, and for each the default that {@code --help} gives ({@code required} for a required
 * option, {@code off} for a flag).
 */
class ReadmeOptionsTest {
  /** The line that introduces the table in the README. */
  static final String TABLE_INTRO =
      "Every option of the job (`--help` prints them; `ReadmeOptionsTest` holds this table to"
          + " `--help`):";

  private static final Pattern DEFAULT =
      Pattern.compile("default: (.+?)(?:\\)|\\.(?:\\s|$)|$)", Pattern.CASE_INSENSITIVE);

  /** The table's rows: option name (its first word) to the default column, as written. */
  static Map<String, String> readmeTable(List<String> lines) {
    int start = lines.indexOf(TABLE_INTRO);
    assertThat(start).as("the README has the job's options table").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank() && !rows.isEmpty()) {
        break;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 4 || !cells[1].strip().startsWith("`--")) {
        continue;
      }
      String option = cells[1].strip().replace("`", "").split("\\s+")[0];
      rows.put(option, cells[2].strip());
    }
    return rows;
  }

  /** What {@code --help} gives as the option's default. */
  static String helpDefault(OptionSpec o) {
    if (o.required()) {
      return "required";
    }
    if (o.arity().max() == 0) {
      return "off";
    }
    String description = String.join(" ", o.renderedDescription()).replaceAll("\\s+", " ");
    int at = description.toLowerCase(Locale.ROOT).lastIndexOf("default: ");
    assertThat(at).as("--help states a default for %s", o.longestName()).isNotNegative();
    Matcher m = DEFAULT.matcher(description.substring(at));
    assertThat(m.find()).isTrue();
    return m.group(1).strip();
  }

  /**
   * Whether the README's default cell says what {@code --help} says: the same text without the
   * backticks, or (for a default {@code --help} words as a sentence) each of its code spans, a
   * leading {@code $} dropped, as a word of it.
   */
  static boolean sameDefault(String readme, String help) {
    if (readme.replace("`", "").equals(help)) {
      return true;
    }
    Matcher code = Pattern.compile("`([^`]+)`").matcher(readme);
    List<String> spans = new ArrayList<>();
    while (code.find()) {
      spans.add(code.group(1).replaceFirst("^\\$", ""));
    }
    return !spans.isEmpty()
        && spans.stream()
            .allMatch(
                s ->
                    Pattern.compile("(?<![\\w-])" + Pattern.quote(s) + "(?![\\w-])")
                        .matcher(help)
                        .find());
  }

  @Test
  void theReadmeTableListsEveryOptionOfHelpWithItsDefault() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    Map<String, String> table = readmeTable(readme);
    Map<String, String> help = new LinkedHashMap<>();
    for (OptionSpec o : new CommandLine(new JobOptions()).getCommandSpec().options()) {
      if (!o.hidden() && !o.usageHelp() && !o.versionHelp()) {
        help.put(o.longestName(), helpDefault(o));
      }
    }
    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(help.keySet());
    List<String> wrong = new ArrayList<>();
    help.forEach(
        (option, def) -> {
          if (!sameDefault(table.get(option), def)) {
            wrong.add(option + ": README says " + table.get(option) + ", --help says " + def);
          }
        });
    assertThat(wrong).isEmpty();
  }

  @Test
  void aDefaultIsComparedAsWrittenOrByItsCodeSpans() {
    assertThat(sameDefault("`60`", "60")).isTrue();
    assertThat(sameDefault("`10`", "60")).isFalse();
    assertThat(sameDefault("`6`", "60")).isFalse();
    assertThat(sameDefault("`$JDBC_USER`, else `postgres`", "$JDBC_USER, else postgres")).isTrue();
    assertThat(
            sameDefault(
                "`$JDBC_PASSWORD`", "the variable JDBC_PASSWORD, which the TaskManagers must have"))
        .isTrue();
    assertThat(sameDefault("`committed`", "committed-earliest")).isFalse();
  }

  @Test
  void theHelpDefaultsAreReadFromTheRenderedDescriptions() {
    Map<String, String> byName = new LinkedHashMap<>();
    for (OptionSpec o : new CommandLine(new JobOptions()).getCommandSpec().options()) {
      if (!o.hidden() && !o.usageHelp() && !o.versionHelp()) {
        byName.put(o.longestName(), helpDefault(o));
      }
    }
    assertThat(byName)
        .containsEntry("--restart-attempts", "60")
        .containsEntry("--starting-offsets", "committed-earliest")
        .containsEntry("--jdbc-user", "$JDBC_USER, else postgres")
        .containsEntry("--bootstrap", "required")
        .containsEntry("--skip-preflight", "off")
        .containsEntry("--jdbc-batch-interval", "200ms");
  }
}
