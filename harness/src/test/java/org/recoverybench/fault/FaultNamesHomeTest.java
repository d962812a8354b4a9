package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fault type's name is spelled, as a string literal, only in the file that defines the type:
 * searching the harness's main code for a name finds its definition, and the code elsewhere refers
 * to the typed constant ({@code Kill.DRIVER.name()}). The registry, {@link FaultTypes}, lists the
 * constants and spells no name.
 */
class FaultNamesHomeTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path FAULT = MAIN.resolve("org/recoverybench/fault");

  /** Every main source file, relative to src/main/java, with its text. */
  private static Map<String, String> sources() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        out.put(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f));
      }
    }
    return out;
  }

  private static String home(FaultType t) {
    return MAIN.relativize(FAULT.resolve(t.getClass().getSimpleName() + ".java"))
        .toString()
        .replace('\\', '/');
  }

  @Test
  void eachNameIsSpelledOnlyInTheFileDefiningItsType() throws IOException {
    Map<String, String> sources = sources();
    assertThat(sources).hasSizeGreaterThan(100);
    for (FaultType t : FaultTypes.ALL) {
      String literal = "\"" + t.name() + "\"";
      Set<String> spelledIn = new TreeSet<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        if (e.getValue().contains(literal)) {
          spelledIn.add(e.getKey());
        }
      }
      assertThat(spelledIn).as(literal).containsExactly(home(t));
    }
  }

  @Test
  void theRegistrySpellsNoName() throws IOException {
    String registry = Files.readString(FAULT.resolve("FaultTypes.java"));
    for (String name : FaultTypes.names()) {
      assertThat(registry).doesNotContain("\"" + name + "\"");
    }
    assertThat(FaultTypes.names()).hasSize(17);
  }
}
