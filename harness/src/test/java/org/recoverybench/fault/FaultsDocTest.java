package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/faults.md lists exactly the registered fault types, each as the registry defines it. */
class FaultsDocTest {
  private static final Path DOC =
      Path.of(System.getProperty("user.dir")).getParent().resolve("docs/faults.md");

  /** The table's rows: type, class, engines, S3 proxy, HDFS, what it does. */
  private static List<List<String>> rows() throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("| `")) {
        List<String> cells = new ArrayList<>();
        for (String c : line.substring(1, line.length() - 1).split("\\|")) {
          cells.add(c.strip().replace("`", ""));
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  @Test
  void theTableListsExactlyTheRegisteredTypesInTheirOrder() throws IOException {
    List<String> documented = rows().stream().map(r -> r.get(0)).toList();
    assertThat(documented)
        .containsExactlyElementsOf(FaultTypes.ALL.stream().map(FaultType::name).toList());
    assertThat(documented).hasSize(17);
  }

  @Test
  void eachRowGivesTheTypesClassEnginesProxyAndHdfs() throws IOException {
    for (List<String> row : rows()) {
      FaultType t = FaultTypes.of(row.get(0));
      assertThat(row.get(1)).as(row.get(0)).isEqualTo(t.getClass().getSimpleName());
      assertThat(Set.of(row.get(2).split(", "))).as(row.get(0)).isEqualTo(t.engines());
      assertThat(row.get(3)).as(row.get(0)).isEqualTo(t.needsS3Proxy() ? "yes" : "no");
      assertThat(row.get(4)).as(row.get(0)).isEqualTo(t.runsWithHdfs() ? "yes" : "no");
      assertThat(row.get(5)).as(row.get(0)).isNotBlank();
    }
  }

  @Test
  void theRegistryNamesEachTypeOnce() {
    assertThat(new TreeSet<>(FaultTypes.names())).hasSize(FaultTypes.ALL.size());
  }
}
