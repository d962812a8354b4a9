package org.recoverybench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's documents stand on their own: nothing refers to design notes outside the
 * repository (its own {@code docs/} is their home), and every relative link of the README and of
 * {@code docs/} leads to a file that exists (and, for a heading anchor, to a heading that exists).
 */
class DocsTest {
  /** What a file of the repository must not name: notes that live outside it. */
  static final List<String> OUTSIDE =
      List.of("DESIGN" + ".md", "ORIGINAL_APP" + ".md", "STACK" + ".md", ".." + "/shared");

  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "results", "work");

  /** The repository's root: the harness module's parent. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isRegularFile(here.resolve("harness/pom.xml")) ? here : here.getParent();
  }

  /** The tracked files (git ls-files), else every file outside build output; not results/. */
  static List<Path> trackedFiles(Path root) throws IOException, InterruptedException {
    List<Path> files = new ArrayList<>();
    if (Files.exists(root.resolve(".git"))) {
      Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile()).start();
      byte[] out = git.getInputStream().readAllBytes();
      if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
        for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
          if (!f.isEmpty() && !f.startsWith("results/")) {
            files.add(root.resolve(f));
          }
        }
        return files;
      }
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile)
          .filter(p -> root.relativize(p).getNameCount() > 0)
          .filter(
              p -> {
                for (Path part : root.relativize(p)) {
                  if (SKIPPED_DIRS.contains(part.toString())) {
                    return false;
                  }
                }
                return true;
              })
          .forEach(files::add);
    }
    return files;
  }

  /** The lines of a file that name something outside the repository, as {@code path:line: text}. */
  static List<String> outsideReferences(Path root, Path file) throws IOException {
    List<String> hits = new ArrayList<>();
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      if (b == 0) {
        return hits; // binary
      }
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      for (String name : OUTSIDE) {
        if (lines[i].contains(name)) {
          hits.add(root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    return hits;
  }

  /** The link targets of a Markdown text, outside fenced code blocks. */
  static List<String> links(String markdown) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
  static String anchor(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }

  /** The anchors of a Markdown file's headings. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.startsWith("#")) {
        out.add(anchor(line.replaceFirst("^#+\\s*", "")));
      }
    }
    return out;
  }

  /** What is wrong with each relative link of one Markdown file; empty if nothing. */
  static List<String> brokenLinks(Path root, Path file) throws IOException {
    List<String> broken = new ArrayList<>();
    String text = Files.readString(file);
    for (String target : links(text)) {
      if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
        continue; // http:, https:, mailto:
      }
      String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
      String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
      Path to = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      String where = root.relativize(file) + ": " + target;
      if (!to.startsWith(root) || !Files.exists(to)) {
        broken.add(where + " (no such file)");
      } else if (fragment != null
          && to.toString().endsWith(".md")
          && !anchors(Files.readString(to)).contains(fragment)) {
        broken.add(where + " (no such heading)");
      }
    }
    return broken;
  }

  @Test
  void nothingRefersToNotesOutsideTheRepository() throws Exception {
    Path root = root();
    List<Path> files = trackedFiles(root);
    assertThat(files).contains(root.resolve("README.md"), root.resolve("docs/design.md"));
    List<String> hits = new ArrayList<>();
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        hits.addAll(outsideReferences(root, f));
      }
    }
    assertThat(hits).isEmpty();
  }

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAFile() throws IOException {
    Path root = root();
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertThat(docs)
        .contains(
            root.resolve("docs/README.md"),
            root.resolve("docs/design.md"),
            root.resolve("docs/original-app.md"));
    List<String> broken = new ArrayList<>();
    for (Path d : docs) {
      broken.addAll(brokenLinks(root, d));
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void linksAreFoundOutsideCodeAndAnchorsAsGitHubMakesThem() {
    String md =
        "# The result.json contract\n"
            + "See [the design](docs/design.md#the-sink-contract) and ![a chart](charts/a.svg).\n"
            + "`[not a link](x.md)` and [web](https://example.org/a).\n"
            + "```\n[in code](nowhere.md)\n```\n"
            + "## Existing infrastructure: Kafka, S3, PostgreSQL\n";
    assertThat(links(md))
        .containsExactly(
            "docs/design.md#the-sink-contract", "charts/a.svg", "https://example.org/a");
    assertThat(anchors(md))
        .containsExactlyInAnyOrder(
            "the-resultjson-contract", "existing-infrastructure-kafka-s3-postgresql");
  }

  @Test
  void aBrokenLinkAndAMissingHeadingAreBothReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.md"), "# Top\n[ok](b.md#there) [gone](c.md) [no](b.md#x)\n");
    Files.writeString(dir.resolve("b.md"), "## There\n[up](a.md#top)\n");
    assertThat(brokenLinks(dir, dir.resolve("a.md")))
        .containsExactly("a.md: c.md (no such file)", "a.md: b.md#x (no such heading)");
    assertThat(brokenLinks(dir, dir.resolve("b.md"))).isEmpty();
    Files.writeString(dir.resolve("c.md"), "notes in " + OUTSIDE.get(0) + "\n");
    assertThat(outsideReferences(dir, dir.resolve("c.md")))
        .containsExactly("c.md:1: notes in " + OUTSIDE.get(0));
  }
}
